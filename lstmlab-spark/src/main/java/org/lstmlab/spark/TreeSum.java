package org.lstmlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * A sum of one value per partition whose result does not depend on where or when the tasks ran:
 * the canonical tree over partition indices, groups of {@code fan} consecutive entries added left
 * to right, level after level, until one is left.
 *
 * <p>Why not Spark's {@code treeAggregate} or {@code reduce}: both merge task results on the
 * driver in the order the tasks finish ({@code reduceByKey} also merges in fetch order), and
 * floating-point addition is not associative, so two runs can differ in the last bits. Here the
 * order of every addition is fixed by the partition indices alone. With more than {@code fan}
 * partitions the lower levels run on the executors ({@code groupByKey} on {@code index / fan},
 * each group sorted by index before adding), so the driver receives at most {@code fan} values;
 * {@link #local} adds a list by the same tree, so executors and driver give bit-identical sums.
 */
final class TreeSum {

  /** Entries per group: the driver adds at most this many values per sum. */
  static final int FAN = 16;

  private TreeSum() {}

  /** Adds two values; may reuse and return {@code a}. */
  @FunctionalInterface
  interface Add<T> extends Serializable {
    T apply(T a, T b);
  }

  /** The canonical tree sum of {@code items}, in list order; null for an empty list. */
  static <T> T local(List<T> items, int fan, Add<T> add) {
    List<T> level = items;
    while (level.size() > 1) {
      List<T> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += fan) {
        T acc = level.get(i);
        for (int j = i + 1; j < Math.min(i + fan, level.size()); j++) {
          acc = add.apply(acc, level.get(j));
        }
        next.add(acc);
      }
      level = next;
    }
    return level.isEmpty() ? null : level.get(0);
  }

  /**
   * The canonical tree sum of {@code values}, which holds one value per partition (as a {@code
   * map} over a one-element-per-partition RDD does).
   */
  static <T> T of(JavaRDD<T> values, int fan, Add<T> add) {
    int n = values.getNumPartitions();
    if (n <= fan) {
      return local(values.collect(), fan, add); // collect keeps partition order
    }
    JavaPairRDD<Integer, T> level = values.mapPartitionsWithIndex(
        (i, it) -> one(i, it), true).mapToPair(t -> t);
    while (n > fan) {
      int groups = (n + fan - 1) / fan;
      level = level.mapToPair(t -> new Tuple2<>(t._1() / fan, t))
          .groupByKey(groups)
          .mapToPair(g -> new Tuple2<>(g._1(), group(g._2(), fan, add)));
      n = groups;
    }
    List<Tuple2<Integer, T>> top = new ArrayList<>(level.collect());
    top.sort((a, b) -> Integer.compare(a._1(), b._1()));
    return local(top.stream().map(Tuple2::_2).toList(), fan, add);
  }

  private static <T> Iterator<Tuple2<Integer, T>> one(int index, Iterator<T> it) {
    List<Tuple2<Integer, T>> out = new ArrayList<>(1);
    while (it.hasNext()) {
      out.add(new Tuple2<>(index, it.next()));
    }
    if (out.size() != 1) {
      throw new IllegalStateException("partition " + index + " holds " + out.size()
          + " values; a tree sum takes one per partition");
    }
    return out.iterator();
  }

  /** One group's entries added in index order. */
  private static <T> T group(Iterable<Tuple2<Integer, T>> entries, int fan, Add<T> add) {
    List<Tuple2<Integer, T>> g = new ArrayList<>();
    entries.forEach(g::add);
    g.sort((a, b) -> Integer.compare(a._1(), b._1()));
    return local(g.stream().map(Tuple2::_2).toList(), fan, add);
  }
}
