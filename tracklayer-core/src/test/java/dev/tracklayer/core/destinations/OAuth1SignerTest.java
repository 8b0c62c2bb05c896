package dev.tracklayer.core.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the worked example of X's "Creating a signature" documentation. */
class OAuth1SignerTest {

  private static final String URL = "https://api.twitter.com/1.1/statuses/update.json";
  private static final String CONSUMER_SECRET = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
  private static final String TOKEN_SECRET = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";

  @Test
  void signatureMatchesTheDocumentedExample() {
    List<String[]> params =
        List.of(
            new String[] {"include_entities", "true"},
            new String[] {"status", "Hello Ladies + Gentlemen, a signed OAuth request!"},
            new String[] {"oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"},
            new String[] {"oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"},
            new String[] {"oauth_signature_method", "HMAC-SHA1"},
            new String[] {"oauth_timestamp", "1318622958"},
            new String[] {"oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"},
            new String[] {"oauth_version", "1.0"});
    assertThat(OAuth1Signer.signature("POST", URL, params, CONSUMER_SECRET, TOKEN_SECRET))
        .isEqualTo("hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
  }

  @Test
  void headerSignsQueryParametersToo() {
    String header =
        OAuth1Signer.authorization(
            "POST",
            URL
                + "?include_entities=true&status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21",
            "xvz1evFS4wEEPTGEFPHBog",
            CONSUMER_SECRET,
            "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
            TOKEN_SECRET,
            "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
            1318622958L);
    assertThat(header)
        .isEqualTo(
            "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", "
                + "oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", "
                + "oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\", "
                + "oauth_signature_method=\"HMAC-SHA1\", "
                + "oauth_timestamp=\"1318622958\", "
                + "oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", "
                + "oauth_version=\"1.0\"");
  }

  @Test
  void percentEncodingIsRfc3986() {
    assertThat(OAuth1Signer.encode("Ladies + Gentlemen~*!"))
        .isEqualTo("Ladies%20%2B%20Gentlemen~%2A%21");
    assertThat(OAuth1Signer.encode("é")).isEqualTo("%C3%A9");
  }
}
