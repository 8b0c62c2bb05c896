package dev.tracklayer.core.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;

class ClickHouseSqlTest {
  private static ClickHouseDatabase db;

  @BeforeContainer
  static void start() {
    db =
        new ClickHouseDatabase(
            new ClickHouseSettings(ClickHouseTestServer.shared().url(), "default", null, null),
            JsonMapper.builder().build());
  }

  @AfterContainer
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  /** Strings built to break out of a literal: quotes, backslashes, comments, control chars. */
  @Provide
  Arbitrary<String> hostile() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "'",
            "\\",
            "\\'",
            "''",
            "--",
            "/*",
            "*/",
            ";",
            "\n",
            "\r",
            "\t",
            "\0",
            "?",
            "\"",
            "`",
            "') OR 1=1 --",
            "\\\\'",
            "é",
            "日本",
            "😀",
            "\u007f",
            "\u0001",
            " UNION SELECT 1");
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(12);
    // Lone surrogates have no UTF-8 form, so they cannot reach ClickHouse as themselves.
    return Arbitraries.oneOf(pieces, any)
        .list()
        .ofMaxSize(8)
        .map(l -> String.join("", l))
        .filter(s -> s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF));
  }

  @Property(tries = 1500)
  void anyStringRoundTripsThroughRealClickHouseUnchanged(@ForAll("hostile") String value) {
    String sql = ClickHouseSql.bind("SELECT ? AS s, length(?) AS n", value, value);
    var rows = db.query(sql);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("s").asText()).isEqualTo(value);
  }

  @Property(tries = 300)
  void valuesInATupleStayValues(@ForAll("hostile") String a, @ForAll("hostile") String b) {
    String sql =
        ClickHouseSql.bind("SELECT count() AS c FROM system.one WHERE ? IN ?", a, List.of(a, b));
    assertThat(db.query(sql).get(0).get("c").asInt()).isEqualTo(1);
  }

  @Test
  void rendersNumbersTimesAndNull() {
    assertThat(
            ClickHouseSql.bind(
                "SELECT ?, ?, ?, ?, ?",
                42L,
                new BigDecimal("129.99"),
                Instant.ofEpochSecond(1776678000),
                true,
                null))
        .isEqualTo("SELECT 42, 129.99, toDateTime(1776678000, 'UTC'), 1, NULL");
  }

  @Test
  void refusesMismatchedPlaceholdersQuotesAndNonFiniteNumbers() {
    assertThatThrownBy(() -> ClickHouseSql.bind("SELECT ?, ?", "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClickHouseSql.bind("SELECT ?", "a", "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClickHouseSql.bind("SELECT '?'", "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClickHouseSql.bind("SELECT ?", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identifiersOnlyFromTheAllowList() {
    assertThat(ClickHouseSql.identifier("received_at", Set.of("received_at")))
        .isEqualTo("received_at");
    assertThatThrownBy(
            () -> ClickHouseSql.identifier("received_at; DROP TABLE events", Set.of("received_at")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
