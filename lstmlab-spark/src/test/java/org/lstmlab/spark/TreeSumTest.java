package org.lstmlab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** The tree sum: the same bits on executors and on the driver, run after run. */
class TreeSumTest {

  static float[] add(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  /** Seven partitions of values whose float sum depends on the order of additions. */
  static List<float[]> values() {
    SplittableRandom rng = new SplittableRandom(3);
    List<float[]> v = new ArrayList<>();
    for (int p = 0; p < 7; p++) {
      float[] a = new float[64];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(6)));
      }
      v.add(a);
    }
    return v;
  }

  static List<float[]> copies(List<float[]> v) {
    return v.stream().map(float[]::clone).toList();
  }

  @Test
  void of_moreThanFanPartitions_equalsTheDriversTreeBitForBit() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkTests.spark().sparkContext());
    List<float[]> v = values();
    float[] driver = TreeSum.local(copies(v), 2, TreeSumTest::add);
    for (int run = 0; run < 3; run++) {
      JavaRDD<float[]> rdd = sc.parallelize(copies(v), 7);
      assertThat(TreeSum.of(rdd, 2, TreeSumTest::add)).containsExactly(driver);
      assertThat(TreeSum.of(rdd, 3, TreeSumTest::add))
          .containsExactly(TreeSum.local(copies(v), 3, TreeSumTest::add));
    }
    // The tree is a real tree: ((v0 + v1) + (v2 + v3)) + ..., not left to right.
    List<float[]> c = copies(v);
    float[] left = c.get(0);
    for (int p = 1; p < 7; p++) {
      add(left, c.get(p));
    }
    assertThat(driver).isNotEqualTo(left);
    for (int i = 0; i < left.length; i++) {
      assertThat((double) driver[i]).isCloseTo(left[i], org.assertj.core.api.Assertions.within(
          1e-3 * Math.max(1, Math.abs(left[i]))));
    }
  }

  @Test
  void local_fewerThanFan_addsLeftToRight() {
    List<float[]> v = values();
    float[] tree = TreeSum.local(copies(v), 16, TreeSumTest::add);
    float[] left = copies(v).get(0);
    List<float[]> c = copies(v);
    for (int p = 1; p < 7; p++) {
      add(left, c.get(p));
    }
    assertThat(tree).containsExactly(left);
  }
}
