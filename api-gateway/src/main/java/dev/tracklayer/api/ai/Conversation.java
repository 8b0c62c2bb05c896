package dev.tracklayer.api.ai;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolChoiceNone;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.tracklayer.api.ai.tools.ChatTools;
import dev.tracklayer.api.auth.Caller;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.FluxSink;

/**
 * One chat request, run on its own thread: stream a model round, pass its text on as it comes, run
 * the tools it asked for, and go again with their results, for at most {@code max-tool-rounds}
 * rounds; the round after the last allowed one forbids tools, so it must answer. Ends with {@code
 * done} unless the client left.
 */
final class Conversation {
  private static final Logger LOG = LoggerFactory.getLogger(Conversation.class);

  private final Claude claude;
  private final ChatTools tools;
  private final Caller caller;
  private final ChatRequest request;
  private final String conversationId;
  private final FluxSink<ServerSentEvent<Object>> sink;

  private volatile boolean cancelled;
  private volatile StreamResponse<RawMessageStreamEvent> upstream;

  Conversation(
      Claude claude,
      ChatTools tools,
      Caller caller,
      ChatRequest request,
      String conversationId,
      FluxSink<ServerSentEvent<Object>> sink) {
    this.claude = claude;
    this.tools = tools;
    this.caller = caller;
    this.request = request;
    this.conversationId = conversationId;
    this.sink = sink;
  }

  /** From the client's side (disconnect): stop, and close the upstream stream now. */
  void cancel() {
    cancelled = true;
    StreamResponse<RawMessageStreamEvent> open = upstream;
    if (open != null) {
      open.close();
    }
  }

  void run() {
    AiProperties settings = claude.properties();
    long inputTokens = 0;
    long outputTokens = 0;
    int rounds = 0;
    String stopReason = null;
    try {
      AnthropicClient client =
          claude.client().orElseThrow(() -> new IllegalStateException("no API key"));
      MessageCreateParams.Builder params =
          MessageCreateParams.builder()
              .model(settings.model())
              .maxTokens(settings.maxTokens())
              .system(claude.systemPrompt())
              .tools(claude.tools());
      for (ChatRequest.Message m : request.messages()) {
        if ("user".equals(m.role())) {
          params.addUserMessage(m.content());
        } else {
          params.addAssistantMessage(m.content());
        }
      }
      while (!cancelled) {
        boolean toolsAllowed = rounds < settings.maxToolRounds();
        if (!toolsAllowed) {
          params.toolChoice(ToolChoiceNone.builder().build());
        }
        Message answer = stream(client, params.build());
        if (answer == null) {
          return;
        }
        inputTokens += answer.usage().inputTokens();
        outputTokens += answer.usage().outputTokens();
        stopReason = answer.stopReason().map(StopReason::asString).orElse(null);
        List<ToolUseBlock> calls =
            answer.content().stream()
                .filter(ContentBlock::isToolUse)
                .map(ContentBlock::asToolUse)
                .toList();
        if (calls.isEmpty() || !StopReason.TOOL_USE.equals(answer.stopReason().orElse(null))) {
          break;
        }
        if (!toolsAllowed) {
          send(
              ChatEvents.error(
                  "tool_round_limit",
                  "the assistant wanted more than "
                      + settings.maxToolRounds()
                      + " rounds of tools; ask a narrower question"));
          break;
        }
        rounds++;
        params.addMessage(answer.toParam());
        params.addUserMessageOfContentBlockParams(runTools(calls));
      }
    } catch (RuntimeException e) {
      if (cancelled) {
        return; // closing the stream under the reader ends it with an exception
      }
      failed(e);
    }
    if (!cancelled) {
      send(
          ChatEvents.done(
              new ChatEvents.Done(
                  conversationId,
                  stopReason,
                  rounds,
                  new ChatEvents.Usage(inputTokens, outputTokens))));
      sink.complete();
    }
  }

  /** One model round; its text goes to the client as it arrives. Null when cancelled. */
  private Message stream(AnthropicClient client, MessageCreateParams params) {
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(params)) {
      upstream = events;
      if (cancelled) {
        return null; // cancel() ran before there was a stream to close
      }
      Iterator<RawMessageStreamEvent> it = events.stream().iterator();
      while (it.hasNext()) {
        RawMessageStreamEvent event = accumulator.accumulate(it.next());
        if (cancelled) {
          return null;
        }
        event
            .contentBlockDelta()
            .flatMap(d -> d.delta().text())
            .ifPresent(t -> send(ChatEvents.delta(t.text())));
      }
    } finally {
      upstream = null;
    }
    return cancelled ? null : accumulator.message();
  }

  private List<ContentBlockParam> runTools(List<ToolUseBlock> calls) {
    List<ContentBlockParam> results = new ArrayList<>();
    for (ToolUseBlock call : calls) {
      JsonNode input = input(call);
      send(ChatEvents.toolCall(call.id(), call.name(), input));
      ChatTools.Result result = tools.run(caller, call.name(), input);
      send(ChatEvents.toolResult(call.id(), call.name(), result.error(), result.summary()));
      results.add(
          ContentBlockParam.ofToolResult(
              ToolResultBlockParam.builder()
                  .toolUseId(call.id())
                  .content(result.content())
                  .isError(result.error())
                  .build()));
    }
    return results;
  }

  private static JsonNode input(ToolUseBlock call) {
    try {
      JsonNode input = call._input().convert(JsonNode.class);
      return input == null ? NullNode.getInstance() : input;
    } catch (RuntimeException e) {
      return NullNode.getInstance(); // not JSON: the validator answers the model
    }
  }

  private void failed(RuntimeException e) {
    UpstreamErrors.Mapped mapped = UpstreamErrors.of(e);
    if (mapped == null) {
      LOG.error("AI chat failed for merchant {}", caller.merchant(), e);
      mapped = new UpstreamErrors.Mapped("internal_error", "something went wrong on our side");
    } else {
      // The exception's class and status only: its message may quote the request.
      LOG.warn(
          "AI chat: the model API failed ({} {}) for merchant {}",
          e.getClass().getSimpleName(),
          e instanceof AnthropicServiceException s ? s.statusCode() : "-",
          caller.merchant());
    }
    send(ChatEvents.error(mapped.code(), mapped.message()));
  }

  private void send(ServerSentEvent<Object> event) {
    if (!cancelled) {
      sink.next(event);
    }
  }
}
