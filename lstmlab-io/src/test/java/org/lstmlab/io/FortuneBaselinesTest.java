package org.lstmlab.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lstmlab.core.metrics.Classification;
import org.lstmlab.core.text.NaiveBayes;
import org.lstmlab.core.text.NgramModel;
import org.lstmlab.core.text.Vocabulary;

/**
 * The text baselines on Debian's whole fortunes corpus (installed by .ci/run): the figures in
 * docs/TEXT.md. Every fifth fortune of each category is held out.
 */
class FortuneBaselinesTest {

  @Test
  void fortunes_bagOfWordsBeatsMajority_bigramBeatsUnigram() throws Exception {
    assumeTrue(Files.isDirectory(FortuneFile.DEBIAN), "Debian's fortunes package is not installed");
    List<FortuneFile.Fortune> all = FortuneFile.readDirectory(FortuneFile.DEBIAN);
    Map<String, Integer> classes = new TreeMap<>();
    all.forEach(f -> classes.putIfAbsent(f.category(), 0));
    int id = 0;
    for (Map.Entry<String, Integer> e : classes.entrySet()) {
      e.setValue(id++);
    }
    List<FortuneFile.Fortune> train = new ArrayList<>();
    List<FortuneFile.Fortune> test = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      (i % 5 == 4 ? test : train).add(all.get(i));
    }
    StringBuilder trainText = new StringBuilder();
    train.forEach(f -> trainText.append(f.text()).append('\n'));
    StringBuilder testText = new StringBuilder();
    test.forEach(f -> testText.append(f.text()).append('\n'));

    // Classification: categories from bags of lower-cased words.
    Vocabulary words = Vocabulary.build(Vocabulary.Kind.WORD, true, trainText.toString(), 2,
        50_000);
    int k = classes.size();
    int[][] docs = train.stream().map(f -> words.encode(f.text())).toArray(int[][]::new);
    int[] labels = train.stream().mapToInt(f -> classes.get(f.category())).toArray();
    NaiveBayes nb = NaiveBayes.fit(docs, labels, k, words.size(), 0.1);
    int[] actual = test.stream().mapToInt(f -> classes.get(f.category())).toArray();
    int[] predicted = test.stream().mapToInt(f -> nb.predict(words.encode(f.text()))).toArray();
    int majority = Classification.majority(labels, k);
    int[] constant = new int[actual.length];
    java.util.Arrays.fill(constant, majority);
    Classification bow = Classification.of(actual, predicted, k);
    Classification base = Classification.of(actual, constant, k);

    // Language model baselines on characters.
    Vocabulary chars = Vocabulary.build(Vocabulary.Kind.CHAR, false, trainText.toString(), 1,
        1000);
    int[] trainIds = chars.encode(trainText.toString());
    int[] testIds = chars.encode(testText.toString());
    double uni = NgramModel.fit(trainIds, 1, 1, chars.size()).bitsPerToken(testIds);
    double bi = NgramModel.fit(trainIds, 2, 1, chars.size()).bitsPerToken(testIds);
    double tri = NgramModel.fit(trainIds, 3, 0.1, chars.size()).bitsPerToken(testIds);
    double five = NgramModel.fit(trainIds, 5, 0.01, chars.size()).bitsPerToken(testIds);

    System.out.printf("fortunes: %d categories, %d train / %d test texts, %d words;"
        + " majority accuracy %.4f macro-F1 %.4f; naive Bayes accuracy %.4f macro-F1 %.4f%n",
        k, train.size(), test.size(), words.size(), base.accuracy(), base.macroF1(),
        bow.accuracy(), bow.macroF1());
    System.out.printf("fortunes: %d train / %d test chars, %d ids; bpc unigram %.4f bigram %.4f"
        + " trigram %.4f 5-gram %.4f%n", trainIds.length, testIds.length, chars.size(), uni, bi,
        tri, five);
    assertThat(bow.accuracy()).isGreaterThan(base.accuracy() + 0.2);
    assertThat(bow.macroF1()).isGreaterThan(base.macroF1() + 0.2);
    assertThat(bi).isLessThan(uni - 0.5);
    assertThat(tri).isLessThan(bi);
  }
}
