package dev.tracklayer.core.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * What both gateways put in front of every HTTP/1.1 connection (see {@link ProtocolGuard}): JSON
 * answers to requests Netty could not decode, no ambiguous framing, and a deadline for reading a
 * whole request once its first byte is in.
 */
public final class HttpHardening {
  private static final String GUARD = "tracklayer.protocolGuard";
  private static final String FIRST_BYTE = "tracklayer.firstByteWatch";

  private HttpHardening() {}

  /**
   * @param maxInitialLineLength the request line limit the server is configured with (Spring's
   *     {@code server.netty.max-initial-line-length})
   * @param maxHeaderSize the header block limit ({@code server.max-http-request-header-size})
   * @param requestReadTimeout how long a request may take to arrive, from its first byte to its
   *     last
   */
  public static HttpServer apply(
      HttpServer server, int maxInitialLineLength, int maxHeaderSize, Duration requestReadTimeout) {
    if (requestReadTimeout.isZero() || requestReadTimeout.isNegative()) {
      throw new IllegalArgumentException("the request read timeout must be positive");
    }
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(maxInitialLineLength)
            .setMaxHeaderSize(maxHeaderSize);
    long timeoutNanos = requestReadTimeout.toNanos();
    return server.doOnChannelInit(
        (observer, channel, remoteAddress) -> {
          ChannelPipeline pipeline = channel.pipeline();
          if (!(pipeline.get(NettyPipeline.HttpCodec) instanceof HttpServerCodec)) {
            return; // not plain HTTP/1.1 (h2c or TLS negotiation): left to Reactor Netty
          }
          pipeline.replace(
              NettyPipeline.HttpCodec, NettyPipeline.HttpCodec, new StrictHttpServerCodec(decoder));
          ProtocolGuard guard = new ProtocolGuard(timeoutNanos);
          pipeline.addBefore(NettyPipeline.HttpCodec, FIRST_BYTE, guard.firstByteWatch());
          pipeline.addAfter(NettyPipeline.HttpCodec, GUARD, guard);
        });
  }
}
