package dev.tracklayer.api.analytics;

import dev.tracklayer.api.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The dashboard's analytics, read from the rollups of the Flink rollup job (docs/api.md). */
@RestController
@Tag(
    name = "Analytics",
    description = "KPIs, volume, coverage, quality, delivery flow, funnel, attribution")
@RequestMapping("/v1/analytics")
public class AnalyticsController {

  private final AnalyticsService analytics;

  public AnalyticsController(AnalyticsService analytics) {
    this.analytics = analytics;
  }

  @Operation(
      summary = "Overview KPIs of a range",
      description = "Each KPI with its % change against the previous period of the same length.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "invalid_query: range")
  @GetMapping("/overview")
  public Mono<Overview> overview(
      Caller caller, @RangeParam @RequestParam(required = false) String range) {
    return analytics.overview(caller, AnalyticsRange.parse(range));
  }

  @Operation(
      summary = "Daily volume of a range",
      description = "One entry per day in the account's time zone, zero-filled.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "invalid_query: range")
  @GetMapping("/volume")
  public Mono<Volume> volume(
      Caller caller, @RangeParam @RequestParam(required = false) String range) {
    return analytics.volume(caller, AnalyticsRange.parse(range));
  }

  @Operation(summary = "Delivered counts of the top 32 event names on the 12 platforms")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "invalid_query: range")
  @GetMapping("/coverage")
  public Mono<Coverage> coverage(
      Caller caller, @RangeParam @RequestParam(required = false) String range) {
    return analytics.coverage(caller, AnalyticsRange.parse(range));
  }

  @Operation(summary = "Match quality, field completeness and the top 10 issues")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "invalid_query: range")
  @GetMapping("/quality")
  public Mono<Quality> quality(
      Caller caller, @RangeParam @RequestParam(required = false) String range) {
    return analytics.quality(caller, AnalyticsRange.parse(range));
  }

  @Operation(
      summary = "Funnel from page_view to purchase",
      description = "With by=customer, also the unique customers who passed the stages in order.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "invalid_query: range or by")
  @GetMapping("/funnel")
  public Mono<Funnel> funnel(
      Caller caller,
      @RangeParam @RequestParam(required = false) String range,
      @Parameter(
              description = "customer: add unique customers per stage",
              schema = @Schema(allowableValues = {"customer"}))
          @RequestParam(required = false)
          String by) {
    AnalyticsRange r = AnalyticsRange.parse(range);
    return analytics.funnel(caller, r, AnalyticsService.byCustomer(by));
  }

  @Operation(
      summary = "Delivery flow per platform",
      description =
          "Received and refused at ingest; per platform the deliveries settled DELIVERED, FAILED,"
              + " ERROR or SKIPPED in the window, those waiting (QUEUED or RETRY) now, and the top"
              + " 5 reasons per status with an example event id.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "invalid_query: range")
  @GetMapping("/delivery")
  public Mono<DeliveryFlow> delivery(
      Caller caller, @RangeParam @RequestParam(required = false) String range) {
    return analytics.delivery(caller, AnalyticsRange.parse(range));
  }

  @Operation(summary = "Purchases and revenue by the customer's first-touch platform")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "400", description = "invalid_query: range")
  @GetMapping("/revenue-attribution")
  public Mono<RevenueAttribution> revenueAttribution(
      Caller caller, @RangeParam @RequestParam(required = false) String range) {
    return analytics.revenueAttribution(caller, AnalyticsRange.parse(range));
  }
}
