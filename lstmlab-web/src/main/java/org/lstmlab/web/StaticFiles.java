package org.lstmlab.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Files served from the class path: the page's own scripts and styles, and the webjars (ECharts,
 * KaTeX with its fonts). Nothing is fetched from elsewhere at run time.
 *
 * <p>Path traversal is refused before the class loader sees a name: a path must be made of
 * letters, digits, {@code . _ -} and single slashes, with no segment starting with a dot, so
 * {@code ..}, encoded dots, backslashes and absolute paths never resolve. Unknown extensions are
 * not served.
 */
final class StaticFiles {
  private static final Pattern SAFE =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("json", "application/json"),
      Map.entry("png", "image/png"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("woff", "font/woff"),
      Map.entry("ttf", "font/ttf"));

  /** A file's bytes and content type. */
  record File(byte[] bytes, String contentType) {}

  private final String root;

  /** Files under the class-path folder {@code root}, e.g. {@code "META-INF/resources/webjars/"}. */
  StaticFiles(String root) {
    this.root = root;
  }

  /** Whether a request path may be looked up at all. */
  static boolean safe(String path) {
    return path != null && path.length() <= 200 && SAFE.matcher(path).matches();
  }

  /**
   * The file at {@code path} below the root.
   *
   * @throws ApiError 400 for an unsafe path, 404 for a missing file or an unserved type
   */
  File get(String path) {
    if (!safe(path)) {
      throw new ApiError(400, "bad file path: only letters, digits, '.', '_', '-' and '/' are "
          + "allowed, and no segment may start with '.'");
    }
    int dot = path.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (type == null) {
      throw new ApiError(404, "no such file: " + path);
    }
    try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(root + path)) {
      if (in == null) {
        throw new ApiError(404, "no such file: " + path);
      }
      return new File(in.readAllBytes(), type);
    } catch (IOException e) {
      throw new ApiError(404, "no such file: " + path);
    }
  }
}
