package dev.tracklayer.ingest.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.testing.fuzz.HttpAbuse;
import dev.tracklayer.core.testing.fuzz.HttpAbuse.HeaderEdit;
import dev.tracklayer.core.testing.fuzz.HttpAbuse.Wire;
import dev.tracklayer.core.testing.fuzz.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Abuse below the JSON: headers, request lines and framing, sent byte for byte over a raw socket.
 * Every answer, including the ones the HTTP codec gives before any handler runs, must be the JSON
 * error shape (or a success), within 10 s.
 */
class HttpLayerFuzzTest {
  private static final FuzzedGateway GATEWAY = FuzzedGateway.get();
  private static final ObjectNode TEMPLATE = FuzzBodies.event(GATEWAY.merchantId());
  private static final List<String> PATHS =
      List.of(
          "/v1/events", "/v1/browser/events", "/v1/pixel.js", "/v1/unknown", "/actuator/health");

  @Property
  void hostileHeaders(@ForAll Endpoint endpoint, @ForAll("headerEdits") List<HeaderEdit> edits) {
    byte[] body = endpoint.contentType == null ? new byte[0] : eventBody();
    List<String[]> headers = endpoint.headers(GATEWAY, body.length);
    for (HeaderEdit edit : edits) {
      headers = edit.applyTo(headers);
    }
    byte[] request = RawHttp.request(endpoint.method, endpoint.path, headers, body);
    RawHttp.Response response = Verdicts.exchange(GATEWAY, request, false, false);
    Verdicts.acceptedMeansStoredAsSent(GATEWAY, endpoint, response, body, userAgent(headers));
  }

  @Property
  void hostileRequestLines(
      @ForAll("methods") Wire methodOnWire,
      @ForAll("targets") Wire targetOnWire,
      @ForAll Endpoint headersOf) {
    String method = methodOnWire.text();
    String target = targetOnWire.text();
    boolean withBody = !method.equals("GET") && !method.equals("HEAD");
    byte[] body = withBody ? eventBody() : new byte[0];
    List<String[]> headers = headersOf.headers(GATEWAY, body.length);
    if (!withBody) {
      headers = new HeaderEdit("Content-Length", null, true).applyTo(headers);
    }
    byte[] request = RawHttp.request(method, target, headers, body);
    RawHttp.Response response = Verdicts.exchange(GATEWAY, request, method.equals("HEAD"), false);
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    Endpoint reached =
        path.equals(Endpoint.SERVER.path)
            ? Endpoint.SERVER
            : path.equals(Endpoint.BROWSER_JSON.path) ? Endpoint.BROWSER_JSON : Endpoint.UNKNOWN;
    Verdicts.acceptedMeansStoredAsSent(GATEWAY, reached, response, body, Endpoint.CHROME);
  }

  /**
   * Content-Length beside Transfer-Encoding: chunked is how requests are smuggled past a proxy that
   * reads the other header (RFC 9112 6.1): refused with 400 and the connection closed.
   */
  @Property
  void contentLengthWithChunkedIsRefusedAndClosed(
      @ForAll Endpoint endpoint,
      @ForAll("chunkedSpellings") String transferEncoding,
      @ForAll("lengths") int lengthChoice,
      @ForAll boolean lengthFirst) {
    byte[] body = eventBody();
    byte[] chunked = chunked(body);
    int length =
        switch (lengthChoice) {
          case 0 -> chunked.length;
          case 1 -> body.length;
          case 2 -> 0;
          default -> Math.min(lengthChoice, chunked.length);
        };
    List<String[]> headers =
        new HeaderEdit("Content-Length", null, true).applyTo(endpoint.headers(GATEWAY, 0));
    String[] cl = {"Content-Length", String.valueOf(length)};
    String[] te = {"Transfer-Encoding", transferEncoding};
    headers.addAll(lengthFirst ? List.of(cl, te) : List.of(te, cl));
    String method = endpoint == Endpoint.PIXEL ? "POST" : endpoint.method;
    byte[] request = RawHttp.request(method, endpoint.path, headers, chunked);
    RawHttp.Response response = Verdicts.exchange(GATEWAY, request, false, true);
    if (response.status() != 400 || !Boolean.TRUE.equals(response.closed())) {
      throw new AssertionError(
          "Content-Length "
              + length
              + " with Transfer-Encoding "
              + transferEncoding
              + " must be 400 and close the connection, was: "
              + response);
    }
  }

  @Provide
  Arbitrary<List<HeaderEdit>> headerEdits() {
    return HttpAbuse.headerEdits(eventBody().length).list().ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<Wire> methods() {
    return HttpAbuse.methods().map(Wire::new);
  }

  @Provide
  Arbitrary<Wire> targets() {
    return HttpAbuse.targets(PATHS).map(Wire::new);
  }

  @Provide
  Arbitrary<String> chunkedSpellings() {
    return Arbitraries.of(
        "chunked", "Chunked", "CHUNKED", " chunked", "chunked ", "identity, chunked");
  }

  @Provide
  Arbitrary<Integer> lengths() {
    return Arbitraries.integers().between(0, 400);
  }

  /** A valid event of the fuzz merchant, fresh each time: one that would be accepted. */
  private static byte[] eventBody() {
    return FuzzBodies.fresh(TEMPLATE).toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] chunked(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int half = body.length / 2;
    for (int[] part : new int[][] {{0, half}, {half, body.length}}) {
      out.writeBytes(
          (Integer.toHexString(part[1] - part[0]) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, part[0], part[1] - part[0]);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** The User-Agent the gateway reads: the first such header, trimmed; null when blank. */
  private static String userAgent(List<String[]> headers) {
    for (String[] h : new ArrayList<>(headers)) {
      if (h[0].equalsIgnoreCase("User-Agent")) {
        return h[1].isBlank() ? null : h[1].trim();
      }
    }
    return null;
  }
}
