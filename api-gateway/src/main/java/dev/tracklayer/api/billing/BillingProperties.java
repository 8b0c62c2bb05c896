package dev.tracklayer.api.billing;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tracklayer.billing}: where the plan catalog is, the Stripe account, and where Checkout and
 * the customer portal send the merchant back to.
 *
 * @param plansFile the catalog (TRACKLAYER_BILLING_PLANS_FILE), YAML or JSON
 * @param freePlan the plan without a subscription, and the fallback of an ended or unpaid one
 * @param gracePeriod how long a subscription may stay unpaid before the free plan's cap applies
 * @param successUrl where Checkout sends the merchant after paying
 * @param cancelUrl where Checkout sends a merchant who gave up
 * @param portalReturnUrl where the customer portal's "back" link goes
 */
@ConfigurationProperties("tracklayer.billing")
public record BillingProperties(
    @DefaultValue("deploy/billing/plans.yaml") Path plansFile,
    @DefaultValue("free") String freePlan,
    @DefaultValue("7d") Duration gracePeriod,
    @DefaultValue("http://127.0.0.1:8081/billing?checkout=success") String successUrl,
    @DefaultValue("http://127.0.0.1:8081/billing?checkout=cancel") String cancelUrl,
    @DefaultValue("http://127.0.0.1:8081/billing") String portalReturnUrl,
    @DefaultValue Stripe stripe) {

  /**
   * @param secretKey {@code sk_…} (TRACKLAYER_STRIPE_SECRET_KEY); blank: checkout and portal 503
   * @param webhookSecret {@code whsec_…} (TRACKLAYER_STRIPE_WEBHOOK_SECRET); blank: webhooks 503
   * @param apiBase Stripe's API (TRACKLAYER_STRIPE_API_BASE), a fake or a proxy in tests
   * @param webhookTolerance how old a signed webhook may be (Stripe's own default is 300 s)
   */
  public record Stripe(
      @DefaultValue("") String secretKey,
      @DefaultValue("") String webhookSecret,
      @DefaultValue("https://api.stripe.com") String apiBase,
      @DefaultValue("300s") Duration webhookTolerance,
      @DefaultValue("10s") Duration timeout) {

    public boolean hasApiKey() {
      return secretKey != null && !secretKey.isBlank();
    }

    public boolean hasWebhookSecret() {
      return webhookSecret != null && !webhookSecret.isBlank();
    }

    /** Never the secrets: this record may end up in a log line or a debugger. */
    @Override
    public String toString() {
      return "Stripe[apiBase="
          + apiBase
          + ", secretKey="
          + (hasApiKey() ? "(set)" : "(unset)")
          + "]";
    }
  }
}
