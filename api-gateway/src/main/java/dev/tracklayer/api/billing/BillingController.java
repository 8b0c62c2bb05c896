package dev.tracklayer.api.billing;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Billing", description = "Plans, the period's usage and the Stripe subscription")
@RequestMapping("/v1/billing")
public class BillingController {
  private final PlanCatalog catalog;
  private final BillingService billing;
  private final StripeWebhooks webhooks;

  public BillingController(PlanCatalog catalog, BillingService billing, StripeWebhooks webhooks) {
    this.catalog = catalog;
    this.billing = billing;
    this.webhooks = webhooks;
  }

  @Operation(
      summary = "List the plans",
      description =
          "Public: no token. The catalog of deploy/billing/plans.yaml, without Stripe ids.")
  @SecurityRequirements
  @GetMapping("/plans")
  public Mono<PlanList> plans() {
    return Mono.just(new PlanList(catalog.currency(), catalog.plans()));
  }

  @Operation(
      summary = "Get the current billing period's usage",
      description =
          "The Stripe subscription's period, else the calendar month in UTC. Events are those the"
              + " ingest gateways accepted (202), counted in batches about once a second.")
  @GetMapping("/usage")
  public Mono<Usage> usage(Caller caller) {
    return Blocking.call(() -> billing.usage(caller));
  }

  @Operation(
      summary = "Start a Stripe Checkout for a plan",
      description =
          "A subscription-mode Checkout Session for the plan's Stripe price, with the merchant as"
              + " client_reference_id and its Stripe customer reused when known. Send the browser"
              + " to `url`.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "400",
      description = "validation_failed (`$.plan` unknown or without a price), missing_body")
  @ApiResponse(responseCode = "502", description = "stripe_error: Stripe refused the request")
  @ApiResponse(
      responseCode = "503",
      description =
          "billing_not_configured (no Stripe secret key on this server), or unavailable (Stripe"
              + " unreachable; Retry-After)")
  @PostMapping("/checkout")
  public Mono<SessionUrl> checkout(
      Caller caller, @RequestBody(required = false) CheckoutRequest request) {
    return Blocking.call(() -> billing.checkout(caller, request));
  }

  @Operation(
      summary = "Open the Stripe customer portal",
      description = "Payment methods, invoices and cancellation. Send the browser to `url`.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "409", description = "no_billing_account: no Stripe customer yet")
  @ApiResponse(responseCode = "502", description = "stripe_error: Stripe refused the request")
  @ApiResponse(
      responseCode = "503",
      description = "billing_not_configured, or unavailable (Stripe unreachable; Retry-After)")
  @PostMapping("/portal")
  public Mono<SessionUrl> portal(Caller caller) {
    return Blocking.call(() -> billing.portal(caller));
  }

  @Operation(
      summary = "Receive a Stripe webhook",
      description =
          "Public: Stripe calls it. Verified with the Stripe-Signature header and the endpoint's"
              + " secret (at most 300 s old). checkout.session.completed,"
              + " customer.subscription.created/updated/deleted, invoice.paid and"
              + " invoice.payment_failed update the merchant's plan and subscription; each event id"
              + " is applied once, and an event older than the state it would replace is ignored.")
  @SecurityRequirements
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "400",
      description = "invalid_signature (wrong secret, altered body, too old), invalid_json")
  @ApiResponse(
      responseCode = "503",
      description = "billing_not_configured: no webhook secret on this server")
  @PostMapping("/webhook")
  public Mono<WebhookResult> webhook(
      @Parameter(in = ParameterIn.HEADER, description = "Stripe's t=…,v1=… signature")
          @RequestHeader(name = "Stripe-Signature", required = false)
          String signature,
      @RequestBody(required = false) String payload) {
    return Blocking.call(() -> webhooks.receive(payload, signature));
  }
}
