package dev.tracklayer.api.rules;

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
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(
    name = "Rules",
    description =
        "Routing rules: which events go to which platforms; changes are published to the pipeline")
@RequestMapping("/v1/rules")
public class RulesController {
  private final RuleService rules;

  public RulesController(RuleService rules) {
    this.rules = rules;
  }

  @Operation(summary = "List routing rules")
  @GetMapping
  public Mono<ItemList<Rule>> list(Caller caller) {
    return Blocking.call(() -> new ItemList<>(rules.list(caller)));
  }

  @Operation(summary = "Create a routing rule")
  @ApiResponse(responseCode = "201", description = "created")
  @ApiResponse(
      responseCode = "400",
      description = "validation_failed, unknown_field, invalid_json or missing_body")
  @ApiResponse(
      responseCode = "503",
      description = "unavailable: Kafka did not acknowledge; nothing was changed (Retry-After)")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<Rule> create(Caller caller, @RequestBody NewRule body) {
    return Blocking.call(() -> rules.create(caller, body));
  }

  @Operation(
      summary = "Update a routing rule",
      description = "Toggle enabled, rename, change conditions or swap platforms.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "400",
      description = "validation_failed, unknown_field, invalid_json or missing_body")
  @ApiResponse(responseCode = "404", description = "not_found: no such rule of this merchant")
  @ApiResponse(
      responseCode = "503",
      description = "unavailable: Kafka did not acknowledge; nothing was changed (Retry-After)")
  @PatchMapping("/{id}")
  public Mono<Rule> update(Caller caller, @PathVariable String id, @RequestBody RuleUpdate body) {
    return Blocking.call(() -> rules.update(caller, id, body));
  }

  @Operation(summary = "Delete a routing rule")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "404", description = "not_found: no such rule of this merchant")
  @ApiResponse(
      responseCode = "503",
      description = "unavailable: Kafka did not acknowledge; nothing was changed (Retry-After)")
  @DeleteMapping("/{id}")
  public Mono<Map<String, Object>> delete(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> rules.delete(caller, id));
  }
}
