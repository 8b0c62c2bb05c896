package dev.tracklayer.api.ai.tools;

import dev.tracklayer.api.platforms.Platform;
import dev.tracklayer.api.platforms.PlatformService;
import dev.tracklayer.api.rules.Rule;
import dev.tracklayer.api.rules.RuleService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The merchant's platform connections and routing rules. No credentials, not even masked. */
@Component
public class AccountTools implements ChatToolSet {
  private final PlatformService platforms;
  private final RuleService rules;

  public AccountTools(PlatformService platforms, RuleService rules) {
    this.platforms = platforms;
    this.rules = rules;
  }

  @Override
  public List<ChatTool> tools() {
    return List.of(
        new ChatTool(
            "list_platforms",
            "The merchant's platform connections: platform, name, status (active, paused, error,"
                + " auth_error) and delivery health (paused since, backlog, last error).",
            ToolSchema.object().build(),
            (caller, input) -> {
              List<PlatformView> out =
                  platforms.list(caller).stream().map(PlatformView::of).toList();
              return new ChatTool.Output(out, out.size() + " connections");
            }),
        new ChatTool(
            "list_rules",
            "The merchant's routing rules: conditions, consent requirement and target platforms."
                + " With no enabled rule, events go to every active connection.",
            ToolSchema.object().build(),
            (caller, input) -> {
              List<Rule> out = rules.list(caller);
              return new ChatTool.Output(out, out.size() + " rules");
            }));
  }

  /** A connection as the model sees it: what it is and how delivery goes, never its secrets. */
  record PlatformView(
      UUID id,
      String platform,
      String name,
      String status,
      Instant lastTestedAt,
      Instant deliveryPausedSince,
      long backlog,
      String lastDeliveryError,
      Instant nextAttemptAt) {
    static PlatformView of(Platform p) {
      return new PlatformView(
          p.id(),
          p.platform(),
          p.name(),
          p.status(),
          p.lastTestedAt(),
          p.deliveryPausedSince(),
          p.backlog(),
          p.lastDeliveryError(),
          p.nextAttemptAt());
    }
  }
}
