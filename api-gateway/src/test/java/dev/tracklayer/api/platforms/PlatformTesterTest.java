package dev.tracklayer.api.platforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformTesterTest {

  @Test
  void credentialsAreScrubbedFromWhatAPlatformQuotesBack() {
    Map<String, String> creds = Map.of("access_token", "EAAB/tok+en=\"x\" 1", "pixel_id", "123");
    // As written, URL-encoded either way, and JSON-escaped.
    String echoed =
        "bad token EAAB/tok+en=\"x\" 1; url ?access_token=EAAB%2Ftok%2Ben%3D%22x%22+1"
            + " or EAAB%2Ftok%2Ben%3D%22x%22%201; body {\"access_token\":\"EAAB/tok+en=\\\"x\\\" 1\"}";
    String scrubbed = PlatformTester.scrub(echoed, creds);
    String m = CredentialMask.DOTS;
    assertThat(scrubbed)
        .isEqualTo(
            "bad token "
                + m
                + "; url ?access_token="
                + m
                + " or "
                + m
                + "; body {\"access_token\":\""
                + m
                + "\"}");
    // Values too short to be secrets (a pixel id of three digits) are left alone.
    assertThat(PlatformTester.scrub("pixel 123", creds)).isEqualTo("pixel 123");
    assertThat(PlatformTester.scrub(null, creds)).isNull();
  }
}
