package dev.tracklayer.api.account;

import dev.tracklayer.api.auth.AllowSuspended;
import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Account", description = "The merchant the token acts for")
@RequestMapping("/v1/account")
public class AccountController {
  private final AccountService accounts;

  public AccountController(AccountService accounts) {
    this.accounts = accounts;
  }

  @Operation(
      summary = "Get the caller's merchant profile",
      description = "Also answers for a suspended merchant: `status` says so.")
  @GetMapping
  public Mono<Account> get(@AllowSuspended Caller caller) {
    return Blocking.call(() -> accounts.get(caller));
  }

  @Operation(
      summary = "Update the merchant profile",
      description =
          "Only the fields sent change; \"\" clears email, store_platform and store_url. A change"
              + " of consent_when_unstated is published to the pipeline.")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(
      responseCode = "400",
      description = "validation_failed, unknown_field, invalid_json or missing_body")
  @ApiResponse(
      responseCode = "503",
      description =
          "unavailable: Kafka did not acknowledge a consent_when_unstated change; nothing was"
              + " changed (Retry-After)")
  @PatchMapping
  public Mono<Account> update(Caller caller, @RequestBody AccountUpdate update) {
    return Blocking.call(() -> accounts.update(caller, update));
  }
}
