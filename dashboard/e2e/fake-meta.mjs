// Meta's Conversions API as the runner's stack sees it (TRACKLAYER_DESTINATION_*_BASE_URL): checks
// each request the way Meta does (tools/faults/faults.py's Fake, FakePlatformsRules.meta in the core
// test-jar) and records when each event_id arrived. Every other platform's base URL points here
// too, so nothing the stack sends can leave the machine; those paths answer 404.
import http from "node:http";
import { randomBytes } from "node:crypto";

const META_PATH = /^\/v\d+\.\d+\/([^/]+)\/events$/;
const HASHED = ["em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id"];
const SOURCES = new Set([
  "email", "website", "app", "phone_call", "chat", "physical_store", "system_generated",
  "business_messaging", "other",
]);

const trace = () => randomBytes(6).toString("hex").slice(0, 11);
const invalid = (subcode, message) => [400, {
  error: {
    message: "Invalid parameter", type: "OAuthException", code: 100, error_subcode: subcode,
    is_transient: false, error_user_title: "Invalid parameter", error_user_msg: message, fbtrace_id: trace(),
  },
}];

/** Checks one Conversions API request; answers [status, body, accepted event ids]. */
export function checkMetaRequest(url, bodyText, now = Date.now() / 1000) {
  const token = url.searchParams.get("access_token") ?? "";
  if (!token.trim() || token === "invalid") {
    return [400, { error: { message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException",
      code: 190, is_transient: false } }, []];
  }
  let doc = null;
  try {
    doc = JSON.parse(bodyText);
  } catch {
    // not JSON: refused below like a missing data array
  }
  const data = doc && typeof doc === "object" ? doc.data : null;
  if (!Array.isArray(data) || data.length < 1 || data.length > 1000) {
    return [...invalid(2804016, "The data parameter must be an array of 1 to 1000 events"), []];
  }
  const ids = [];
  for (const [i, ev] of data.entries()) {
    if (!ev || typeof ev !== "object" || !String(ev.event_name ?? "").trim()) {
      return [...invalid(2804001, `data[${i}].event_name is required`), []];
    }
    const t = ev.event_time;
    if (!Number.isInteger(t)) return [...invalid(2804002, `data[${i}].event_time must be a unix timestamp in seconds`), []];
    if (now - t > 7 * 86400) return [...invalid(2804003, "The timestamp for this event is too far in the past."), []];
    if (t - now > 60) return [...invalid(2804004, "The timestamp for this event is in the future."), []];
    if (!SOURCES.has(ev.action_source)) return [...invalid(2804050, `data[${i}].action_source is invalid`), []];
    const user = ev.user_data;
    if (!user || typeof user !== "object" || Object.keys(user).length === 0) {
      return [...invalid(2804019, `data[${i}].user_data is required`), []];
    }
    for (const key of HASHED.filter((k) => k in user)) {
      const v = user[key];
      if (!Array.isArray(v) || v.length === 0 || !v.every((h) => typeof h === "string" && /^[0-9a-f]{64}$/.test(h))) {
        return [...invalid(2804019, `data[${i}].user_data.${key} must be an array of SHA-256 hashes`), []];
      }
    }
    ids.push(ev.event_id);
  }
  // Test events (the Platforms page's Test button) are checked but not recorded as deliveries.
  return [200, { events_received: data.length, messages: [], fbtrace_id: trace() }, doc.test_event_code ? [] : ids];
}

export class FakeMeta {
  constructor() {
    this.arrivals = new Map(); // event_id -> [epoch ms]
    this.requests = 0;
    this.refusals = []; // the first few 4xx answers: a request the stack built wrongly
    this.pixels = new Set();
    this.waiters = new Set();
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const [status, body] = this.handle(req.method, req.url, Buffer.concat(chunks).toString("utf8"));
        const data = JSON.stringify(body);
        res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) });
        res.end(data);
      });
    });
  }

  handle(method, rawUrl, body) {
    const url = new URL(rawUrl, "http://fake");
    const match = META_PATH.exec(url.pathname);
    if (method !== "POST" || !match) return [404, { error: `not a Meta Conversions API path: ${method} ${url.pathname}` }];
    this.requests++;
    const [status, answer, ids] = checkMetaRequest(url, body);
    if (status >= 400 && this.refusals.length < 20) this.refusals.push(JSON.stringify(answer).slice(0, 300));
    const now = Date.now();
    this.pixels.add(decodeURIComponent(match[1]));
    for (const id of ids) {
      if (!this.arrivals.has(id)) this.arrivals.set(id, []);
      this.arrivals.get(id).push(now);
    }
    if (ids.length) for (const w of this.waiters) w();
    return [status, answer];
  }

  /** Resolves with the arrival time (epoch ms) of event `id`, or rejects after `timeoutMs`. */
  waitFor(id, timeoutMs) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const times = this.arrivals.get(id);
        if (!times) return false;
        done();
        resolve(times[0]);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`event ${id} did not reach the fake Meta within ${timeoutMs / 1000} s` +
          (this.refusals.length ? `; it refused: ${this.refusals[0]}` : "")));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  async start() {
    await new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", resolve);
    });
    this.server.unref();
    return this;
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.server.address().port}`;
  }

  stop() {
    this.server.closeAllConnections?.();
    this.server.close();
  }
}
