package org.lstmlab.web;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Who may drive the server: the user's own browser tab, not any page the user happens to visit.
 *
 * <p>The server listens on loopback and has no login, so a web page elsewhere could otherwise
 * start jobs with a cross-site POST (a form, or {@code fetch} with {@code text/plain}, which needs
 * no CORS preflight), or, through DNS rebinding (a name of the attacker's that resolves to
 * 127.0.0.1), read every response. Three checks close that, on every request:
 *
 * <ol>
 *   <li><b>Host</b>: a loopback name ({@code localhost}, {@code *.localhost}, {@code 127.x.y.z},
 *       {@code [::1]}) or the address the server is bound to; bound to a wildcard address ({@code
 *       0.0.0.0}, {@code ::}), also any IP literal, which rebinding cannot use. Otherwise 403.
 *   <li><b>Origin</b> and <b>Sec-Fetch-Site</b>: when the browser sends them, the request must
 *       come from this server's own pages ({@code Origin} equal to {@code http://} + Host; {@code
 *       Sec-Fetch-Site} {@code same-origin}, or {@code none} for what the user typed). Pages may
 *       be opened from a link anywhere; the {@code /api/} may not be called from elsewhere.
 *   <li><b>POST bodies are JSON</b>: {@code Content-Type: application/json}, which a form cannot
 *       send and a cross-site {@code fetch} cannot send without a preflight this server never
 *       grants. Otherwise 415.
 * </ol>
 */
final class RequestGuard {

  private final String boundHost; // lower case, IPv6 in brackets
  private final boolean wildcard;

  RequestGuard(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    this.boundHost = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    this.wildcard = h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]");
  }

  /** Throws an {@link ApiError} for a request this server must not answer. */
  void check(Context ctx) {
    String host = ctx.header("Host");
    if (host != null && !allowedHost(name(host))) {
      throw new ApiError(403, "Host " + Params.shorten(host) + " is not this server; open it as"
          + " http://127.0.0.1 or http://localhost with its port");
    }
    String origin = ctx.header("Origin");
    String site = ctx.header("Sec-Fetch-Site");
    boolean api = ctx.path().startsWith("/api/");
    if (origin != null && (host == null || !origin.equalsIgnoreCase("http://" + host))
        && (api || ctx.method().name().equals("POST"))) {
      throw new ApiError(403, "requests from another site are refused (Origin "
          + Params.shorten(origin) + ")");
    }
    if (api && site != null && !site.equals("same-origin") && !site.equals("none")) {
      throw new ApiError(403, "requests from another site are refused (Sec-Fetch-Site "
          + Params.shorten(site) + ")");
    }
    if (ctx.method().name().equals("POST")) {
      String type = ctx.header("Content-Type");
      String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (!mime.equals("application/json")) {
        throw new ApiError(415, "a POST body must be JSON with Content-Type: application/json,"
            + " got " + (type == null ? "none" : Params.shorten(type)));
      }
    }
  }

  /** The host name of a Host header, without the port: {@code [::1]:8080} → {@code [::1]}. */
  static String name(String hostHeader) {
    String h = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    h = colon < 0 ? h : h.substring(0, colon);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  private boolean allowedHost(String name) {
    if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("[::1]")
        || name.equals(boundHost)) {
      return true;
    }
    boolean ipv4 = name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    if (ipv4 && name.startsWith("127.")) {
      return true;
    }
    return wildcard && (ipv4 || name.matches("\\[[0-9a-f:.]+\\]"));
  }
}
