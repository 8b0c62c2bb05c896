package dev.tracklayer.api.billing;

import java.util.List;

/** GET /v1/billing/plans: the catalog, in its file's order, without Stripe ids. */
public record PlanList(String currency, List<Plan> items) {}
