package dev.tracklayer.ingest.quota;

import dev.tracklayer.core.billing.BillingPeriod;
import dev.tracklayer.core.billing.Subscriptions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One merchant's count on this replica. Every field is guarded by the object's monitor; each event
 * holds it for a few comparisons, so contention between the two event loops is negligible.
 *
 * <p>The period's total as this replica sees it is {@code shared} (PostgreSQL's count when last
 * read) + {@code flushing} (being added right now) + {@code pending} (accepted, not yet flushed) +
 * {@code inFlight} (checked, waiting for Kafka's verdict).
 */
final class MerchantUsage implements Ticket {
  final String merchantId;

  private PlanState state;
  private BillingPeriod period;
  private LocalDate key;
  private String planId;
  private long allowance;
  private boolean hardCap;

  private long shared;
  private long flushing;
  private long pending;
  private long inFlight;
  private final Map<LocalDate, Long> earlier = new HashMap<>();
  private long lastUsedNanos;
  private boolean evicted;

  MerchantUsage(String merchantId) {
    this.merchantId = merchantId;
  }

  /** What the check decided: go on, wait for a flush, or refuse. */
  enum Verdict {
    ADMITTED,
    FLUSH_FIRST,
    EXCEEDED,
    EVICTED
  }

  /** Checks one event against the plan; on ADMITTED the caller holds this ticket. */
  synchronized Verdict admit(
      PlanState latest, Instant now, long nanos, Duration grace, int maxUnflushed) {
    if (evicted) {
      return Verdict.EVICTED;
    }
    lastUsedNanos = nanos;
    follow(latest, now, grace);
    if (!hardCap) {
      inFlight++;
      return Verdict.ADMITTED;
    }
    if (shared + flushing + pending + inFlight >= allowance) {
      return Verdict.EXCEEDED;
    }
    if (flushing + pending + inFlight >= maxUnflushed) {
      return Verdict.FLUSH_FIRST;
    }
    inFlight++;
    return Verdict.ADMITTED;
  }

  /** Takes up a newer plan state, and moves to the next period when this one is over. */
  private void follow(PlanState latest, Instant now, Duration grace) {
    if (latest != state || !period.contains(now)) {
      if (latest != state) {
        state = latest;
        boolean free =
            Subscriptions.fallsBackToFree(
                latest.subscriptionStatus(), latest.paymentFailedAt(), grace, now);
        planId = free ? latest.freePlanId() : latest.planId();
        allowance = free ? latest.freeAllowance() : latest.allowance();
        hardCap = free || latest.hardCap();
      }
      boolean bySubscription = Subscriptions.setsPeriod(latest.subscriptionStatus());
      BillingPeriod current =
          BillingPeriod.at(
              now,
              bySubscription ? latest.periodStart() : null,
              bySubscription ? latest.periodEnd() : null);
      if (key != null && !key.equals(current.key())) {
        // The period turned: what is still unflushed belongs to the one that ended.
        if (pending > 0) {
          earlier.merge(key, pending, Long::sum);
        }
        pending = 0;
        shared = 0;
      }
      period = current;
      key = current.key();
    }
    if (key.equals(latest.usageKey()) && latest.usage() > shared) {
      shared = latest.usage();
    }
  }

  @Override
  public synchronized void accepted() {
    inFlight--;
    pending++;
  }

  @Override
  public synchronized void released() {
    inFlight--;
  }

  /** The plan and reset time for a 429's body. */
  synchronized Exceeded exceeded() {
    return new Exceeded(planId, allowance, period.end());
  }

  record Exceeded(String plan, long allowance, Instant resetsAt) {}

  /** What one flush took from this merchant. */
  record Taken(List<UsageRepository.Increment> increments, LocalDate key, long fromPending) {}

  /** Moves what is unflushed into {@code flushing} and returns it. */
  synchronized Taken takeForFlush() {
    List<UsageRepository.Increment> out = new ArrayList<>(1 + earlier.size());
    earlier.forEach((k, n) -> out.add(new UsageRepository.Increment(merchantId, k, n)));
    earlier.clear();
    long taken = pending;
    if (taken > 0) {
      out.add(new UsageRepository.Increment(merchantId, key, taken));
      flushing += taken;
      pending = 0;
    }
    return new Taken(out, key, taken);
  }

  /** The flush is over; {@code totals} holds PostgreSQL's count per period after it. */
  synchronized void flushed(Taken taken, Map<LocalDate, Long> totals, boolean ok) {
    flushing -= taken.fromPending();
    if (!ok) {
      // Kept for the next flush: PostgreSQL did not take it.
      for (UsageRepository.Increment inc : taken.increments()) {
        if (inc.period().equals(key)) {
          pending += inc.events();
        } else {
          earlier.merge(inc.period(), inc.events(), Long::sum);
        }
      }
      return;
    }
    Long total = totals.get(key);
    if (total != null && total > shared) {
      shared = total;
    }
  }

  /** Leaves the map when idle and empty; a late admit then starts a fresh one. */
  synchronized boolean evictIfIdle(long nanos, long idleNanos) {
    if (pending == 0
        && flushing == 0
        && inFlight == 0
        && earlier.isEmpty()
        && nanos - lastUsedNanos > idleNanos) {
      evicted = true;
      return true;
    }
    return false;
  }
}
