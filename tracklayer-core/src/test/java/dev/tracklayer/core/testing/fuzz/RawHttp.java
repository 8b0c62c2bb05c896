package dev.tracklayer.core.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately naive HTTP/1.1 client on a plain socket: it writes exactly the bytes it is given
 * (so requests no real client would send can be sent) and reads one answer within a deadline.
 */
public final class RawHttp {
  private RawHttp() {}

  /** One answer: status, headers by lower-case name, the body, and whether the server hung up. */
  public record Response(
      int status, Map<String, List<String>> headers, byte[] body, Boolean closed) {

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      String text = bodyText();
      return status
          + " "
          + headers
          + " "
          + (text.length() > 300 ? text.substring(0, 300) + "…" : text)
          + (closed == null ? "" : closed ? " (closed)" : " (kept open)");
    }
  }

  /** The server did not answer as HTTP within the deadline, or hung up without answering. */
  public static final class NoAnswer extends IOException {
    NoAnswer(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A request's bytes: request line, headers as given (any order, repeats, odd bytes), body. */
  public static byte[] request(String method, String target, List<String[]> headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // ISO-8859-1: one byte per char, so tests can put any byte into a request line or header.
    out.writeBytes((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
    for (String[] h : headers) {
      out.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /**
   * Sends {@code request} on a new connection and reads the first final answer (1xx skipped).
   *
   * @param head the request is a HEAD: the answer has no body whatever its headers say
   * @param checkClosed also find out whether the server closes the connection after the answer
   */
  public static Response exchange(
      int port, byte[] request, boolean head, boolean checkClosed, Duration timeout)
      throws NoAnswer {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) timeout.toMillis());
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // The server may answer and hang up before it read everything (a 431 for a huge header):
        // what it answered is still readable.
      }
      Reader in = new Reader(socket.getInputStream(), socket, deadline);
      Response response;
      while (true) {
        response = in.readResponse(head);
        if (response.status() >= 200 || response.status() == 101) {
          break;
        }
      }
      if (checkClosed) {
        response =
            new Response(
                response.status(), response.headers(), response.body(), in.closedWithin(1_000));
      }
      return response;
    } catch (NoAnswer e) {
      throw e;
    } catch (IOException e) {
      throw new NoAnswer("no HTTP answer: " + e, e);
    }
  }

  private static final class Reader {
    private final InputStream in;
    private final Socket socket;
    private final long deadline;

    Reader(InputStream in, Socket socket, long deadline) {
      this.in = in;
      this.socket = socket;
      this.deadline = deadline;
    }

    Response readResponse(boolean head) throws IOException {
      String statusLine = line(true);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new NoAnswer("not an HTTP status line: " + statusLine, null);
      }
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new NoAnswer("not an HTTP status line: " + statusLine, e);
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String h = line(false); !h.isEmpty(); h = line(false)) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw new NoAnswer("malformed answer header: " + h, null);
        }
        headers
            .computeIfAbsent(
                h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(h.substring(colon + 1).trim());
      }
      byte[] body;
      String length = first(headers, "content-length");
      String encoding = first(headers, "transfer-encoding");
      if (head || status < 200 || status == 204 || status == 304) {
        body = new byte[0];
      } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
        body = chunked();
      } else if (length != null) {
        body = exactly(Integer.parseInt(length));
      } else {
        body = untilClosed();
      }
      return new Response(status, headers, body, null);
    }

    /** Whether the server closes the connection within {@code millis} (reads EOF). */
    Boolean closedWithin(int millis) throws IOException {
      socket.setSoTimeout(millis);
      try {
        return in.read() == -1;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset: closed
      }
    }

    private static String first(Map<String, List<String>> headers, String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }

    private int read() throws IOException {
      if (System.nanoTime() > deadline) {
        throw new NoAnswer("no complete answer before the deadline", null);
      }
      return in.read();
    }

    private String line(boolean first) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        int b;
        try {
          b = read();
        } catch (SocketTimeoutException e) {
          throw new NoAnswer("no answer within the timeout", e);
        }
        if (b == -1) {
          throw new NoAnswer(
              first && line.size() == 0
                  ? "the server closed the connection without answering"
                  : "the answer ended early",
              new EOFException());
        }
        if (b == '\n') {
          String s = line.toString(StandardCharsets.ISO_8859_1);
          return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
        line.write(b);
        if (line.size() > 65_536) {
          throw new NoAnswer("answer line over 64 KiB", null);
        }
      }
    }

    private byte[] exactly(int n) throws IOException {
      byte[] body = new byte[n];
      int read = 0;
      while (read < n) {
        if (System.nanoTime() > deadline) {
          throw new NoAnswer("no complete body before the deadline", null);
        }
        int r = in.read(body, read, n - read);
        if (r == -1) {
          throw new NoAnswer("the body ended after " + read + " of " + n + " bytes", null);
        }
        read += r;
      }
      return body;
    }

    private byte[] chunked() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line(false);
        int semicolon = size.indexOf(';');
        int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (n == 0) {
          while (!line(false).isEmpty()) {
            // trailers
          }
          return body.toByteArray();
        }
        body.writeBytes(exactly(n));
        line(false);
      }
    }

    private byte[] untilClosed() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (true) {
        if (System.nanoTime() > deadline) {
          throw new NoAnswer("the body did not end before the deadline", null);
        }
        int r;
        try {
          r = in.read(buffer);
        } catch (SocketTimeoutException e) {
          throw new NoAnswer("the body did not end before the deadline", e);
        }
        if (r == -1) {
          return body.toByteArray();
        }
        body.write(buffer, 0, r);
      }
    }
  }
}
