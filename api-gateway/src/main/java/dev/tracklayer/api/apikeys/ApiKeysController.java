package dev.tracklayer.api.apikeys;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import dev.tracklayer.api.web.ItemList;
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
@RequestMapping("/v1/api-keys")
public class ApiKeysController {
  private final ApiKeyService keys;

  public ApiKeysController(ApiKeyService keys) {
    this.keys = keys;
  }

  @GetMapping
  public Mono<ItemList<ApiKey>> list(Caller caller) {
    return Blocking.call(() -> new ItemList<>(keys.list(caller)));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<CreatedApiKey> create(
      Caller caller, @RequestBody(required = false) Mono<NewApiKey> body) {
    return body.map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .flatMap(b -> Blocking.call(() -> keys.create(caller, b.orElse(null))));
  }

  @DeleteMapping("/{id}")
  public Mono<RevokedApiKey> revoke(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> keys.revoke(caller, id));
  }
}
