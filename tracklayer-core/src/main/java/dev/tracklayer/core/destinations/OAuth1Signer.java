package dev.tracklayer.core.destinations;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a HMAC-SHA1 request signing (RFC 5849) as X's Ads API requires it. A JSON body is not
 * part of the signature; query parameters are.
 */
final class OAuth1Signer {

  private OAuth1Signer() {}

  /** The {@code Authorization} header value for a request with no form body. */
  static String authorization(
      String method,
      String url,
      String consumerKey,
      String consumerSecret,
      String token,
      String tokenSecret,
      String nonce,
      long timestamp) {
    Map<String, String> oauth = new TreeMap<>();
    oauth.put("oauth_consumer_key", consumerKey);
    oauth.put("oauth_nonce", nonce);
    oauth.put("oauth_signature_method", "HMAC-SHA1");
    oauth.put("oauth_timestamp", Long.toString(timestamp));
    oauth.put("oauth_token", token);
    oauth.put("oauth_version", "1.0");

    List<String[]> params = new ArrayList<>();
    oauth.forEach((k, v) -> params.add(new String[] {k, v}));
    URI uri = URI.create(url);
    String rawQuery = uri.getRawQuery();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        params.add(
            new String[] {
              URLDecoder.decode(k, StandardCharsets.UTF_8),
              URLDecoder.decode(v, StandardCharsets.UTF_8)
            });
      }
    }
    String baseUrl = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    String signature = signature(method, baseUrl, params, consumerSecret, tokenSecret);

    StringBuilder header = new StringBuilder("OAuth ");
    oauth.put("oauth_signature", signature);
    String sep = "";
    for (Map.Entry<String, String> e : oauth.entrySet()) {
      header
          .append(sep)
          .append(encode(e.getKey()))
          .append("=\"")
          .append(encode(e.getValue()))
          .append('"');
      sep = ", ";
    }
    return header.toString();
  }

  /**
   * The base64 HMAC-SHA1 signature over the signature base string.
   *
   * @param params every parameter to sign (oauth_*, query and form parameters), decoded
   */
  static String signature(
      String method,
      String baseUrl,
      List<String[]> params,
      String consumerSecret,
      String tokenSecret) {
    List<String> encoded = new ArrayList<>();
    for (String[] p : params) {
      encoded.add(encode(p[0]) + "=" + encode(p[1]));
    }
    encoded.sort(null);
    String paramString = String.join("&", encoded);
    String base =
        method.toUpperCase(Locale.ROOT)
            + "&"
            + encode(normalizeUrl(baseUrl))
            + "&"
            + encode(paramString);
    String key = encode(consumerSecret) + "&" + encode(tokenSecret == null ? "" : tokenSecret);
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JRE ships HmacSHA1", e);
    }
  }

  /** RFC 3986 percent-encoding: unreserved characters stay, everything else is %XX. */
  static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** Scheme and host lower case, default ports dropped (RFC 5849 §3.4.1.2). */
  private static String normalizeUrl(String url) {
    URI u = URI.create(url);
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + path;
  }
}
