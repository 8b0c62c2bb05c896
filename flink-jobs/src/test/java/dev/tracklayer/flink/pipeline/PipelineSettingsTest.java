package dev.tracklayer.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {
  @Test
  void theRetryHorizonAndDrainRateHaveDefaultsAndPerPlatformOverrides() {
    var d =
        PipelineSettings.fromMap(
                Map.of(
                    "TRACKLAYER_DELIVERY_RETRY_HORIZON", "6h",
                    "TRACKLAYER_DELIVERY_RETRY_HORIZON_GOOGLE_ADS", "90m",
                    "TRACKLAYER_DELIVERY_DRAIN_RATE_META", "250"))
            .delivery();
    assertThat(d.horizon("meta")).isEqualTo(Duration.ofHours(6));
    assertThat(d.horizon("google_ads")).isEqualTo(Duration.ofMinutes(90));
    assertThat(d.drainRate("meta")).isEqualTo(250.0);
    assertThat(d.drainRate("tiktok")).isEqualTo(1000.0);
    var defaults = PipelineSettings.fromMap(Map.of()).delivery();
    assertThat(defaults.horizon("meta")).isEqualTo(Duration.ofHours(24));
    assertThat(defaults.breakerFailures()).isEqualTo(5);
  }

  @Test
  void durationsReadTheirUnit() {
    assertThat(PipelineSettings.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(PipelineSettings.duration("1500")).isEqualTo(Duration.ofMillis(1500));
    assertThat(PipelineSettings.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> PipelineSettings.duration("soon"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
