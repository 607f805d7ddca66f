package org.lstmlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The lesson as the page gets it: the sections listed in {@code lesson/index.json}, each with its
 * HTML fragment and its quizzes, all read from the class path under one root.
 *
 * <pre>
 *   ROOT/lesson/index.json      [{"id", "title", "file", "quizzes": ["q1.json", ...]}, ...]
 *   ROOT/lesson/FILE.html       a section's text; $…$ and $$…$$ are rendered by KaTeX on the page
 *   ROOT/quizzes/NAME.json      a quiz in the jupyterquiz format
 *   ROOT/static/lstm-cell.svg   the cell diagram, gates with ids gate-i, gate-f, ...
 * </pre>
 *
 * The sections' HTML is the project's own text and is inserted as HTML; quiz text is data and the
 * page inserts it only as text. File names are checked against a strict pattern before they reach
 * the class loader, so an index cannot point outside the root. A missing or broken file becomes an
 * {@code error} field of its section or quiz rather than a failed page.
 */
final class LessonContent {
  /** The real lesson's root, beside this class. */
  static final String DEFAULT_ROOT = "org/lstmlab/web/";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,80}");

  private final String root;

  LessonContent(String root) {
    this.root = root.endsWith("/") ? root : root + "/";
  }

  /** {"sections": [{id, title, html, quizzes: [{name, questions | error}]}], "diagram": bool}. */
  Map<String, Object> lesson() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> sections = new ArrayList<>();
    String index = read("lesson/index.json");
    if (index == null) {
      out.put("error", "the lesson is not in this build (no lesson/index.json)");
    } else {
      try {
        for (JsonNode s : Json.MAPPER.readTree(index)) {
          sections.add(section(s));
        }
      } catch (IOException | RuntimeException e) {
        out.put("error", "lesson/index.json is not a JSON array of sections: " + e.getMessage());
      }
    }
    out.put("sections", sections);
    out.put("diagram", diagram() != null);
    return out;
  }

  private Map<String, Object> section(JsonNode s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.path("id").asText(""));
    m.put("title", s.path("title").asText(""));
    String file = s.path("file").asText("");
    String html = NAME.matcher(file).matches() ? read("lesson/" + file) : null;
    if (html == null) {
      m.put("error", "section file '" + file + "' is missing");
    } else {
      m.put("html", html);
    }
    List<Object> quizzes = new ArrayList<>();
    for (JsonNode q : s.path("quizzes")) {
      quizzes.add(quiz(q.asText("")));
    }
    m.put("quizzes", quizzes);
    return m;
  }

  private Map<String, Object> quiz(String name) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    String text = NAME.matcher(name).matches() ? read("quizzes/" + name) : null;
    if (text == null) {
      m.put("error", "quiz file '" + name + "' is missing");
      return m;
    }
    try {
      JsonNode questions = Json.MAPPER.readTree(text);
      if (!questions.isArray()) {
        m.put("error", "quiz file '" + name + "' is not a JSON array of questions");
      } else {
        m.put("questions", questions);
      }
    } catch (IOException e) {
      m.put("error", "quiz file '" + name + "' is not valid JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    return m;
  }

  /** The cell diagram's SVG text, or null if this build has none. */
  String diagram() {
    return read("static/lstm-cell.svg");
  }

  private String read(String path) {
    try (InputStream in = LessonContent.class.getClassLoader().getResourceAsStream(root + path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
