package dev.tracklayer.ingest.quota;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A merchant's plan and subscription as PostgreSQL had them, with the period's shared count read at
 * the same time.
 *
 * @param allowance the plan's included events per period
 * @param hardCap no overage price: events past the allowance are refused
 * @param usageKey the period {@code usage} was read for
 * @param usage {@code usage_periods.events} of that period when read
 */
record PlanState(
    String planId,
    long allowance,
    boolean hardCap,
    String subscriptionStatus,
    Instant periodStart,
    Instant periodEnd,
    Instant paymentFailedAt,
    String freePlanId,
    long freeAllowance,
    LocalDate usageKey,
    long usage) {}
