import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { ApiError, authHeaders, errorOf, readEventStream } from "../api";
import { Empty, ErrorBox, PageHeader } from "../components/ui";
import { toApiError } from "../hooks";
import { count } from "../format";

// The AI chat (POST /v1/ai/chat, docs/api.md "AI chat"). The server keeps nothing, so the page
// holds the conversation and sends its text with each question; the answer streams back as SSE
// events read with fetch (the token goes in a header), and Stop aborts that fetch, which ends the
// server's model request too.

interface ToolStep {
  kind: "tool";
  id: string;
  name: string;
  input: unknown;
  result?: { is_error: boolean; summary: string };
}
type Part = { kind: "text"; text: string } | ToolStep;

interface Done {
  conversation_id: string;
  stop_reason: string | null;
  tool_rounds: number;
  usage: { input_tokens: number; output_tokens: number };
}

type Turn =
  | { role: "user"; text: string }
  | { role: "assistant"; parts: Part[]; error?: ApiError; done?: Done; stopped?: boolean };

/** The API's limits: 50 messages of at most 16,000 characters. */
const MAX_MESSAGES = 50;
const MAX_CONTENT = 16_000;

const SUGGESTIONS = [
  "Why did deliveries fail in the last 7 days?",
  "How good is my match quality on each platform?",
  "Which platform brought the most revenue in the last 30 days?",
];

export default function AssistantPage() {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [input, setInput] = useState("");
  const [streaming, setStreaming] = useState(false);
  const [notConfigured, setNotConfigured] = useState<ApiError | null>(null);
  const conversationId = useRef<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const follow = useRef(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  // Leaving the page ends the stream (and the server's model request with it).
  useEffect(() => () => controller.current?.abort(), []);

  // Follow the answer as it grows, unless the merchant scrolled up to read. To the page's very end:
  // the composer sticks to the bottom and would cover the last lines otherwise.
  useEffect(() => {
    const end = document.documentElement.scrollHeight;
    const nearBottom = window.innerHeight + window.scrollY >= end - 240;
    if (follow.current || nearBottom) window.scrollTo({ top: end });
    follow.current = false;
  }, [turns]);

  /** Changes the last turn (the assistant's answer being streamed). */
  const updateAnswer = useCallback((change: (t: Extract<Turn, { role: "assistant" }>) => Extract<Turn, { role: "assistant" }>) => {
    setTurns((all) => {
      const last = all[all.length - 1];
      if (!last || last.role !== "assistant") return all;
      return [...all.slice(0, -1), change(last)];
    });
  }, []);

  const send = useCallback(async (text: string) => {
    const question = text.trim();
    if (!question || streaming) return;
    const history = [...turns, { role: "user", text: question } as Turn];
    setTurns([...history, { role: "assistant", parts: [] }]);
    setInput("");
    setStreaming(true);
    follow.current = true;
    const abort = new AbortController();
    controller.current = abort;
    try {
      const response = await fetch("/v1/ai/chat", {
        method: "POST",
        headers: { Accept: "text/event-stream", "Content-Type": "application/json", ...authHeaders() },
        body: JSON.stringify({
          messages: toMessages(history),
          ...(conversationId.current ? { conversation_id: conversationId.current } : {}),
        }),
        signal: abort.signal,
      });
      if (!response.ok) {
        const error = await errorOf(response);
        if (error.code === "ai_not_configured") {
          setNotConfigured(error);
          setTurns(turns);
          setInput(question);
          return;
        }
        updateAnswer((t) => ({ ...t, error: withRetryAfter(error, response) }));
        return;
      }
      let finished = false;
      await readEventStream(response, (event, data) => {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(data);
        } catch {
          return;
        }
        if (event === "delta") {
          const piece = String(body.text ?? "");
          updateAnswer((t) => {
            const last = t.parts[t.parts.length - 1];
            const parts = last?.kind === "text"
              ? [...t.parts.slice(0, -1), { kind: "text" as const, text: last.text + piece }]
              : [...t.parts, { kind: "text" as const, text: piece }];
            return { ...t, parts };
          });
        } else if (event === "tool_call") {
          const step: ToolStep = { kind: "tool", id: String(body.id), name: String(body.name), input: body.input };
          updateAnswer((t) => ({ ...t, parts: [...t.parts, step] }));
        } else if (event === "tool_result") {
          const result = { is_error: body.is_error === true, summary: String(body.summary ?? "") };
          updateAnswer((t) => ({
            ...t,
            parts: t.parts.map((p) => (p.kind === "tool" && p.id === body.id ? { ...p, result } : p)),
          }));
        } else if (event === "error") {
          const e = (body.error ?? {}) as { code?: string; message?: string };
          const error = new ApiError(0, e.code ?? "error", e.message ?? "The assistant stopped with an error.");
          updateAnswer((t) => ({ ...t, error }));
        } else if (event === "done") {
          const done = body as unknown as Done;
          finished = true;
          if (done.conversation_id) conversationId.current = done.conversation_id;
          updateAnswer((t) => ({ ...t, done }));
        }
      }, abort.signal);
      // `done` always comes last: without it the connection was cut mid-answer
      if (!finished && !abort.signal.aborted) {
        const error = new ApiError(0, "stream_cut", "The answer was cut off: the connection ended before it was complete.");
        updateAnswer((t) => ({ ...t, error: t.error ?? error }));
      }
    } catch (e) {
      if ((e as Error).name === "AbortError" || abort.signal.aborted) {
        updateAnswer((t) => ({ ...t, stopped: true }));
      } else {
        const error = e instanceof TypeError
          ? new ApiError(0, "network_error", "The API did not answer. Is the API gateway running?")
          : toApiError(e);
        updateAnswer((t) => ({ ...t, error }));
      }
    } finally {
      if (abort.signal.aborted) updateAnswer((t) => (t.done ? t : { ...t, stopped: true }));
      controller.current = null;
      setStreaming(false);
      inputRef.current?.focus();
    }
  }, [streaming, turns, updateAnswer]);

  const stop = () => controller.current?.abort();
  const restart = () => {
    controller.current?.abort();
    conversationId.current = null;
    setTurns([]);
    inputRef.current?.focus();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send(input);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter is a new line; never while an input method is composing a character
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send(input);
    }
  };

  if (notConfigured) {
    return (
      <>
        <PageHeader title="Assistant" />
        <div data-testid="assistant-not-configured">
          <Empty title="The assistant is not configured on this server">
            <p>It answers questions about your events with Claude, which needs an Anthropic API key on the server
              (<code>TRACKLAYER_ANTHROPIC_API_KEY</code>). Ask the server's operator to set it.</p>
          </Empty>
        </div>
      </>
    );
  }

  return (
    <div className="assistant">
      <PageHeader title="Assistant">
        {turns.length > 0 && (
          <button type="button" onClick={restart} data-testid="new-conversation">New conversation</button>
        )}
      </PageHeader>
      {turns.length === 0 ? (
        <div className="state empty assistant-intro">
          <strong>Ask about your tracking data</strong>
          <p>The assistant reads your events, deliveries, analytics, platforms and rules (it changes nothing) and
            shows each lookup it makes.</p>
          <div className="assistant-suggestions">
            {SUGGESTIONS.map((s) => (
              <button key={s} type="button" data-testid="suggestion" onClick={() => void send(s)}>{s}</button>
            ))}
          </div>
        </div>
      ) : (
        <ol className="assistant-log" aria-label="Conversation" data-testid="chat-log">
          {turns.map((t, i) => (
            <li key={i} className={`assistant-turn ${t.role}`} data-testid={t.role === "user" ? "user-message" : "assistant-message"}>
              <div className="assistant-role">{t.role === "user" ? "You" : "Assistant"}</div>
              {t.role === "user" ? <p className="assistant-text">{t.text}</p> : <Answer turn={t} streaming={streaming && i === turns.length - 1} />}
            </li>
          ))}
        </ol>
      )}
      <p className="sr-only" role="status" aria-live="polite">{streaming ? "The assistant is answering…" : ""}</p>
      <form className="assistant-composer" onSubmit={onSubmit}>
        <label htmlFor="assistant-input" className="sr-only">Your question</label>
        <textarea id="assistant-input" ref={inputRef} rows={2} value={input} maxLength={MAX_CONTENT}
          placeholder="Ask about your events, deliveries or platforms…" data-testid="chat-input"
          onChange={(e) => setInput(e.target.value)} onKeyDown={onKeyDown} aria-describedby="assistant-hint" />
        <div className="assistant-actions">
          <span id="assistant-hint" className="muted">Enter sends · Shift+Enter new line</span>
          {streaming ? (
            <button type="button" className="danger" onClick={stop} data-testid="stop-button">Stop</button>
          ) : (
            <button type="submit" className="primary" disabled={!input.trim()} data-testid="send-button">Send</button>
          )}
        </div>
      </form>
    </div>
  );
}

function Answer({ turn, streaming }: { turn: Extract<Turn, { role: "assistant" }>; streaming: boolean }) {
  const empty = turn.parts.length === 0 && !turn.error && !turn.stopped;
  return (
    <>
      {turn.parts.map((p, i) => p.kind === "text"
        ? <div key={i} className="assistant-text">{renderText(p.text)}</div>
        : <ToolCall key={p.id} step={p} />)}
      {empty && streaming && <p className="muted"><span className="spinner" aria-hidden="true" /> Thinking…</p>}
      {turn.error && (
        <div data-testid="chat-error"><ErrorBox error={turn.error} /></div>
      )}
      {turn.stopped && <p className="muted" data-testid="stopped">Stopped.</p>}
      {turn.done && (
        <p className="assistant-meta muted">
          {turn.done.tool_rounds > 0 && `${turn.done.tool_rounds} lookup round${turn.done.tool_rounds === 1 ? "" : "s"} · `}
          {count(turn.done.usage.input_tokens)} tokens in, {count(turn.done.usage.output_tokens)} out
        </p>
      )}
    </>
  );
}

function ToolCall({ step }: { step: ToolStep }) {
  const r = step.result;
  return (
    <details className="assistant-tool" data-testid="tool-call">
      <summary>
        <span className="assistant-tool-name">{step.name}</span>{" "}
        <span className="muted">{inlineArgs(step.input)}</span>{" "}
        {!r ? (
          <span className="muted"><span className="spinner" aria-hidden="true" /> running…</span>
        ) : (
          <span className={`badge ${r.is_error ? "status-failed" : "status-delivered"}`} data-testid="tool-result">
            {r.is_error ? "✗ error" : "✓ done"}
          </span>
        )}
      </summary>
      <pre>{JSON.stringify(step.input ?? {}, null, 2)}</pre>
      {r && <p className={r.is_error ? "field-error" : ""}>{r.summary}</p>}
    </details>
  );
}

/** `range: 7d, platform: meta`: the arguments on one line for the collapsed view. */
function inlineArgs(input: unknown): string {
  if (!input || typeof input !== "object") return "";
  const text = Object.entries(input as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** The conversation as the API takes it: text only, empty answers left out, within its limits. */
function toMessages(turns: Turn[]): { role: "user" | "assistant"; content: string }[] {
  const messages = turns
    .map((t) => t.role === "user"
      ? { role: "user" as const, content: t.text }
      : { role: "assistant" as const, content: t.parts.map((p) => (p.kind === "text" ? p.text : "")).join("").trim() })
    .filter((m) => m.content.length > 0)
    .map((m) => ({ ...m, content: m.content.slice(0, MAX_CONTENT) }));
  let recent = messages.slice(-MAX_MESSAGES);
  // the model wants the user to speak first
  while (recent.length > 1 && recent[0].role !== "user") recent = recent.slice(1);
  return recent;
}

function withRetryAfter(error: ApiError, response: Response): ApiError {
  const wait = response.headers.get("Retry-After");
  if (!wait) return error;
  return new ApiError(error.status, error.code, `${error.message} Try again in ${wait} s.`, error.details);
}

/**
 * A little of the Markdown the model writes (paragraphs, bullet lists, **bold**, `code`), built as
 * React elements: its text is never parsed as HTML.
 */
function renderText(text: string): ReactNode {
  const blocks: ReactNode[] = [];
  let list: string[] = [];
  const flush = () => {
    if (list.length) {
      blocks.push(<ul key={blocks.length}>{list.map((item, i) => <li key={i}>{inline(item)}</li>)}</ul>);
      list = [];
    }
  };
  for (const paragraph of text.split(/\n{2,}/)) {
    for (const line of paragraph.split("\n")) {
      const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
      if (bullet) {
        list.push(bullet[1]);
        continue;
      }
      flush();
      if (!line.trim()) continue;
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      blocks.push(heading
        ? <p key={blocks.length}><strong>{inline(heading[1])}</strong></p>
        : <p key={blocks.length}>{inline(line)}</p>);
    }
    flush();
  }
  return blocks;
}

function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/).map((piece, i) => {
    if (piece.startsWith("**") && piece.endsWith("**") && piece.length > 4) return <strong key={i}>{piece.slice(2, -2)}</strong>;
    if (piece.startsWith("`") && piece.endsWith("`") && piece.length > 2) return <code key={i}>{piece.slice(1, -1)}</code>;
    return piece;
  });
}
