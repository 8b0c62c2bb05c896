package dev.tracklayer.api.fuzz;

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

/** Abuse below the JSON, as for the ingest gateway: headers, request lines and framing. */
class ApiHttpLayerFuzzTest {
  private static final FuzzedApi API = FuzzedApi.get();
  private static final String TOKEN = FuzzedApi.newUser();
  private static final byte[] BODY = "{\"name\":\"CI key\"}".getBytes(StandardCharsets.UTF_8);
  private static final List<String> PATHS =
      List.of(
          "/v1/account",
          "/v1/api-keys",
          "/v1/events",
          "/v1/events/x",
          "/v1/rules",
          "/v1/platforms",
          "/v3/api-docs",
          "/actuator/health");

  @Property
  void hostileHeaders(@ForAll("headerEdits") List<HeaderEdit> edits) {
    List<String[]> headers = headers(BODY.length);
    for (HeaderEdit edit : edits) {
      headers = edit.applyTo(headers);
    }
    API.exchange(RawHttp.request("POST", "/v1/api-keys", headers, BODY), false, false);
  }

  @Property
  void hostileRequestLines(
      @ForAll("methods") Wire methodOnWire, @ForAll("targets") Wire targetOnWire) {
    String method = methodOnWire.text();
    String target = targetOnWire.text();
    boolean withBody = !method.equals("GET") && !method.equals("HEAD");
    List<String[]> headers = headers(withBody ? BODY.length : 0);
    if (!withBody) {
      headers = new HeaderEdit("Content-Length", null, true).applyTo(headers);
    }
    API.exchange(
        RawHttp.request(method, target, headers, withBody ? BODY : null),
        method.equals("HEAD"),
        false);
  }

  /** Content-Length beside Transfer-Encoding: chunked (RFC 9112 6.1): 400 and closed. */
  @Property
  void contentLengthWithChunkedIsRefusedAndClosed(
      @ForAll("chunkedSpellings") String transferEncoding,
      @ForAll("lengths") int length,
      @ForAll boolean lengthFirst) {
    byte[] chunked = chunked(BODY);
    List<String[]> headers = new HeaderEdit("Content-Length", null, true).applyTo(headers(0));
    String[] cl = {"Content-Length", String.valueOf(Math.min(length, chunked.length))};
    String[] te = {"Transfer-Encoding", transferEncoding};
    headers.addAll(lengthFirst ? List.of(cl, te) : List.of(te, cl));
    RawHttp.Response response =
        API.exchange(RawHttp.request("POST", "/v1/api-keys", headers, chunked), false, true);
    if (response.status() != 400 || !Boolean.TRUE.equals(response.closed())) {
      throw new AssertionError(
          "Content-Length with Transfer-Encoding "
              + transferEncoding
              + " must be 400 and close the connection, was: "
              + response);
    }
  }

  @Provide
  Arbitrary<List<HeaderEdit>> headerEdits() {
    return HttpAbuse.headerEdits(BODY.length).list().ofMinSize(1).ofMaxSize(3);
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
    return Arbitraries.of("chunked", "Chunked", " chunked", "identity, chunked");
  }

  @Provide
  Arbitrary<Integer> lengths() {
    return Arbitraries.integers().between(0, 200);
  }

  private static List<String[]> headers(int bodyLength) {
    List<String[]> h = new ArrayList<>();
    h.add(new String[] {"Host", "127.0.0.1:" + API.port});
    h.add(new String[] {"Authorization", "Bearer " + TOKEN});
    h.add(new String[] {"Content-Type", "application/json"});
    h.add(new String[] {"Content-Length", String.valueOf(bodyLength)});
    return h;
  }

  private static byte[] chunked(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
