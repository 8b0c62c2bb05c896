package dev.tracklayer.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * Netty's {@code HttpServerCodec} with one difference: a request that carries both {@code
 * Content-Length} and {@code Transfer-Encoding: chunked} comes out marked as failed instead of
 * having its Content-Length silently dropped. Two framings in one request are what request
 * smuggling through a proxy that reads the other one is made of (RFC 9112 6.3); {@link
 * ProtocolGuard} refuses it and closes the connection. {@code HttpServerCodec} is final and builds
 * its decoder itself, so its HEAD/CONNECT bookkeeping is repeated here.
 */
final class StrictHttpServerCodec
    extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder> {

  /** The failure cause of a request with two framings. */
  static final class AmbiguousFramingException extends RuntimeException {
    AmbiguousFramingException() {
      super("Content-Length together with Transfer-Encoding", null, false, false);
    }
  }

  /**
   * Methods of the requests decoded and not answered yet, in order: a HEAD's answer has no body.
   */
  private final Queue<HttpMethod> methods = new ArrayDeque<>();

  StrictHttpServerCodec(HttpDecoderConfig config) {
    init(new Decoder(config), new Encoder());
  }

  private final class Decoder extends HttpRequestDecoder {
    Decoder(HttpDecoderConfig config) {
      super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
        throws Exception {
      int before = out.size();
      super.decode(ctx, buffer, out);
      for (int i = before; i < out.size(); i++) {
        if (out.get(i) instanceof HttpRequest request) {
          methods.add(request.method());
        }
      }
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      super.handleTransferEncodingChunkedWithContentLength(message);
      message.setDecoderResult(DecoderResult.failure(new AmbiguousFramingException()));
    }
  }

  private final class Encoder extends HttpResponseEncoder {
    private HttpMethod method;

    @Override
    protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
      if (!isAlwaysEmpty
          && HttpMethod.CONNECT.equals(method)
          && msg.status().codeClass() == HttpStatusClass.SUCCESS) {
        msg.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        return;
      }
      super.sanitizeHeadersBeforeEncode(msg, isAlwaysEmpty);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
      method = methods.poll();
      return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
    }
  }
}
