package dev.tracklayer.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.facebook.ads.utils.ServerSideApiUtil;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every currency Meta's SDK accepts, in any case, we accept too and bind to the same code. */
class CurrencySdkOracleProperties {

  private static final Instant NOW = Instant.parse("2026-04-20T10:00:00Z");
  private static final EventValidator VALIDATOR =
      new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC));

  @Property(tries = 10_000, generation = GenerationMode.RANDOMIZED)
  void acceptedCurrencyMatchesSdk(@ForAll("currencies") String raw) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("event_name", "purchase").put("event_time", NOW.getEpochSecond());
    body.put("value", 1).put("currency", raw);
    ValidationResult r = VALIDATOR.validate(body);
    assertThat(r.errors()).isEmpty();
    assertThat(r.event().currency)
        .isEqualTo(ServerSideApiUtil.normalize(raw, "currency").toUpperCase(Locale.ROOT));
  }

  @Provide
  Arbitrary<String> currencies() {
    return Combinators.combine(
            Arbitraries.of(Currency.getAvailableCurrencies()).map(Currency::getCurrencyCode),
            Arbitraries.longs())
        .as(
            (code, seed) -> {
              Random random = new Random(seed);
              StringBuilder sb = new StringBuilder();
              for (char c : code.toCharArray()) {
                sb.append(random.nextBoolean() ? c : Character.toLowerCase(c));
              }
              return sb.toString();
            });
  }
}
