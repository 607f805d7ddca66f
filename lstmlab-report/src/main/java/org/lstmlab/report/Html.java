package org.lstmlab.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The two kinds of escaping a report needs: text into HTML, and JSON into a {@code <script>}
 * element.
 *
 * <p>Inside a script element the HTML parser ends the element at the first {@code </script} and
 * treats {@code <!--} specially, whatever the script's type, and JSON string escaping does not
 * touch either. So JSON for a page writes every {@code <}, {@code >} and {@code &} as a {@code
 * \u003c}-style escape: the JSON means the same to {@code JSON.parse}, and no user text can close
 * the element or open a comment (OWASP XSS prevention cheat sheet, rule 3.1).
 */
final class Html {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Html() {}

  /** {@code text} as HTML text or attribute value: &amp; &lt; &gt; &quot; &#39; escaped. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code node} as compact JSON that is safe inside a script element (see the class comment). */
  static String scriptJson(JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.setCharacterEscapes(new ScriptSafeEscapes());
      JSON.writeTree(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException("writing report data as JSON", e);
    }
    return out.toString();
  }

  /** The mapper that builds the data tree. */
  static ObjectMapper mapper() {
    return JSON;
  }

  /** Escapes {@code < > &} and the two JavaScript line terminators U+2028 and U+2029. */
  private static final class ScriptSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    ScriptSafeEscapes() {
      ascii = CharacterEscapes.standardAsciiEscapesForJSON();
      ascii['<'] = CharacterEscapes.ESCAPE_STANDARD;
      ascii['>'] = CharacterEscapes.ESCAPE_STANDARD;
      ascii['&'] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == 0x2028) {
        return new SerializedString("\\u2028");
      }
      if (ch == 0x2029) {
        return new SerializedString("\\u2029");
      }
      return null;
    }
  }
}
