package dev.tracklayer.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tracklayer.core.quality.Rejection;
import dev.tracklayer.core.quality.Warning;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrackEventJsonTest {

  private static TrackEvent sample() {
    TrackEvent e = new TrackEvent();
    e.eventId = "order-1";
    e.eventName = "purchase";
    e.eventTime = 1776678000L;
    e.merchantId = "5353bbf0-07ad-4636-98c6-64861af1b8c9";
    e.source = "server";
    e.value = new BigDecimal("100.0");
    e.currency = "USD";
    e.items = new ArrayList<>(List.of(new Item("SKU-A", 2, new BigDecimal("50.00"))));
    e.userData = new UserData();
    e.userData.dateOfBirth = "19900522";
    e.userData.externalIds = new ArrayList<>(List.of("a", "b"));
    e.userData.browserIds = new BrowserIds();
    e.userData.browserIds.scClickId = "sc";
    e.userData.browserIds.liFatId = "li";
    e.consent = new Consent(true, null);
    e.attribution = new Attribution(new Touch("gclid", "Cj0", 1776600000L), null);
    e.receivedAt = 1776678000123L;
    e.apiKeyId = "key_1";
    e.platforms = new ArrayList<>(List.of("meta"));
    e.replayOf = "order-0";
    return e;
  }

  @Test
  void writesSnakeCaseNamesPlainDecimalsAndNoNulls() throws Exception {
    JsonNode json = Json.readTree(Json.toJson(sample()));
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "event_id",
            "event_name",
            "event_time",
            "merchant_id",
            "source",
            "user_data",
            "value",
            "currency",
            "items",
            "consent",
            "attribution",
            "received_at",
            "api_key_id",
            "platforms",
            "replay_of");
    assertThat(json.get("user_data").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("date_of_birth", "external_ids", "browser_ids");
    assertThat(json.get("user_data").get("browser_ids").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("sc_click_id", "li_fat_id");
    assertThat(json.get("consent").has("analytics")).isFalse();
    assertThat(json.get("attribution").fieldNames()).toIterable().containsExactly("first_touch");
    assertThat(json.at("/attribution/first_touch/param").asText()).isEqualTo("gclid");
    assertThat(json.at("/attribution/first_touch/at").asLong()).isEqualTo(1776600000L);
    assertThat(Json.toJson(sample())).contains("\"value\":100.0").doesNotContain("E+");
  }

  @Test
  void roundTripsExactly() {
    TrackEvent e = sample();
    assertThat(Json.read(Json.toBytes(e), TrackEvent.class)).isEqualTo(e);
    assertThat(Json.read(Json.toJson(e), TrackEvent.class).value)
        .isEqualTo(new BigDecimal("100.0"));
  }

  @Test
  void ignoresUnknownPropertiesAtEveryLevel() {
    TrackEvent e =
        Json.read(
            "{\"event_name\":\"x\",\"new_field\":1,\"user_data\":{\"email\":\"a@b.co\",\"x\":[1]},"
                + "\"items\":[{\"id\":\"A\",\"sku_extra\":{}}]}",
            TrackEvent.class);
    assertThat(e.eventName).isEqualTo("x");
    assertThat(e.userData.email).isEqualTo("a@b.co");
    assertThat(e.items).containsExactly(new Item("A", null, null));
  }

  @Test
  void floatsAreReadAsBigDecimal() throws Exception {
    assertThat(Json.readTree("{\"v\":0.1}").get("v").isBigDecimal()).isTrue();
    assertThat(Json.read("{\"value\":0.1}", TrackEvent.class).value)
        .isEqualTo(new BigDecimal("0.1"));
  }

  @Test
  void duplicateKeysAndTrailingGarbageAreRejected() {
    assertThatThrownBy(() -> Json.readTree("{\"value\":1,\"value\":2}"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(
            () ->
                Json.readTree(
                    "{\"user_data\":{\"a\":1,\"b\":2,\"c\":3,\"email\":\"x\",\"email\":\"y\"}}"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.readTree("{\"items\":[{\"id\":\"a\",\"id\":\"b\"}]}"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.readTree("{\"a\":1} {}"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> Json.read("{\"event_name\":\"x\"} {}", TrackEvent.class))
        .hasRootCauseInstanceOf(JsonProcessingException.class);
  }

  @Test
  void treesRefuseDuplicateKeysAsTheyAreBuiltNotInTheParser() {
    // The parser's own check allocates a set per object on every request; the tree's costs
    // nothing. Its exception type tells which one refused.
    assertThatThrownBy(() -> Json.readTree("{\"a\":1,\"b\":2,\"c\":{\"d\":1,\"e\":2,\"d\":3}}"))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageStartingWith("Duplicate field 'd'");
  }

  @Test
  void toStringDoesNotLeakPersonalData() {
    TrackEvent e = sample();
    e.userData.email = "secret@example.com";
    assertThat(e.toString()).doesNotContain("secret").contains("email");
    assertThat(e.attribution.toString()).contains("gclid").doesNotContain("Cj0");
  }

  /**
   * Flink treats a class as a POJO (no Kryo) only if it is public, has a public no-arg constructor,
   * and every field is public and non-final (or has accessors) with a type Flink knows. Pins that
   * contract for every model class.
   */
  @Test
  void modelClassesAreFlinkPojosWithoutKryoTypes() throws Exception {
    Set<Class<?>> model =
        Set.of(
            TrackEvent.class,
            UserData.class,
            BrowserIds.class,
            Item.class,
            Consent.class,
            Attribution.class,
            Touch.class,
            Warning.class,
            Rejection.class,
            Rejection.Detail.class);
    Set<Class<?>> leaves =
        Set.of(String.class, Long.class, Integer.class, Boolean.class, BigDecimal.class);
    for (Class<?> c : model) {
      assertThat(Modifier.isPublic(c.getModifiers())).as(c.getName()).isTrue();
      assertThat(Modifier.isPublic(c.getConstructor().getModifiers())).isTrue();
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        String where = c.getSimpleName() + "." + f.getName();
        assertThat(Modifier.isPublic(f.getModifiers())).as(where).isTrue();
        assertThat(Modifier.isFinal(f.getModifiers())).as(where).isFalse();
        Type t = f.getGenericType();
        if (t instanceof ParameterizedType p) {
          assertThat(p.getRawType()).as(where).isEqualTo(List.class);
          Type arg = p.getActualTypeArguments()[0];
          assertThat(leaves.contains(arg) || model.contains(arg)).as(where).isTrue();
        } else {
          assertThat(leaves.contains(t) || model.contains(t)).as(where + " " + t).isTrue();
        }
      }
    }
  }
}
