package org.lstmlab.core.data;

import java.util.Locale;

/**
 * Makes text that came from an input (a CSV cell, a column name, a quiz's text, a file name) safe
 * to echo in a message: one line, printable, and short.
 *
 * <p>Control characters (C0, DEL, C1) and the Unicode controls that reorder or hide text on a
 * terminal (bidirectional overrides and isolates, line and paragraph separators, a lone surrogate)
 * are written as Java escapes ({@code \n}, {@code \t}, {@code \u001B}), so an escape sequence in a
 * file cannot clear the screen or change the terminal's title; a backslash stays a backslash.
 * Values are cut at a number of code points, ending with "…", so a 10 MB cell gives a line of
 * 60 characters rather than of 10 MB. Every message that echoes input goes through here: the CSV
 * reader's, the quiz validator's, and the command line's last line of defence.
 */
public final class Sanitizer {

  /** Code points kept of a value (a cell, a name, a quiz's text) before "…". */
  public static final int VALUE_LENGTH = 60;

  /** Code points kept of a whole message line. */
  public static final int LINE_LENGTH = 2000;

  private Sanitizer() {}

  /** A value as echoed in quotes: {@code 'abc'}, escaped and cut at {@link #VALUE_LENGTH}. */
  public static String quote(String value) {
    return "'" + value(value) + "'";
  }

  /** A value escaped and cut at {@link #VALUE_LENGTH} code points. */
  public static String value(String value) {
    return escape(value, VALUE_LENGTH);
  }

  /** A message line escaped and cut at {@link #LINE_LENGTH} code points. */
  public static String line(String line) {
    return escape(line, LINE_LENGTH);
  }

  /** {@code s} with every unsafe character escaped, cut after {@code max} code points with "…". */
  public static String escape(String s, int max) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 8);
    int kept = 0;
    for (int i = 0; i < s.length(); ) {
      if (kept == max) {
        return out.append('…').toString();
      }
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      kept++;
      if (!unsafe(cp)) {
        out.appendCodePoint(cp);
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04X", cp));
      }
    }
    return out.toString();
  }

  /** Whether {@code s} holds a character {@link #escape} would escape. */
  public static boolean isUnsafe(String s) {
    return s.codePoints().anyMatch(Sanitizer::unsafe);
  }

  private static boolean unsafe(int cp) {
    return Character.isISOControl(cp) // C0, DEL, C1
        || (cp >= 0x202A && cp <= 0x202E) // bidirectional embeddings and overrides
        || (cp >= 0x2066 && cp <= 0x2069) // bidirectional isolates
        || cp == 0x2028 || cp == 0x2029 // line and paragraph separators
        || cp == 0x200E || cp == 0x200F || cp == 0x061C // direction marks
        || Character.isSurrogate((char) cp) && cp <= 0xFFFF; // a lone surrogate
  }
}
