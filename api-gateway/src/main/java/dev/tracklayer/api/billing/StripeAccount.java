package dev.tracklayer.api.billing;

import com.stripe.StripeClient;
import dev.tracklayer.api.errors.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The Stripe client (stripe-java) for this server's account, pointed at {@code
 * tracklayer.billing.stripe.api-base}; absent without a secret key, and then checkout and portal
 * answer 503 while plans and usage still work.
 */
@Component
public class StripeAccount {
  private final StripeClient client;

  public StripeAccount(BillingProperties properties) {
    BillingProperties.Stripe stripe = properties.stripe();
    this.client =
        stripe.hasApiKey()
            ? StripeClient.builder()
                .setApiKey(stripe.secretKey())
                .setApiBase(stripe.apiBase())
                .setConnectTimeout((int) stripe.timeout().toMillis())
                .setReadTimeout((int) stripe.timeout().toMillis())
                .build()
            : null;
  }

  /** The client, or a 503 that says what to configure. */
  public StripeClient client() {
    if (client == null) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "billing_not_configured",
          "payments are not set up on this server (TRACKLAYER_STRIPE_SECRET_KEY is unset)");
    }
    return client;
  }
}
