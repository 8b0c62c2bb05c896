package dev.tracklayer.core.http;

import dev.tracklayer.core.http.StrictHttpServerCodec.AmbiguousFramingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Answers, for one connection, what never reaches the application: requests the HTTP decoder could
 * not read (request line or headers too long, malformed), ambiguous framing, malformed
 * percent-encoding, and clients too slow to send a whole request. Each gets the API's JSON error
 * shape and {@code Connection: close}, in order after the answers still owed on the connection.
 * Reactor Netty's own answers to these were empty bodies, and on a keep-alive connection sometimes
 * none at all.
 *
 * <p>Sits right after the HTTP codec; {@link #firstByteWatch()} sits before it to start the clock
 * at a request's first byte, so an idle keep-alive connection is not timed (Reactor Netty's idle
 * timeout covers that) but a request trickling in byte by byte is.
 */
final class ProtocolGuard extends ChannelDuplexHandler {
  private final long readTimeoutNanos;

  /** When the current request's first byte arrived; 0 while waiting for one. */
  private long readStartedAt;

  private boolean headRead;
  private boolean closing;

  /** Requests handed to the application whose answers have not been written in full. */
  private int answersOwed;

  /** An error answer waiting for the answers owed before it. */
  private FullHttpResponse pendingError;

  private ScheduledFuture<?> clock;

  ProtocolGuard(long readTimeoutNanos) {
    this.readTimeoutNanos = readTimeoutNanos;
  }

  /** The handler to put before the codec: it sees raw bytes, so a request's first one. */
  ChannelInboundHandlerAdapter firstByteWatch() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (readStartedAt == 0 && msg instanceof ByteBuf b && b.isReadable()) {
          readStartedAt = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), readTimeoutNanos / 4);
    clock =
        ctx.executor()
            .scheduleAtFixedRate(() -> checkClock(ctx), period, period, TimeUnit.NANOSECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stop();
    ctx.fireChannelInactive();
  }

  private void stop() {
    if (clock != null) {
      clock.cancel(false);
      clock = null;
    }
    if (pendingError != null) {
      pendingError.release();
      pendingError = null;
    }
  }

  private void checkClock(ChannelHandlerContext ctx) {
    if (closing || readStartedAt == 0 || System.nanoTime() - readStartedAt < readTimeoutNanos) {
      return;
    }
    if (headRead) {
      // The application has the request and is reading its body: nothing can be answered in
      // order any more, only the connection ended.
      closing = true;
      ctx.close();
    } else {
      refuse(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout", TIMEOUT_MESSAGE);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      headRead = true;
      if (refused(ctx, request)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      answersOwed++;
    }
    if (msg instanceof LastHttpContent) {
      readStartedAt = 0;
      headRead = false;
    }
    ctx.fireChannelRead(msg);
  }

  /** Answers a request that must not reach the application; false if it may. */
  private boolean refused(ChannelHandlerContext ctx, HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      if (cause instanceof TooLongHttpLineException) {
        refuse(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long", LINE_MESSAGE);
      } else if (cause instanceof TooLongHttpHeaderException) {
        refuse(
            ctx,
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            HEADERS_MESSAGE);
      } else if (cause instanceof AmbiguousFramingException) {
        refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", FRAMING_MESSAGE);
      } else {
        refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", MALFORMED_MESSAGE);
      }
      return true;
    }
    List<String> encodings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!encodings.isEmpty()
        && (encodings.size() > 1
            || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(encodings.get(0).trim()))) {
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", ENCODING_MESSAGE);
      return true;
    }
    if (!wellFormedTarget(request.uri())) {
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", TARGET_MESSAGE);
      return true;
    }
    List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1 || (hosts.size() == 1 && !wellFormedHost(hosts.get(0)))) {
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", HOST_MESSAGE);
      return true;
    }
    return false;
  }

  /**
   * Every '%' followed by two hex digits, and nothing {@code java.net.URI} refuses: the web layer
   * parses the target with it and answered such requests with an empty 400 of its own. The common
   * target (RFC 3986's characters only) is checked without building a URI.
   */
  static boolean wellFormedTarget(String uri) {
    int n = uri.length();
    boolean plain = true;
    for (int i = 0; i < n; i++) {
      char c = uri.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
      if (c == '%') {
        if (i + 2 >= n || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (!isTargetChar(c)) {
        plain = false;
      }
    }
    if (plain) {
      return true;
    }
    try {
      new URI(uri);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** RFC 3986's unreserved, sub-delims, ':', '@', '/' and '?'. */
  private static boolean isTargetChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
  }

  /**
   * {@code host[:port]}: a name or IPv4 address of RFC 3986's reg-name characters, or a bracketed
   * IPv6 address, and a port of digits. Reactor Netty answers an unparseable Host with an empty
   * 400.
   */
  static boolean wellFormedHost(String host) {
    String h = host.trim();
    int portAt;
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 2) {
        return false;
      }
      for (int i = 1; i < close; i++) {
        char c = h.charAt(i);
        if (!(isHex(c) || c == ':' || c == '.')) {
          return false;
        }
      }
      portAt = close + 1;
      if (portAt < h.length() && h.charAt(portAt) != ':') {
        return false;
      }
    } else {
      portAt = h.indexOf(':');
      if (portAt < 0) {
        portAt = h.length();
      }
      for (int i = 0; i < portAt; i++) {
        char c = h.charAt(i);
        if (!(Character.isLetterOrDigit(c) && c < 0x80) && "-._~!$&'()*+,;=".indexOf(c) < 0) {
          return false;
        }
      }
    }
    if (portAt < h.length()) {
      String port = h.substring(portAt + 1);
      if (port.isEmpty() || port.length() > 5) {
        return false;
      }
      for (int i = 0; i < port.length(); i++) {
        if (port.charAt(i) < '0' || port.charAt(i) > '9') {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private void refuse(
      ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message) {
    closing = true;
    FullHttpResponse answer = errorResponse(status, code, message);
    if (answersOwed == 0) {
      ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    } else {
      pendingError = answer;
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean completesAnswer =
        msg instanceof LastHttpContent
            && !(msg instanceof HttpResponse r
                && r.status().codeClass() == HttpStatusClass.INFORMATIONAL);
    ctx.write(msg, promise);
    if (completesAnswer && answersOwed > 0 && --answersOwed == 0 && pendingError != null) {
      FullHttpResponse answer = pendingError;
      pendingError = null;
      ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static final String LINE_MESSAGE = "the request line is too long";
  private static final String HEADERS_MESSAGE = "the request headers are too large";
  private static final String FRAMING_MESSAGE =
      "a request may not carry both Content-Length and Transfer-Encoding";
  private static final String ENCODING_MESSAGE = "the only Transfer-Encoding accepted is chunked";
  private static final String TARGET_MESSAGE =
      "the request target is not a URI (RFC 3986): a control character, a character that must be"
          + " percent-encoded, or malformed percent-encoding";
  private static final String HOST_MESSAGE = "the Host header is not a host and port";
  private static final String MALFORMED_MESSAGE = "the request is not valid HTTP/1.1";
  private static final String TIMEOUT_MESSAGE = "the request was not received in time";

  /** The JSON error shape every other answer of the gateways uses; the messages are constants. */
  static FullHttpResponse errorResponse(HttpResponseStatus status, String code, String message) {
    byte[] body =
        ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"details\":[]}}")
            .getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set("X-Content-Type-Options", "nosniff");
    return response;
  }
}
