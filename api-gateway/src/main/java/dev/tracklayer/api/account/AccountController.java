package dev.tracklayer.api.account;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/v1/account")
public class AccountController {
  private final AccountService accounts;

  public AccountController(AccountService accounts) {
    this.accounts = accounts;
  }

  @GetMapping
  public Mono<Account> get(Caller caller) {
    return Blocking.call(() -> accounts.get(caller));
  }

  @PatchMapping
  public Mono<Account> update(Caller caller, @RequestBody AccountUpdate update) {
    return Blocking.call(() -> accounts.update(caller, update));
  }
}
