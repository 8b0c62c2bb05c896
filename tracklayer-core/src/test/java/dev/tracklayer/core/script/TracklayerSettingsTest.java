package dev.tracklayer.core.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.testing.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code ./tracklayer} takes its settings from: the environment, then tracklayer.env, then
 * the generated development secrets, so a part restarted by a later {@code up} gets the settings
 * the rest got, and an operator's own secret is the one used.
 */
class TracklayerSettingsTest {
  @TempDir Path dir;

  @Test
  void theFileSetsWhatTheEnvironmentDoesNotAndStatusSaysWhereEachCameFrom() throws Exception {
    Path config = dir.resolve("tracklayer.env");
    Files.writeString(
        config,
        "# a comment\nTRACKLAYER_INGEST_PORT=18080\nTRACKLAYER_API_PORT=\"18081\"\n"
            + "TRACKLAYER_POSTGRES_PASSWORD=hunter22\n");
    String out =
        run(
            Map.of("TRACKLAYER_CONFIG", config.toString(), "TRACKLAYER_API_PORT", "28081"),
            "status");

    assertThat(out)
        .containsPattern("ingest-gateway +down +:18080 ")
        .containsPattern("api-gateway +down +:28081 ")
        .containsPattern("TRACKLAYER_INGEST_PORT +18080  \\(" + config + "\\)")
        .containsPattern("TRACKLAYER_API_PORT +28081  \\(environment\\)")
        .contains("TRACKLAYER_POSTGRES_PASSWORD")
        .doesNotContain("hunter22");
  }

  @Test
  void anOperatorsJwtSecretWinsOverTheGeneratedOne() throws Exception {
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    Files.writeString(
        home.resolve("secrets.env"),
        "TRACKLAYER_JWT_SECRET=generated-secret-generated-secret-generated-sec\n"
            + "TRACKLAYER_CREDENTIALS_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    String operator = "operators-own-secret-operators-own-secret-0123456";
    String token =
        run(
                Map.of(
                    "TRACKLAYER_HOME", home.toString(),
                    "TRACKLAYER_CONFIG", dir.resolve("none.env").toString(),
                    "TRACKLAYER_JWT_SECRET", operator),
                "dev-token")
            .strip();

    int dot = token.lastIndexOf('.');
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(operator.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                mac.doFinal(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII)));
    assertThat(token.substring(dot + 1))
        .as("signed with the operator's secret")
        .isEqualTo(expected);
  }

  @Test
  void aLineThatIsNotASettingIsRefusedByName() throws Exception {
    Path config = dir.resolve("tracklayer.env");
    Files.writeString(config, "PATH=/tmp\n");
    Process p = start(Map.of("TRACKLAYER_CONFIG", config.toString()), "status");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out).contains("not a TRACKLAYER_*=value line: PATH=/tmp");
  }

  private String run(Map<String, String> env, String... args) throws Exception {
    Process p = start(env, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private Process start(Map<String, String> env, String... args) throws IOException {
    Path script = RepoPaths.root().resolve("tracklayer");
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // Only what the test sets: the developer's own TRACKLAYER_* would change the answers.
    pb.environment().keySet().removeIf(k -> k.startsWith("TRACKLAYER_"));
    pb.environment().putIfAbsent("TRACKLAYER_HOME", dir.resolve("state").toString());
    pb.environment().putAll(env);
    return pb.start();
  }
}
