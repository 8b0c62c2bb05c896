package dev.tracklayer.api.billing;

import com.stripe.Stripe;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Stripe event payloads as Stripe sends them, and their {@code Stripe-Signature} headers. */
final class StripeEvents {
  private StripeEvents() {}

  static String newId(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  static String event(String id, String type, long created, String object) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"event\",\"api_version\":\""
        + Stripe.API_VERSION
        + "\",\"created\":"
        + created
        + ",\"livemode\":false,\"pending_webhooks\":1,\"type\":\""
        + type
        + "\",\"request\":{\"id\":null,\"idempotency_key\":null},\"data\":{\"object\":"
        + object
        + "}}";
  }

  static String subscription(
      String id,
      String customer,
      String status,
      String merchantId,
      String priceId,
      Instant periodStart,
      Instant periodEnd) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"subscription\",\"customer\":\""
        + customer
        + "\",\"status\":\""
        + status
        + "\",\"metadata\":{\"merchant_id\":\""
        + merchantId
        + "\"},\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_1\",\"object\":\"subscription_item\","
        + "\"current_period_start\":"
        + periodStart.getEpochSecond()
        + ",\"current_period_end\":"
        + periodEnd.getEpochSecond()
        + ",\"price\":{\"id\":\""
        + priceId
        + "\",\"object\":\"price\"}}]}}";
  }

  static String checkoutSession(
      String merchantId, String customer, String subscription, String plan) {
    return "{\"id\":\""
        + newId("cs_test")
        + "\",\"object\":\"checkout.session\",\"mode\":\"subscription\",\"client_reference_id\":\""
        + merchantId
        + "\",\"customer\":\""
        + customer
        + "\",\"subscription\":\""
        + subscription
        + "\",\"payment_status\":\"paid\",\"status\":\"complete\",\"metadata\":{\"plan\":\""
        + plan
        + "\"}}";
  }

  static String invoice(String customer, String subscription) {
    return "{\"id\":\""
        + newId("in")
        + "\",\"object\":\"invoice\",\"customer\":\""
        + customer
        + "\",\"parent\":{\"type\":\"subscription_details\",\"subscription_details\":"
        + "{\"subscription\":\""
        + subscription
        + "\"}}}";
  }

  /** {@code t=…,v1=…}: HMAC-SHA256 of "t.payload" under the endpoint's secret, as Stripe signs. */
  static String signature(String payload, String secret, long timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(sig);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
