package org.lstmlab.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions a report names: LSTM Lab's (from a Maven-filtered resource) and ECharts'. */
final class Versions {

  private static final Properties FILTERED = load();

  private Versions() {}

  /** This module's Maven version, or "dev" when run from unfiltered sources. */
  static String lstmLab() {
    return get("version", "dev");
  }

  /** The ECharts webjar's version, as the parent pom's {@code echarts.version} says. */
  static String echarts() {
    return get("echartsVersion", "5.3.1");
  }

  private static String get(String key, String fallback) {
    String v = FILTERED.getProperty(key, "");
    return v.isBlank() || v.startsWith("${") ? fallback : v;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("report-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // keep the fallbacks: a version string is no reason to fail a report
    }
    return p;
  }
}
