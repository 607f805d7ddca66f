package org.lstmlab.web;

/** Starts the server by hand for a look: {@code DevServer [port] [test]}; "test" = test lesson. */
final class DevServer {
  private DevServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    String root = args.length > 1 && args[1].equals("test")
        ? WebServerTestSupport.TEST_ROOT : LessonContent.DEFAULT_ROOT;
    WebServer server = WebServer.start("127.0.0.1", port, root);
    System.out.println(server.url());
    Thread.currentThread().join();
  }
}
