package org.lstmlab.web;

/** What the server's tests share: the placeholder lesson's class-path root. */
final class WebServerTestSupport {
  /** A tiny lesson in the test resources, independent of the real lesson's text. */
  static final String TEST_ROOT = "org/lstmlab/webtest/";

  private WebServerTestSupport() {}
}
