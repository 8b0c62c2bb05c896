package dev.tracklayer.api.platforms;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import dev.tracklayer.api.web.ItemList;
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
@RequestMapping("/v1/platforms")
public class PlatformsController {
  private final PlatformService platforms;
  private final PlatformTester tester;

  public PlatformsController(PlatformService platforms, PlatformTester tester) {
    this.platforms = platforms;
    this.tester = tester;
  }

  @GetMapping
  public Mono<ItemList<Platform>> list(Caller caller) {
    return Blocking.call(() -> new ItemList<>(platforms.list(caller)));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<Platform> create(Caller caller, @RequestBody NewPlatform body) {
    return Blocking.call(() -> platforms.create(caller, body));
  }

  @DeleteMapping("/{id}")
  public Mono<Map<String, Object>> delete(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> platforms.delete(caller, id));
  }

  /** Sends a synthetic event through the platform's adapter and answers with its verdict. */
  @PostMapping("/{id}/test")
  public Mono<TestResult> test(Caller caller, @PathVariable String id) {
    return tester.test(caller, id);
  }
}
