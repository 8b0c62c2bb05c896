package dev.tracklayer.api.billing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The plans of {@code tracklayer.billing.plans-file}, bound to typed records by Spring's own binder
 * (kebab-case keys, YAML or JSON), checked at start: the gateway refuses to start on a catalog it
 * cannot bill by. At start the catalog is also written into PostgreSQL {@code plans}, the table the
 * ingest gateways read allowances from.
 */
@Component
public class PlanCatalog implements ApplicationRunner {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

  private final List<Plan> plans;
  private final Map<String, Plan> byId = new LinkedHashMap<>();
  private final String currency;
  private final Plan free;
  private final JdbcClient jdbc;

  public PlanCatalog(BillingProperties properties, JdbcClient jdbc) {
    this.jdbc = jdbc;
    Path file = properties.plansFile();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "no billing plan catalog at "
              + file.toAbsolutePath()
              + ": set TRACKLAYER_BILLING_PLANS_FILE (deploy/billing/plans.yaml is the default one)");
    }
    Binder binder;
    try {
      binder =
          new Binder(
              ConfigurationPropertySources.from(
                  new YamlPropertySourceLoader()
                      .load("billing plans", new FileSystemResource(file))));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the billing plan catalog " + file + " is not YAML/JSON", e);
    }
    this.plans = List.copyOf(binder.bind("plans", Bindable.listOf(Plan.class)).orElse(List.of()));
    this.currency = binder.bind("currency", String.class).orElse("usd");
    Set<String> prices = new HashSet<>();
    for (Plan plan : plans) {
      if (plan.id() == null || !ID.matcher(plan.id()).matches()) {
        throw invalid(file, "plan id '" + plan.id() + "' must be lower-case letters/digits/-/_");
      }
      if (byId.put(plan.id(), plan) != null) {
        throw invalid(file, "plan id '" + plan.id() + "' appears twice");
      }
      if (plan.name() == null || plan.name().isBlank()) {
        throw invalid(file, "plan '" + plan.id() + "' has no name");
      }
      if (plan.includedEvents() < 0 || plan.monthlyPriceCents() < 0) {
        throw invalid(file, "plan '" + plan.id() + "' has a negative price or allowance");
      }
      if (plan.overageCentsPer1000() != null && plan.overageCentsPer1000() < 0) {
        throw invalid(file, "plan '" + plan.id() + "' has a negative overage price");
      }
      if (plan.purchasable() && !prices.add(plan.stripePriceId())) {
        throw invalid(file, "two plans share the Stripe price of '" + plan.id() + "'");
      }
    }
    this.free = byId.get(properties.freePlan());
    if (free == null) {
      throw invalid(file, "the free plan '" + properties.freePlan() + "' is missing");
    }
  }

  private static IllegalStateException invalid(Path file, String why) {
    return new IllegalStateException("billing plan catalog " + file + ": " + why);
  }

  /**
   * Writes the catalog into {@code plans}; a plan missing from the file stays (merchants may be on
   * it).
   */
  @Override
  public void run(ApplicationArguments args) {
    int position = 0;
    for (Plan plan : plans) {
      jdbc.sql(
              "INSERT INTO plans (id, name, monthly_events, price_cents, stripe_price_id,"
                  + " overage_cents_per_1000, position)"
                  + " VALUES (:id, :name, :events, :price, :stripe, :overage, :position)"
                  + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,"
                  + " monthly_events = EXCLUDED.monthly_events, price_cents = EXCLUDED.price_cents,"
                  + " stripe_price_id = EXCLUDED.stripe_price_id,"
                  + " overage_cents_per_1000 = EXCLUDED.overage_cents_per_1000,"
                  + " position = EXCLUDED.position")
          .param("id", plan.id())
          .param("name", plan.name())
          .param("events", plan.includedEvents())
          .param("price", (int) plan.monthlyPriceCents())
          .param("stripe", plan.stripePriceId())
          .param(
              "overage",
              plan.overageCentsPer1000() == null ? null : plan.overageCentsPer1000().intValue())
          .param("position", position++)
          .update();
    }
  }

  public List<Plan> plans() {
    return plans;
  }

  public String currency() {
    return currency;
  }

  public Plan free() {
    return free;
  }

  public Optional<Plan> find(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  public Optional<Plan> byStripePrice(String priceId) {
    return plans.stream()
        .filter(p -> p.purchasable() && p.stripePriceId().equals(priceId))
        .findFirst();
  }
}
