package org.lstmlab.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers as {@code {"error": "..."}}, like every other error of the API: the
 * ones it gives before a request reaches Javalin (a malformed request line or header: 400; a URI
 * too long: 414; headers too large: 431), which would otherwise be HTML pages.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) throws IOException {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, body(code, message), callback);
  }

  private static ByteBuffer body(int code, String message) {
    String what = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    return ByteBuffer.wrap(Json.write(Json.error(what)).getBytes(StandardCharsets.UTF_8));
  }
}
