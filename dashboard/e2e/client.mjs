// The API and the ingest gateway as a merchant's code calls them, for the runner's own requests:
// setting up what no page does yet, sending events, and reading the figures a page must show.

export async function call(method, url, { token, key, body } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the status line says enough
  }
  if (!response.ok) {
    const error = new Error(`${method} ${new URL(url).pathname}: ${response.status} ${text.slice(0, 300)}`);
    error.status = response.status;
    throw error;
  }
  return json;
}

/** A server-side event as a merchant's backend sends it: an identity Meta can match, a fresh time. */
export function serverEvent(id, name, extra = {}) {
  return {
    event_id: id,
    event_name: name,
    event_time: Math.floor(Date.now() / 1000),
    user_data: {
      email: `buyer+${id}@example.com`,
      client_ip_address: "203.0.113.7",
      client_user_agent: "Mozilla/5.0 (X11; Linux x86_64) tracklayer-e2e",
    },
    ...extra,
  };
}

/** POST /v1/events with the key; the gateway's 202 is required. */
export async function send(ingest, key, event) {
  const answer = await call("POST", `${ingest}/v1/events`, { key, body: event });
  return { ...answer, sentAt: Date.now() };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` (truthy answer = done) every `everyMs` until `timeoutMs`; throws `what` then. */
export async function until(what, probe, { timeoutMs = 30000, everyMs = 500 } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > end) throw new Error(`${what} (not within ${timeoutMs / 1000} s${last ? `; last: ${last}` : ""})`);
    await sleep(everyMs);
  }
}
