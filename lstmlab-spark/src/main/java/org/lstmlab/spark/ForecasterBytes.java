package org.lstmlab.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.lstmlab.core.forecast.FittedForecaster;
import org.lstmlab.core.forecast.Forecaster;
import org.lstmlab.io.ForecasterFile;
import org.lstmlab.io.RunRecord;

/**
 * A fitted forecaster as the bytes of the library's model file ({@link ForecasterFile}: weights
 * and run record), the form in which models travel between executors and the driver and are
 * written by {@link LstmForecastModel#write()}. The file format is the one the CLI and the Java API
 * load; going through a temporary file keeps one writer and one reader of it.
 */
final class ForecasterBytes {

  private ForecasterBytes() {}

  /** The model file of {@code fit}, with its run record. */
  static byte[] of(Forecaster.Fit fit) {
    return of(fit.forecaster(), RunRecord.of(fit, Optional.empty(), Optional.empty()));
  }

  /** The model file of {@code f} with {@code record}. */
  static byte[] of(FittedForecaster f, RunRecord record) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("lstmlab-", ".safetensors");
      ForecasterFile.save(tmp, f, record);
      return Files.readAllBytes(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write a model file: " + e.getMessage(), e);
    } finally {
      delete(tmp);
    }
  }

  /** The forecaster (and run record) in a model file's bytes. */
  static ForecasterFile.Loaded load(byte[] bytes) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("lstmlab-", ".safetensors");
      Files.write(tmp, bytes);
      return ForecasterFile.load(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read a model file: " + e.getMessage(), e);
    } finally {
      delete(tmp);
    }
  }

  private static void delete(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a temporary file left behind is harmless
      }
    }
  }
}
