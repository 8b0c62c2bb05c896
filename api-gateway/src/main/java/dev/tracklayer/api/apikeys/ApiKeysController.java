package dev.tracklayer.api.apikeys;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import dev.tracklayer.api.web.ItemList;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "API keys", description = "Keys for the ingestion API")
@RequestMapping("/v1/api-keys")
public class ApiKeysController {
  private final ApiKeyService keys;

  public ApiKeysController(ApiKeyService keys) {
    this.keys = keys;
  }

  @Operation(
      summary = "List ingest API keys",
      description = "Without secrets: a prefix identifies each key.")
  @GetMapping
  public Mono<ItemList<ApiKey>> list(Caller caller) {
    return Blocking.call(() -> new ItemList<>(keys.list(caller)));
  }

  @Operation(
      summary = "Create an ingest API key",
      description = "The answer's `key` is the only time the secret is shown.")
  @ApiResponse(responseCode = "201", description = "created")
  @ApiResponse(
      responseCode = "400",
      description = "validation_failed, unknown_field, invalid_json or missing_body")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<CreatedApiKey> create(
      Caller caller, @RequestBody(required = false) Mono<NewApiKey> body) {
    return body.map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .flatMap(b -> Blocking.call(() -> keys.create(caller, b.orElse(null))));
  }

  @Operation(summary = "Revoke an API key", description = "Idempotent.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "not_found: no such API key of this merchant")
  @DeleteMapping("/{id}")
  public Mono<RevokedApiKey> revoke(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> keys.revoke(caller, id));
  }
}
