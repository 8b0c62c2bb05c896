package dev.tracklayer.api.platforms;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import dev.tracklayer.api.web.ItemList;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(
    name = "Platforms",
    description = "Connections to ad platforms and webhooks; changes are published to the pipeline")
@RequestMapping("/v1/platforms")
public class PlatformsController {
  private final PlatformService platforms;
  private final PlatformTester tester;

  public PlatformsController(PlatformService platforms, PlatformTester tester) {
    this.platforms = platforms;
    this.tester = tester;
  }

  @Operation(summary = "List platform connections", description = "Credentials are masked.")
  @GetMapping
  public Mono<ItemList<Platform>> list(Caller caller) {
    return Blocking.call(() -> new ItemList<>(platforms.list(caller)));
  }

  @Operation(
      summary = "The platforms one can connect",
      description =
          "Each platform's credential fields (exactly what POST /v1/platforms takes, from the"
              + " delivery adapters), which of them are secret, and the optional settings it reads.")
  @GetMapping("/catalog")
  public Mono<ItemList<CatalogEntry>> catalog(Caller caller) {
    // The same for every merchant; the caller is still resolved, so a suspended one gets 403.
    return Mono.fromSupplier(() -> new ItemList<>(PlatformCatalog.entries()));
  }

  @Operation(
      summary = "Connect a platform",
      description =
          "Credentials are the platform's fields exactly; a webhook URL must point to a public address.")
  @ApiResponse(responseCode = "201", description = "created")
  @ApiResponse(
      responseCode = "400",
      description = "validation_failed, unknown_field, invalid_json or missing_body")
  @ApiResponse(responseCode = "409", description = "platform_already_connected")
  @ApiResponse(
      responseCode = "503",
      description = "unavailable: Kafka did not acknowledge; nothing was changed (Retry-After)")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<Platform> create(Caller caller, @RequestBody NewPlatform body) {
    return Blocking.call(() -> platforms.create(caller, body));
  }

  @Operation(summary = "Disconnect a platform")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "not_found: no such connection of this merchant")
  @ApiResponse(
      responseCode = "503",
      description = "unavailable: Kafka did not acknowledge; nothing was changed (Retry-After)")
  @DeleteMapping("/{id}")
  public Mono<Map<String, Object>> delete(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> platforms.delete(caller, id));
  }

  @Operation(
      summary = "Send a synthetic test event through a connection",
      description =
          "In the platform's test mode where it has one; the verdict is stored as last_test_result.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "not_found: no such connection of this merchant")
  @PostMapping("/{id}/test")
  public Mono<TestResult> test(Caller caller, @PathVariable String id) {
    return tester.test(caller, id);
  }
}
