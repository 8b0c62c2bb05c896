package dev.tracklayer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A port, topic or path that both ./tracklayer and a gateway's application.yml default has one
 * value: the script passes its own to every part it starts, and the jar run on its own (a
 * container, a test) falls back to the yml's, so two different defaults would put the same part on
 * two addresses depending on how it was started.
 */
class ScriptDefaultsTest {
  private static final Pattern SCRIPT_DEFAULT =
      Pattern.compile("\\$\\{(TRACKLAYER_[A-Z0-9_]+):-([^}$]+)}");
  private static final Pattern YML_DEFAULT =
      Pattern.compile("\\$\\{(TRACKLAYER_[A-Z0-9_]+):([^}$]+)}");

  private static Map<String, String> defaults(Pattern pattern, String text) {
    Map<String, String> out = new TreeMap<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void theScriptAndTheGatewaysDefaultEachSettingAlike() {
    Map<String, String> script =
        defaults(SCRIPT_DEFAULT, CodeSettings.text(CodeSettings.root().resolve("tracklayer")));
    assertThat(script).containsKeys("TRACKLAYER_INGEST_PORT", "TRACKLAYER_API_PORT");
    List<String> shared = new ArrayList<>();
    List<String> differ = new ArrayList<>();
    for (String module : List.of("ingest-gateway", "api-gateway")) {
      Map<String, String> yml =
          defaults(
              YML_DEFAULT,
              CodeSettings.text(
                  CodeSettings.root()
                      .resolve(module)
                      .resolve("src/main/resources/application.yml")));
      yml.forEach(
          (name, value) -> {
            String ours = script.get(name);
            if (ours != null) {
              shared.add(name);
              if (!ours.equals(value)) {
                differ.add(module + ": " + name + " is " + value + ", ./tracklayer says " + ours);
              }
            }
          });
    }
    assertThat(shared).contains("TRACKLAYER_INGEST_PORT", "TRACKLAYER_API_PORT");
    assertThat(differ).as("defaults that disagree").isEmpty();
  }
}
