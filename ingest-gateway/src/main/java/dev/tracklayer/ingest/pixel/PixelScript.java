package dev.tracklayer.ingest.pixel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The minified browser SDK, read once from the classpath, with its strong ETag. */
public final class PixelScript {
  public static final String RESOURCE = "pixel/pixel.min.js";

  private final byte[] bytes;
  private final String etag;

  PixelScript(byte[] bytes) {
    this.bytes = bytes;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      this.etag = "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static PixelScript load() {
    try (InputStream in = PixelScript.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new PixelScript(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] bytes() {
    return bytes;
  }

  public String etag() {
    return etag;
  }

  /** If-None-Match matching by weak comparison (RFC 9110 13.1.2): a CDN may weaken the tag. */
  public boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*")) {
        return true;
      }
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
