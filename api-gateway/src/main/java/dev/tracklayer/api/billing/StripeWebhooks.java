package dev.tracklayer.api.billing;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import dev.tracklayer.api.errors.ApiException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stripe's webhooks, verified with stripe-java's {@link Webhook#constructEvent} (the {@code
 * Stripe-Signature} HMAC with the endpoint's secret, at most {@code webhook-tolerance} old),
 * applied to the merchant they name.
 *
 * <p>Idempotent by event id: the id is recorded in {@code stripe_webhook_events} in the same
 * transaction as the change, so a replayed delivery changes nothing. Out of order: Stripe does not
 * promise order, so a subscription state carries the {@code created} second of the event that set
 * it, and an older event does not replace it; a canceled subscription stays canceled.
 */
@Service
public class StripeWebhooks {
  private static final Logger LOG = LoggerFactory.getLogger(StripeWebhooks.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final PlanCatalog catalog;
  private final BillingProperties properties;
  private final Clock clock;

  public StripeWebhooks(
      JdbcClient jdbc,
      TransactionTemplate tx,
      PlanCatalog catalog,
      BillingProperties properties,
      Clock billingClock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.catalog = catalog;
    this.properties = properties;
    this.clock = billingClock;
  }

  public WebhookResult receive(String payload, String signature) {
    BillingProperties.Stripe stripe = properties.stripe();
    if (!stripe.hasWebhookSecret()) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "billing_not_configured",
          "Stripe webhooks are not set up on this server (TRACKLAYER_STRIPE_WEBHOOK_SECRET is unset)");
    }
    if (payload == null || signature == null || signature.isBlank()) {
      throw ApiException.badRequest(
          "invalid_signature",
          "a signed Stripe event and its Stripe-Signature header are required");
    }
    Event event;
    try {
      event =
          Webhook.constructEvent(
              payload,
              signature,
              stripe.webhookSecret(),
              stripe.webhookTolerance().toSeconds(),
              clock);
    } catch (SignatureVerificationException e) {
      throw ApiException.badRequest(
          "invalid_signature",
          "the Stripe-Signature does not match this endpoint's secret, or is too old");
    } catch (RuntimeException e) { // gson: the signed body is not JSON
      throw ApiException.badRequest("invalid_json", "the signed body is not a Stripe event");
    }
    if (event.getId() == null || event.getType() == null) {
      throw ApiException.badRequest("invalid_json", "the signed body is not a Stripe event");
    }
    String outcome =
        tx.execute(
            status -> {
              int fresh =
                  jdbc.sql(
                          "INSERT INTO stripe_webhook_events (id, type) VALUES (:id, :type)"
                              + " ON CONFLICT (id) DO NOTHING")
                      .param("id", event.getId())
                      .param("type", event.getType())
                      .update();
              if (fresh == 0) {
                return "duplicate";
              }
              return apply(event) ? "applied" : "ignored";
            });
    LOG.info("Stripe event {} ({}): {}", event.getId(), event.getType(), outcome);
    return new WebhookResult(event.getId(), event.getType(), outcome);
  }

  private boolean apply(Event event) {
    long created = event.getCreated() == null ? 0 : event.getCreated();
    return switch (event.getType()) {
      case "checkout.session.completed" ->
          object(event, Session.class).map(s -> checkoutCompleted(s, created)).orElse(false);
      case "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted" ->
          object(event, Subscription.class)
              .map(s -> subscriptionChanged(s, event.getType(), created))
              .orElse(false);
      case "invoice.paid" ->
          object(event, Invoice.class).map(i -> invoicePaid(i, created)).orElse(false);
      case "invoice.payment_failed" ->
          object(event, Invoice.class).map(i -> paymentFailed(i, created)).orElse(false);
      default -> false;
    };
  }

  /** The merchant's subscription columns, locked until the transaction ends. */
  private record Current(
      UUID merchantId,
      String subscriptionId,
      String status,
      long eventAt,
      Instant paymentFailedAt) {}

  private Optional<Current> lock(String where, Object value) {
    return jdbc.sql(
            "SELECT id, stripe_subscription_id, subscription_status, subscription_event_at,"
                + " payment_failed_at FROM merchants WHERE "
                + where
                + " = :v ORDER BY created_at LIMIT 1 FOR UPDATE")
        .param("v", value)
        .query(
            (rs, n) ->
                new Current(
                    rs.getObject("id", UUID.class),
                    rs.getString("stripe_subscription_id"),
                    rs.getString("subscription_status"),
                    rs.getLong("subscription_event_at"),
                    rs.getTimestamp("payment_failed_at") == null
                        ? null
                        : rs.getTimestamp("payment_failed_at").toInstant()))
        .optional();
  }

  private Optional<Current> merchant(String merchantId, String customerId, String subscriptionId) {
    UUID id = uuid(merchantId);
    Optional<Current> found = id == null ? Optional.empty() : lock("id", id);
    if (found.isEmpty() && customerId != null) {
      found = lock("stripe_customer_id", customerId);
    }
    if (found.isEmpty() && subscriptionId != null) {
      found = lock("stripe_subscription_id", subscriptionId);
    }
    return found;
  }

  /** Whether an event about {@code subscriptionId} at {@code created} may replace the state. */
  private static boolean newer(Current current, String subscriptionId, long created) {
    if (subscriptionId != null
        && subscriptionId.equals(current.subscriptionId())
        && "canceled".equals(current.status())) {
      return false; // a canceled subscription never comes back
    }
    return created >= current.eventAt();
  }

  private boolean checkoutCompleted(Session session, long created) {
    Optional<Current> found =
        merchant(session.getClientReferenceId(), session.getCustomer(), session.getSubscription());
    if (found.isEmpty()) {
      return false;
    }
    Current current = found.get();
    // The customer is the merchant's whatever the order of events: the portal needs it.
    jdbc.sql(
            "UPDATE merchants SET stripe_customer_id = COALESCE(:customer, stripe_customer_id),"
                + " updated_at = now() WHERE id = :id")
        .param("customer", session.getCustomer())
        .param("id", current.merchantId())
        .update();
    if (session.getSubscription() == null || !newer(current, session.getSubscription(), created)) {
      return true;
    }
    String plan =
        Optional.ofNullable(session.getMetadata())
            .map(m -> m.get("plan"))
            .flatMap(catalog::find)
            .map(Plan::id)
            .orElse(null);
    jdbc.sql(
            "UPDATE merchants SET stripe_subscription_id = :subscription,"
                + " subscription_status = 'active', plan_id = COALESCE(:plan, plan_id),"
                + " payment_failed_at = NULL, subscription_event_at = :at, updated_at = now()"
                + " WHERE id = :id")
        .param("subscription", session.getSubscription())
        .param("plan", plan)
        .param("at", created)
        .param("id", current.merchantId())
        .update();
    return true;
  }

  private boolean subscriptionChanged(Subscription subscription, String type, long created) {
    Map<String, String> metadata =
        subscription.getMetadata() == null ? Map.of() : subscription.getMetadata();
    Optional<Current> found =
        merchant(metadata.get("merchant_id"), subscription.getCustomer(), subscription.getId());
    if (found.isEmpty()) {
      return false;
    }
    Current current = found.get();
    boolean deleted = type.endsWith(".deleted");
    if (deleted
        && current.subscriptionId() != null
        && !current.subscriptionId().equals(subscription.getId())) {
      return false; // an older subscription ended; the merchant has moved on
    }
    if (!newer(current, subscription.getId(), created)) {
      return false;
    }
    String status = deleted ? "canceled" : subscription.getStatus();
    SubscriptionItem item =
        subscription.getItems() == null
                || subscription.getItems().getData() == null
                || subscription.getItems().getData().isEmpty()
            ? null
            : subscription.getItems().getData().get(0);
    String plan;
    if (deleted) {
      plan = catalog.free().id();
    } else {
      plan =
          Optional.ofNullable(item)
              .map(SubscriptionItem::getPrice)
              .flatMap(price -> catalog.byStripePrice(price.getId()))
              .or(() -> catalog.find(metadata.get("plan")))
              .map(Plan::id)
              .orElse(null);
    }
    Timestamp start = epoch(item == null ? null : item.getCurrentPeriodStart());
    Timestamp end = epoch(item == null ? null : item.getCurrentPeriodEnd());
    boolean unpaid = "past_due".equals(status) || "unpaid".equals(status);
    jdbc.sql(
            "UPDATE merchants SET stripe_subscription_id = :subscription,"
                + " stripe_customer_id = COALESCE(:customer, stripe_customer_id),"
                + " subscription_status = :status, plan_id = COALESCE(:plan, plan_id),"
                + " current_period_start = COALESCE(:start, current_period_start),"
                + " current_period_end = COALESCE(:end, current_period_end),"
                + " payment_failed_at = CASE WHEN :unpaid"
                + " THEN COALESCE(payment_failed_at, to_timestamp(:at)) END,"
                + " subscription_event_at = :at, updated_at = now() WHERE id = :id")
        .param("subscription", subscription.getId())
        .param("customer", subscription.getCustomer())
        .param("status", status)
        .param("plan", plan)
        .param("start", start)
        .param("end", end)
        .param("unpaid", unpaid)
        .param("at", created)
        .param("id", current.merchantId())
        .update();
    return true;
  }

  private static String subscriptionOf(Invoice invoice) {
    if (invoice.getParent() == null || invoice.getParent().getSubscriptionDetails() == null) {
      return null;
    }
    return invoice.getParent().getSubscriptionDetails().getSubscription();
  }

  private boolean invoicePaid(Invoice invoice, long created) {
    String subscription = subscriptionOf(invoice);
    Optional<Current> found = merchant(null, invoice.getCustomer(), subscription);
    if (found.isEmpty()) {
      return false;
    }
    Current current = found.get();
    if (subscription != null && !subscription.equals(current.subscriptionId())) {
      return false;
    }
    Instant at = Instant.ofEpochSecond(created);
    // Paying clears a failure that came before it, not one that came after.
    boolean clears = current.paymentFailedAt() != null && !at.isBefore(current.paymentFailedAt());
    boolean reactivates =
        ("past_due".equals(current.status()) || "unpaid".equals(current.status()))
            && newer(current, subscription, created);
    if (!clears && !reactivates) {
      return false;
    }
    jdbc.sql(
            "UPDATE merchants SET payment_failed_at = CASE WHEN :clears THEN NULL"
                + " ELSE payment_failed_at END,"
                + " subscription_status = CASE WHEN :reactivates THEN 'active'"
                + " ELSE subscription_status END,"
                + " subscription_event_at = CASE WHEN :reactivates THEN :at"
                + " ELSE subscription_event_at END, updated_at = now() WHERE id = :id")
        .param("clears", clears)
        .param("reactivates", reactivates)
        .param("at", created)
        .param("id", current.merchantId())
        .update();
    return true;
  }

  private boolean paymentFailed(Invoice invoice, long created) {
    String subscription = subscriptionOf(invoice);
    Optional<Current> found = merchant(null, invoice.getCustomer(), subscription);
    if (found.isEmpty()) {
      return false;
    }
    Current current = found.get();
    if (subscription != null && !subscription.equals(current.subscriptionId())) {
      return false;
    }
    boolean pastDue = "active".equals(current.status()) && newer(current, subscription, created);
    jdbc.sql(
            "UPDATE merchants SET payment_failed_at = COALESCE(payment_failed_at, to_timestamp(:at)),"
                + " subscription_status = CASE WHEN :pastDue THEN 'past_due'"
                + " ELSE subscription_status END,"
                + " subscription_event_at = CASE WHEN :pastDue THEN :at"
                + " ELSE subscription_event_at END, updated_at = now() WHERE id = :id")
        .param("at", created)
        .param("pastDue", pastDue)
        .param("id", current.merchantId())
        .update();
    return true;
  }

  private static <T extends StripeObject> Optional<T> object(Event event, Class<T> type) {
    StripeObject object;
    try {
      // Events of another API version than the SDK's are read as far as they go.
      object =
          event.getDataObjectDeserializer().getObject().isPresent()
              ? event.getDataObjectDeserializer().getObject().get()
              : event.getDataObjectDeserializer().deserializeUnsafe();
    } catch (EventDataObjectDeserializationException | RuntimeException e) {
      LOG.warn("Stripe event {} ({}) has an unreadable object", event.getId(), event.getType());
      return Optional.empty();
    }
    return type.isInstance(object) ? Optional.of(type.cast(object)) : Optional.empty();
  }

  private static Timestamp epoch(Long seconds) {
    return seconds == null ? null : Timestamp.from(Instant.ofEpochSecond(seconds));
  }

  private static UUID uuid(String text) {
    if (text == null) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
