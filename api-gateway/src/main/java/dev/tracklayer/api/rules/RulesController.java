package dev.tracklayer.api.rules;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import dev.tracklayer.api.web.ItemList;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/v1/rules")
public class RulesController {
  private final RuleService rules;

  public RulesController(RuleService rules) {
    this.rules = rules;
  }

  @GetMapping
  public Mono<ItemList<Rule>> list(Caller caller) {
    return Blocking.call(() -> new ItemList<>(rules.list(caller)));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<Rule> create(Caller caller, @RequestBody NewRule body) {
    return Blocking.call(() -> rules.create(caller, body));
  }

  @PatchMapping("/{id}")
  public Mono<Rule> update(Caller caller, @PathVariable String id, @RequestBody RuleUpdate body) {
    return Blocking.call(() -> rules.update(caller, id, body));
  }

  @DeleteMapping("/{id}")
  public Mono<Map<String, Object>> delete(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> rules.delete(caller, id));
  }
}
