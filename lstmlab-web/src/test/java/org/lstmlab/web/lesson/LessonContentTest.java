package org.lstmlab.web.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The lesson's fragments, index and cell diagram hang together: files, ids, links, citations. */
class LessonContentTest {

  static final String BASE = "/org/lstmlab/web/";

  static String text(String path) throws IOException {
    try (InputStream in = LessonContentTest.class.getResourceAsStream(BASE + path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static JsonNode index() throws IOException {
    return new ObjectMapper().readTree(text("lesson/index.json"));
  }

  static String allFragments() throws IOException {
    StringBuilder all = new StringBuilder();
    for (JsonNode s : index()) {
      all.append(text("lesson/" + s.get("file").asText()));
    }
    return all.toString();
  }

  static Set<String> matches(String regex, String text) {
    Set<String> found = new HashSet<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void index_everySectionHasAFragmentAndItsQuizzesExist() throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode s : index()) {
      ids.add(s.get("id").asText());
      assertThat(s.get("title").asText()).isNotBlank();
      String fragment = text("lesson/" + s.get("file").asText());
      assertThat(fragment)
          .as(s.get("file").asText())
          .startsWith("<h2>" + s.get("title").asText() + "</h2>")
          .doesNotContain("<html", "<body", "<script", "<style", "style=");
      for (JsonNode quiz : s.get("quizzes")) {
        assertThat(text("quizzes/" + quiz.asText())).startsWith("[");
      }
    }
    assertThat(ids)
        .startsWith("why-sequences")
        .doesNotHaveDuplicates()
        // the web engineer's interactive sections have these ids: a lesson section must not
        .doesNotContain("series", "train", "gates", "gradients");
  }

  @Test
  void equations_sixLstmEquationsEachWithItsId() throws IOException {
    String eq = text("lesson/equations.html");
    for (String id : List.of("eq-f", "eq-i", "eq-g", "eq-c", "eq-o", "eq-h")) {
      assertThat(eq).containsOnlyOnce("id=\"" + id + "\"");
    }
    assertThat(eq).contains("weight_ih_l", "weight_hh_l", "4H(I + H) + 8H");
    // The quizzes below ask for the block order and the lesson model's count: the text teaches
    // how to find them and leaves the answers to the reader.
    assertThat(eq).doesNotContain("i, f, g, o", "W_{ii}, W_{if}", "41\\,200", "41 200", "41200");
  }

  /** The lesson links to the app's pages by their paths, and in-page links to ids that exist. */
  @Test
  void links_pointToTheAppsPagesAndToLessonSections() throws IOException {
    String all = allFragments();
    Set<String> pages = matches("href=\"/([a-z]+)[\"?]", all);
    assertThat(pages).contains("series", "train", "gates", "gradients", "lags")
        .isSubsetOf("lesson", "series", "train", "gates", "gradients", "lags", "data");
    Set<String> targets = matches("href=\"#([^\"]+)\"", all);
    Set<String> known = new HashSet<>();
    index().forEach(s -> known.add("section-" + s.get("id").asText()));
    known.addAll(matches("id=\"([^\"]+)\"", all));
    assertThat(targets).contains("section-gradient-flow");
    assertThat(known).containsAll(targets);
  }

  @Test
  void citations_everyCitedReferenceIsListedAndEveryListedOneCited() throws IOException {
    String all = allFragments();
    Set<String> cited = matches("class=\"cite\" href=\"#(ref-\\d+)\"", all);
    Set<String> listed = matches("<li id=\"(ref-\\d+)\"", text("lesson/references.html"));
    assertThat(cited).isNotEmpty();
    // ref-14 is PyTorch's documentation, a source for the whole lesson rather than one sentence
    listed.remove("ref-14");
    assertThat(cited).isEqualTo(listed);
  }

  @Test
  void cellDiagram_wellFormedSvgWithTheIdsTheLessonUses() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document svg;
    try (InputStream in = getClass().getResourceAsStream(BASE + "static/lstm-cell.svg")) {
      svg = f.newDocumentBuilder().parse(in);
    }
    Element root = svg.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("svg");
    assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 900 540");
    Set<String> ids = new HashSet<>();
    NodeList all = svg.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      assertThat(e.getLocalName()).isNotIn("script", "image", "foreignObject", "use");
      assertThat(e.hasAttribute("href") || e.hasAttributeNS("http://www.w3.org/1999/xlink", "href"))
          .as("external reference on <" + e.getLocalName() + ">")
          .isFalse();
      if (!e.getAttribute("id").isEmpty()) {
        ids.add(e.getAttribute("id"));
      }
    }
    assertThat(ids)
        .contains("gate-f", "gate-i", "gate-g", "gate-o", "cell-state", "hidden-state");
    String source = text("static/lstm-cell.svg");
    for (String gate : List.of("f", "i", "g", "o")) {
      assertThat(source)
          .contains(
              "id=\"gate-" + gate + "\" class=\"gate gate-" + gate + "\" data-equation=\"eq-"
                  + gate + "\"");
    }
    // the only URL is the SVG namespace name, which is never fetched
    assertThat(source.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http://", "https://", "url(http");
  }
}
