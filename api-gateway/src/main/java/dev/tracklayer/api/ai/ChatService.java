package dev.tracklayer.api.ai;

import dev.tracklayer.api.ai.tools.ChatTools;
import dev.tracklayer.api.auth.Caller;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs chats. The SDK streams by blocking on a socket and the tools read PostgreSQL and ClickHouse,
 * so each conversation runs on a thread of its own pool (not the shared bounded-elastic pool the
 * API's other blocking reads wait on) and pushes its events into a {@link Flux} that WebFlux writes
 * as SSE. When the client goes away the Flux is cancelled, which closes the upstream stream.
 */
@Service
public class ChatService implements DisposableBean {
  private final Claude claude;
  private final ChatTools tools;
  private final Scheduler scheduler;
  private final AtomicInteger running = new AtomicInteger();

  public ChatService(Claude claude, ChatTools tools) {
    this.claude = claude;
    this.tools = tools;
    int max = claude.properties().maxConversations();
    this.scheduler = Schedulers.newBoundedElastic(max, max, "ai-chat");
  }

  /** Whether another conversation may start now (best effort: the pool also queues a few). */
  public boolean hasCapacity() {
    return running.get() < claude.properties().maxConversations();
  }

  public Flux<ServerSentEvent<Object>> chat(Caller caller, ChatRequest request) {
    String conversationId =
        request.conversationId() != null ? request.conversationId() : UUID.randomUUID().toString();
    return Flux.create(
        sink -> {
          Conversation conversation =
              new Conversation(claude, tools, caller, request, conversationId, sink);
          sink.onDispose(conversation::cancel);
          try {
            scheduler.schedule(
                () -> {
                  running.incrementAndGet();
                  try {
                    conversation.run();
                  } finally {
                    running.decrementAndGet();
                  }
                });
          } catch (RejectedExecutionException e) {
            sink.next(ChatEvents.error("busy", "too many chats at once; try again shortly"));
            sink.complete();
          }
        },
        FluxSink.OverflowStrategy.BUFFER);
  }

  @Override
  public void destroy() {
    scheduler.dispose();
  }
}
