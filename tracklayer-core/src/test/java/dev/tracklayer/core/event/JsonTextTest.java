package dev.tracklayer.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  private static String problem(String latin1) {
    return JsonText.problem(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String utf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  @Test
  void wellFormedUtf8JsonPasses() {
    assertThat(problem(utf8("{\"a\":\"é € 𝄞 日本\"}\r\n\t"))).isNull();
    assertThat(problem("\u00ef\u00bb\u00bf{}")).isNull(); // a UTF-8 BOM is UTF-8
    assertThat(problem("{\"a\":\"\\ud834\\udd1e \\\\ud800 \\\" \\u00e9\"}")).isNull();
  }

  @Test
  void malformedUtf8IsNamedByItsByteOffset() {
    assertThat(problem("{\"id\":\"a\u00c0\u00afb\"}")).endsWith("not valid UTF-8 at byte 8");
    assertThat(problem("a\u00e0\u0080\u00af")).endsWith("at byte 1"); // overlong, 3 bytes
    assertThat(problem("a\u00f0\u0080\u0080\u00af")).endsWith("at byte 1"); // overlong, 4 bytes
    assertThat(problem("a\u00ed\u00a0\u0080")).endsWith("at byte 1"); // a surrogate
    assertThat(problem("a\u00f4\u0090\u0080\u0080")).endsWith("at byte 1"); // above U+10FFFF
    assertThat(problem("ab\u00f5\u0080\u0080\u0080")).endsWith("at byte 2");
    assertThat(problem("ab\u0080")).endsWith("at byte 2"); // a lone continuation byte
    assertThat(problem("ab\u00e2\u0082")).endsWith("at byte 2"); // cut short
    assertThat(problem("ab\u00e2\u0082x")).endsWith("at byte 2");
  }

  @Test
  void controlBytesAndOtherEncodingsAreRefused() {
    assertThat(problem("{\"a\":\"x\u0000\"}")).endsWith("control character at byte 7");
    byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);
    assertThat(JsonText.problem(utf16)).contains("control character");
  }

  @Test
  void unpairedSurrogateEscapesAreRefused() {
    assertThat(problem("{\"a\":\"\\ud800\"}")).endsWith("unpaired surrogate escape at byte 6");
    assertThat(problem("{\"a\":\"\\udc00\\ud800\"}")).contains("unpaired");
    assertThat(problem("{\"a\":\"\\ud800x\\udc00\"}")).contains("unpaired");
    assertThat(problem("{\"a\":\"\\\\ud800\\udc00\"}")).contains("unpaired");
    assertThat(problem("{\"\\uDBFF\":1}")).contains("unpaired"); // keys too, either case
  }

  @Property(tries = 500)
  void whatJacksonWritesFromAnyStringPasses(@ForAll String text) {
    if (hasLoneSurrogate(text)) {
      return;
    }
    assertThat(JsonText.problem(Json.toBytes(Map.of(text, text)))).isNull();
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
        return true;
      }
      if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
        return true;
      }
    }
    return false;
  }
}
