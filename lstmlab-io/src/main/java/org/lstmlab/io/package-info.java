/**
 * File formats around the core library: model files and CSV series.
 *
 * <ul>
 *   <li>{@link org.lstmlab.io.ModelFile}: a {@link org.lstmlab.core.nn.SequenceModel} and its
 *       {@link org.lstmlab.io.ModelSpec} in the safetensors format, tensors named as PyTorch's
 *       {@code state_dict()}, so that files move freely between LSTM Lab and PyTorch. Built on
 *       {@link org.lstmlab.io.SafeTensors}, a strict reader and writer of the format whose JSON
 *       header is read and written with Jackson.
 *   <li>{@link org.lstmlab.io.TextModelFile}: a text model's file, whose metadata also holds its
 *       {@link org.lstmlab.core.text.Vocabulary}.
 *   <li>{@link org.lstmlab.io.FortuneFile}: texts of the Unix fortune format, a small corpus
 *       (Debian's {@code fortunes}) for text models and classification; {@link
 *       org.lstmlab.io.TextCorpus} reads a text file or a directory of them for a language model
 *       and splits off held-out text; {@link org.lstmlab.io.TextRun} is a language model's run
 *       record; {@link org.lstmlab.io.LabelledTexts} reads texts with labels (a CSV or fortunes)
 *       for a text classifier, {@link org.lstmlab.io.ClassifierFile} saves one with its labels
 *       and {@link org.lstmlab.io.ClassifierRun} record.
 *   <li>{@link org.lstmlab.io.CsvSeries}: a target column, feature columns and an optional time
 *       column read from a CSV file with a header row (Commons CSV); {@link
 *       org.lstmlab.io.CsvWriter} writes predictions.
 *   <li>{@link org.lstmlab.io.OutputTransaction}: everything a command writes appears whole, or
 *       nothing changes; {@link org.lstmlab.io.AtomicFiles} is its one-file form, through which
 *       every file this package writes goes.
 * </ul>
 *
 * <p>Errors in a file's content are {@link org.lstmlab.io.FileFormatException}s whose message is
 * one line for people: the file, where in it (line, column, tensor, key), what is wrong and what
 * would be right. They extend {@link java.io.IOException}, so a caller that handles I/O failures
 * handles these too.
 *
 * <p>This module depends on lstmlab-core, Jackson and Commons CSV; the core depends on none of
 * them.
 */
package org.lstmlab.io;
