package org.lstmlab.io;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Texts with labels for a sequence classifier, read from a CSV file with a text column and a
 * label column, or from a directory of fortune files (the file's name is the label).
 *
 * <p>A CSV file is read as {@link CsvDataset} reads one (UTF-8, a header row, RFC 4180 quoting,
 * the delimiter detected from the header); every row needs a text that is not blank and, when a
 * label column is named, a label that is not blank; errors name the file, the line and the column.
 * A directory is read with {@link FortuneFile#readDirectory}. Rows keep the order of the file (of
 * the files, in name order), and each keeps where it came from ({@link #where}) for messages and
 * for the {@code row} column of predictions.
 *
 * @param texts the texts, in order
 * @param labels each text's label, or null when none was read (prediction input)
 * @param rows each text's place: its line in the CSV file, or its 1-based position among the
 *     fortunes
 * @param description one line for people: what was read
 * @param file the path read
 * @param labelColumn the label column's name, or {@code category} for fortunes
 */
public record LabelledTexts(List<String> texts, List<String> labels, long[] rows,
    String description, Path file, String labelColumn) {

  /** The text column unless told (the CLI's --text-column). */
  public static final String DEFAULT_TEXT_COLUMN = "text";

  /** The label column unless told (--label-column). */
  public static final String DEFAULT_LABEL_COLUMN = "label";

  /** The label of a fortune: its file's name. */
  public static final String FORTUNE_LABEL = "category";

  /**
   * Reads texts with labels.
   *
   * @param data a CSV file or a directory of fortune files
   * @param textColumn the CSV's text column (not used for fortunes)
   * @param labelColumn the CSV's label column, or empty to read texts only (predictions)
   * @throws FileFormatException naming the file (and line and column) of what is wrong
   */
  public static LabelledTexts read(Path data, String textColumn, Optional<String> labelColumn)
      throws IOException {
    if (!Files.exists(data)) {
      throw new FileFormatException(data, "does not exist");
    }
    LabelledTexts t = Files.isDirectory(data) ? fortunes(data) : csv(data, textColumn,
        labelColumn);
    if (t.texts.isEmpty()) {
      throw new FileFormatException(data, Files.isDirectory(data)
          ? "holds no fortune file with text (files without a dot in their name, texts separated"
              + " by % lines)"
          : "has no data rows after the header");
    }
    return t;
  }

  private static LabelledTexts fortunes(Path dir) throws IOException {
    List<FortuneFile.Fortune> all = FortuneFile.readDirectory(dir);
    List<String> texts = new ArrayList<>(all.size());
    List<String> labels = new ArrayList<>(all.size());
    long[] rows = new long[all.size()];
    for (int i = 0; i < all.size(); i++) {
      texts.add(all.get(i).text());
      labels.add(all.get(i).category());
      rows[i] = i + 1;
    }
    long files = labels.stream().distinct().count();
    return new LabelledTexts(texts, labels, rows, String.format(Locale.ROOT,
        "%s: %,d fortunes in %d files (the file is the label)", dir, texts.size(), files), dir,
        FORTUNE_LABEL);
  }

  private static LabelledTexts csv(Path file, String textColumn, Optional<String> labelColumn)
      throws IOException {
    String content = CsvSeries.readText(file);
    CSVFormat format = CSVFormat.RFC4180.builder()
        .setDelimiter(CsvDataset.detectDelimiter(content)).setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setAllowMissingColumnNames(true)
        .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get();
    List<String> texts = new ArrayList<>();
    List<String> labels = labelColumn.isPresent() ? new ArrayList<>() : null;
    List<Long> lines = new ArrayList<>();
    try (CSVParser parser =
        CSVParser.builder().setReader(new StringReader(content)).setFormat(format).get()) {
      List<String> header = parser.getHeaderNames();
      Map<String, Integer> index = CsvSeries.indexHeader(file, parser, header);
      int textAt = CsvSeries.column(file, index, header, textColumn);
      int labelAt = labelColumn.isPresent()
          ? CsvSeries.column(file, index, header, labelColumn.get()) : -1;
      try {
        for (CSVRecord r : parser) {
          long line = parser.getCurrentLineNumber();
          if (r.size() != header.size()) {
            throw new CsvFileException(file, line, null, r.size()
                + (r.size() == 1 ? " value" : " values") + ", but the header has "
                + header.size() + " columns");
          }
          String text = r.get(textAt);
          if (text.isBlank()) {
            throw new CsvFileException(file, line, textColumn, "empty text; every row needs"
                + " one");
          }
          texts.add(text);
          lines.add(line);
          if (labelAt >= 0) {
            String label = r.get(labelAt).strip();
            if (label.isEmpty()) {
              throw new CsvFileException(file, line, labelColumn.get(), "empty label; every row"
                  + " needs one");
            }
            labels.add(label);
          }
        }
      } catch (UncheckedIOException e) {
        throw new CsvFileException(file, "malformed CSV: " + e.getCause().getMessage());
      }
    } catch (UncheckedIOException e) {
      throw new CsvFileException(file, "malformed CSV header: " + e.getCause().getMessage());
    } catch (CSVException e) {
      throw new CsvFileException(file, "malformed CSV: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CsvFileException(file, "bad header row: " + e.getMessage());
    }
    long[] rows = lines.stream().mapToLong(Long::longValue).toArray();
    return new LabelledTexts(texts, labels, rows, String.format(Locale.ROOT,
        "%s: %,d rows, text column '%s'%s", file, texts.size(), textColumn,
        labelColumn.map(l -> ", label column '" + l + "'").orElse("")), file,
        labelColumn.orElse(null));
  }

  /** Texts read. */
  public int size() {
    return texts.size();
  }

  /** Whether every text has a label. */
  public boolean hasLabels() {
    return labels != null;
  }

  /** Where text {@code i} came from: {@code "data.csv line 7"} or {@code "DIR fortune 12"}. */
  public String where(int i) {
    boolean fortunes = FORTUNE_LABEL.equals(labelColumn) && Files.isDirectory(file);
    return file + (fortunes ? " fortune " : " line ") + rows[i];
  }

  /** The distinct labels, sorted (by {@link String#compareTo}): class k is the k-th. */
  public List<String> classes() {
    if (labels == null) {
      throw new IllegalStateException("no labels were read");
    }
    return List.copyOf(new TreeSet<>(labels));
  }

  /**
   * Each text's class: the index of its label in {@code classes}.
   *
   * @throws FileFormatException naming the first row whose label is not one of them
   */
  public int[] classIndices(List<String> classes) throws FileFormatException {
    if (labels == null) {
      throw new IllegalStateException("no labels were read");
    }
    Map<String, Integer> at = new java.util.HashMap<>();
    for (int k = 0; k < classes.size(); k++) {
      at.put(classes.get(k), k);
    }
    int[] out = new int[labels.size()];
    for (int i = 0; i < out.length; i++) {
      Integer k = at.get(labels.get(i));
      if (k == null) {
        throw new FileFormatException(file, where(i) + ", column '" + labelColumn + "': label '"
            + labels.get(i) + "' is not one of the model's " + classes.size() + " classes "
            + shortList(classes), true, null);
      }
      out[i] = k;
    }
    return out;
  }

  private static String shortList(List<String> classes) {
    return classes.size() <= 10 ? classes.toString()
        : classes.subList(0, 10).toString().replace("]", ", ...]");
  }

  /**
   * The two parts of a split: every k-th text held out, k = round(1 / heldOut), as {@link
   * TextCorpus} splits fortunes (the 5th, 10th, ... for 0.2); nothing for 0.
   *
   * @param heldOut the fraction held out, in [0, 0.5]
   */
  public Split split(double heldOut) {
    if (!(heldOut >= 0 && heldOut <= 0.5)) {
      throw new IllegalArgumentException("the held-out fraction must be in [0, 0.5], got "
          + heldOut);
    }
    int every = heldOut == 0 ? 0 : (int) Math.round(1 / heldOut);
    List<Integer> train = new ArrayList<>();
    List<Integer> held = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      (every > 0 && i % every == every - 1 ? held : train).add(i);
    }
    return new Split(subset(train), subset(held), every);
  }

  private LabelledTexts subset(List<Integer> idx) {
    List<String> t = new ArrayList<>(idx.size());
    List<String> l = labels == null ? null : new ArrayList<>(idx.size());
    long[] r = new long[idx.size()];
    for (int j = 0; j < idx.size(); j++) {
      int i = idx.get(j);
      t.add(texts.get(i));
      if (l != null) {
        l.add(labels.get(i));
      }
      r[j] = rows[i];
    }
    return new LabelledTexts(t, l, r, description, file, labelColumn);
  }

  /**
   * A split of labelled texts.
   *
   * @param train the texts to train on
   * @param heldOut the held-out texts, possibly none
   * @param every k: every k-th text was held out; 0 for none
   */
  public record Split(LabelledTexts train, LabelledTexts heldOut, int every) {}

  /**
   * CRC-32 of the texts and labels, each followed by a line break (texts and labels alternating):
   * a changed data file is noticed.
   */
  public long crc32() {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    for (int i = 0; i < texts.size(); i++) {
      crc.update((texts.get(i) + "\n" + (labels == null ? "" : labels.get(i)) + "\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return crc.getValue();
  }
}
