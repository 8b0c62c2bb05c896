package dev.tracklayer.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BillingPeriodTest {
  static final Instant START = Instant.parse("2026-11-15T10:23:00Z");
  static final Instant END = Instant.parse("2026-12-15T10:23:00Z");

  @Test
  void withoutASubscriptionTheCalendarMonthInUtc() {
    BillingPeriod p = BillingPeriod.at(Instant.parse("2026-12-31T23:59:59Z"), null, null);
    assertThat(p.start()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(p.end()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(p.fromSubscription()).isFalse();
    assertThat(p.key()).isEqualTo(LocalDate.parse("2026-12-01"));
    assertThat(BillingPeriod.at(Instant.parse("2027-01-01T00:00:00Z"), null, null).key())
        .isEqualTo(LocalDate.parse("2027-01-01"));
  }

  @Test
  void theSubscriptionsPeriodWhileItRuns() {
    BillingPeriod p = BillingPeriod.at(Instant.parse("2026-12-01T00:00:00Z"), START, END);
    assertThat(p).isEqualTo(new BillingPeriod(START, END, true));
    assertThat(p.key()).isEqualTo(LocalDate.parse("2026-11-15"));
    assertThat(p.contains(END)).isFalse();
    assertThat(p.contains(START)).isTrue();
  }

  @Test
  void pastItsEndWithoutARenewalTheSameMonthlyAnchorGoesOn() {
    BillingPeriod next = BillingPeriod.at(END.plus(Duration.ofDays(3)), START, END);
    assertThat(next.start()).isEqualTo(END);
    assertThat(next.end()).isEqualTo(Instant.parse("2027-01-15T10:23:00Z"));
    assertThat(next.fromSubscription()).isTrue();
    // an anchor on the 31st keeps to the month's last day and comes back to the 31st
    Instant jan31 = Instant.parse("2027-01-31T00:00:00Z");
    BillingPeriod march =
        BillingPeriod.at(
            Instant.parse("2027-03-31T12:00:00Z"), jan31, Instant.parse("2027-02-28T00:00:00Z"));
    assertThat(march.start()).isEqualTo(Instant.parse("2027-03-31T00:00:00Z"));
  }

  @Test
  void beforeTheSubscriptionStartsOrWithANonsensePeriodTheCalendarMonth() {
    assertThat(BillingPeriod.at(START.minusSeconds(1), START, END).fromSubscription()).isFalse();
    assertThat(BillingPeriod.at(START.plusSeconds(1), END, START).fromSubscription()).isFalse();
  }

  @Test
  void anEndedOrLongUnpaidSubscriptionFallsBackToFree() {
    Instant now = Instant.parse("2026-12-06T12:00:00Z");
    Duration grace = Duration.ofDays(7);
    assertThat(Subscriptions.fallsBackToFree("canceled", null, grace, now)).isTrue();
    assertThat(Subscriptions.fallsBackToFree("incomplete_expired", null, grace, now)).isTrue();
    assertThat(Subscriptions.fallsBackToFree("active", null, grace, now)).isFalse();
    assertThat(Subscriptions.fallsBackToFree(null, null, grace, now)).isFalse();
    Instant failed = now.minus(grace);
    assertThat(Subscriptions.fallsBackToFree("past_due", failed, grace, now)).isTrue();
    assertThat(Subscriptions.fallsBackToFree("unpaid", failed.plusSeconds(1), grace, now))
        .isFalse();
    assertThat(Subscriptions.fallsBackToFree("past_due", null, grace, now)).isFalse();
    assertThat(Subscriptions.setsPeriod("canceled")).isFalse();
    assertThat(Subscriptions.setsPeriod("past_due")).isTrue();
    assertThat(Subscriptions.setsPeriod(null)).isFalse();
  }
}
