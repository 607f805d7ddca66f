package org.lstmlab.spark;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** One global model trained with synchronous data-parallel steps. */
final class SyncTraining {

  private SyncTraining() {}

  /** The global model's file and its summary rows. */
  record Result(byte[] model, List<Row> summary) {}

  static Result fit(Dataset<Row> grouped, SeriesRows.Fields fields, ForecastParams p) {
    throw new UnsupportedOperationException("sync");
  }
}
