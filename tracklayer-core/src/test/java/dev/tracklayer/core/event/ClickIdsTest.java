package dev.tracklayer.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.destinations.DestinationAdapters;
import org.junit.jupiter.api.Test;

class ClickIdsTest {

  @Test
  void everyParameterBelongsToAPlatformKey() {
    assertThat(ClickIds.PARAMS)
        .containsExactly(
            "fbclid",
            "ttclid",
            "gclid",
            "gbraid",
            "wbraid",
            "msclkid",
            "ScCid",
            "epik",
            "rdt_cid",
            "li_fat_id",
            "twclid");
    assertThat(ClickIds.PLATFORM_BY_PARAM.values())
        .allMatch(DestinationAdapters.PLATFORMS::contains);
    assertThat(ClickIds.platformOf("fbclid")).isEqualTo("meta");
    assertThat(ClickIds.platformOf("ttclid")).isEqualTo("tiktok");
    assertThat(ClickIds.platformOf("gclid")).isEqualTo("google_ads");
    assertThat(ClickIds.platformOf("gbraid")).isEqualTo("google_ads");
    assertThat(ClickIds.platformOf("wbraid")).isEqualTo("google_ads");
    assertThat(ClickIds.platformOf("msclkid")).isEqualTo("microsoft");
    assertThat(ClickIds.platformOf("ScCid")).isEqualTo("snapchat");
    assertThat(ClickIds.platformOf("epik")).isEqualTo("pinterest");
    assertThat(ClickIds.platformOf("rdt_cid")).isEqualTo("reddit");
    assertThat(ClickIds.platformOf("li_fat_id")).isEqualTo("linkedin");
    assertThat(ClickIds.platformOf("twclid")).isEqualTo("x");
    assertThat(ClickIds.platformOf("dclid")).isNull();
    assertThat(ClickIds.platformOf(null)).isNull();
  }
}
