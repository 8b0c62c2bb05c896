#!/usr/bin/env python3
"""The fault suite: `./tracklayer faults [scenario...]` (docs/reliability.md "Fault suite").

Brings the stack of this checkout up with `./tracklayer up`, its Meta base URL pointed at a fake
platform served by this program on 127.0.0.1, then for each scenario: a new merchant with a Meta
and a webhook connection (both on the fake), a steady load through a retrying client, one fault in
the middle of it, a wait until the backlog has drained, and the count of what was accepted,
delivered, expired, lost and delivered more than once. Exit status 1 when an event is lost.
`./tracklayer down` at the end and on Ctrl-C. Python 3 standard library only.
"""

import argparse
import concurrent.futures
import hashlib
import hmac
import http.client
import http.server
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TL = os.path.join(ROOT, "tracklayer")
STATE = os.environ.get("TRACKLAYER_HOME", os.path.join(ROOT, ".tracklayer"))
RUN = os.path.join(STATE, "run")


def setting(name, default):
    return os.environ.get(name, default)


INGEST = "127.0.0.1:" + setting("TRACKLAYER_INGEST_PORT", "8080")
API = "http://127.0.0.1:" + setting("TRACKLAYER_API_PORT", "8081")
FLINK = "http://127.0.0.1:" + setting("TRACKLAYER_FLINK_PORT", "8082")
CLICKHOUSE = "http://127.0.0.1:" + setting("TRACKLAYER_CLICKHOUSE_HTTP_PORT", "8123")
STACK_PORTS = {
    "ingest-gateway": int(setting("TRACKLAYER_INGEST_PORT", "8080")),
    "api-gateway": int(setting("TRACKLAYER_API_PORT", "8081")),
    "flink": int(setting("TRACKLAYER_FLINK_PORT", "8082")),
    "kafka": int(setting("TRACKLAYER_KAFKA_PORT", "9092")),
    "clickhouse": int(setting("TRACKLAYER_CLICKHOUSE_HTTP_PORT", "8123")),
    "redis": int(setting("TRACKLAYER_REDIS_PORT", "6379")),
    "postgres": int(setting("TRACKLAYER_POSTGRES_PORT", "5432")),
}

FAKE_PORT = int(setting("FAULTS_FAKE_PORT", "18990"))
RATE = float(setting("FAULTS_RATE", "100"))
SECONDS = float(setting("FAULTS_SECONDS", "60"))
FAULT_AT = float(setting("FAULTS_FAULT_AT", "20"))
DOWN_SECONDS = float(setting("FAULTS_DOWN_SECONDS", "5"))
DRAIN_DEADLINE = float(setting("FAULTS_DRAIN_DEADLINE", "900"))
ACCEPT_DEADLINE = float(setting("FAULTS_ACCEPT_DEADLINE", "900"))
WORKERS = int(setting("FAULTS_CLIENTS", "64"))
SHORT_HORIZON = setting("FAULTS_SHORT_HORIZON", "10m")

EXPIRED_REASONS = ("retry horizon", "older than the platform accepts")
FINAL = {"DELIVERED", "FAILED", "ERROR", "SKIPPED"}


def log(msg):
    print(msg, flush=True)


def fmt_s(seconds):
    if seconds is None:
        return "-"
    if seconds >= 120:
        return "%dm%02ds" % (seconds // 60, seconds % 60)
    return "%.1f s" % seconds


# ---------------------------------------------------------------- the fake platform


class Fake:
    """Meta's Conversions API and webhook receivers on one local server. Records the time each
    accepted event_id arrived; answers 503 (as Meta does, transient) while `down`."""

    META_PATH = re.compile(r"^/v\d+\.\d+/([^/]+)/events$")
    META_HASHED = {"em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id"}
    META_SOURCES = {
        "email", "website", "app", "phone_call", "chat", "physical_store", "system_generated",
        "business_messaging", "other",
    }

    def __init__(self, port):
        self.lock = threading.Lock()
        self.arrivals = {"meta": {}, "webhook": {}}  # platform -> event_id -> [epoch seconds]
        self.requests = {"meta": 0, "webhook": 0}
        self.refused = {"meta": 0, "webhook": 0}  # 4xx answers: a wrong request
        self.outage_answers = {"meta": 0, "webhook": 0}
        self.refusals = []  # (platform, message), the first few
        self.down_until = 0.0
        self.webhook_secrets = {}  # path -> signing secret
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, answer = fake.handle(self.path, self.headers, body)
                data = json.dumps(answer).encode() if not isinstance(answer, bytes) else answer
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    # The client gave up first (Meta's adapter waits 1.5 s). Not counted: the
                    # first write to a closed socket usually succeeds, so a count would mislead.
                    self.close_connection = True

            def do_GET(self):
                if self.path.startswith("/_fake/stats"):
                    data = json.dumps(fake.stats()).encode()
                    self.send_response(200)
                else:
                    data = b'{"error":"not found"}'
                    self.send_response(404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a pooled connection the client reset between requests: not an error

        self.server = Server(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()

    @property
    def base_url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def down(self, seconds):
        self.down_until = time.time() + seconds

    def up(self):
        self.down_until = 0.0

    def is_down(self):
        return time.time() < self.down_until

    def stats(self):
        with self.lock:
            return {
                "down": self.is_down(),
                "requests": dict(self.requests),
                "refused": dict(self.refused),
                "outage_answers": dict(self.outage_answers),
                "events": {p: len(a) for p, a in self.arrivals.items()},
            }

    def arrived(self, platform, event_id):
        with self.lock:
            times = self.arrivals[platform].get(event_id)
            return list(times) if times else None

    def snapshot(self, platform):
        with self.lock:
            return {k: list(v) for k, v in self.arrivals[platform].items()}

    def handle(self, path, headers, body):
        url = urllib.parse.urlsplit(path)
        # Control: POST /_fake/down?seconds=N, POST /_fake/up (the suite switches in-process).
        if url.path == "/_fake/down":
            seconds = float(urllib.parse.parse_qs(url.query).get("seconds", ["60"])[0])
            self.down(seconds)
            return 200, {"down_for_seconds": seconds}
        if url.path == "/_fake/up":
            self.up()
            return 200, {"down": False}
        platform = "meta" if self.META_PATH.match(url.path) else (
            "webhook" if url.path.startswith("/webhook/") else None)
        if platform is None:
            return 404, {"error": "unknown path " + url.path}
        with self.lock:
            self.requests[platform] += 1
        if self.is_down():
            with self.lock:
                self.outage_answers[platform] += 1
            if platform == "meta":
                return 503, {"error": {
                    "message": "Service temporarily unavailable", "type": "OAuthException",
                    "is_transient": True, "code": 2, "fbtrace_id": uuid.uuid4().hex[:11]}}
            return 503, {"error": "unavailable"}
        if platform == "meta":
            status, answer, ids = self.meta(url, body)
        else:
            status, answer, ids = self.webhook(url, headers, body)
        now = time.time()
        with self.lock:
            if status >= 400:
                self.refused[platform] += 1
                if len(self.refusals) < 20:
                    self.refusals.append((platform, json.dumps(answer)[:300]))
            for event_id in ids:
                self.arrivals[platform].setdefault(event_id, []).append(now)
        return status, answer

    @staticmethod
    def meta_invalid(subcode, message):
        return 400, {"error": {
            "message": "Invalid parameter", "type": "OAuthException", "code": 100,
            "error_subcode": subcode, "is_transient": False, "error_user_title": "Invalid parameter",
            "error_user_msg": message, "fbtrace_id": uuid.uuid4().hex[:11]}}, []

    def meta(self, url, body):
        """What the real API checks (FakePlatformsRules.meta in the core test-jar)."""
        token = urllib.parse.parse_qs(url.query).get("access_token", [""])[0]
        if not token.strip() or token == "invalid":
            return 400, {"error": {
                "message": "Invalid OAuth access token - Cannot parse access token",
                "type": "OAuthException", "code": 190, "is_transient": False}}, []
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        data = doc.get("data") if isinstance(doc, dict) else None
        if not isinstance(data, list) or not 1 <= len(data) <= 1000:
            return self.meta_invalid(2804016, "The data parameter must be an array of 1 to 1000 events")
        now = time.time()
        ids = []
        for i, ev in enumerate(data):
            if not isinstance(ev, dict) or not str(ev.get("event_name") or "").strip():
                return self.meta_invalid(2804001, "data[%d].event_name is required" % i)
            t = ev.get("event_time")
            if not isinstance(t, int) or isinstance(t, bool):
                return self.meta_invalid(2804002, "data[%d].event_time must be a unix timestamp in seconds" % i)
            if now - t > 7 * 86400:
                return self.meta_invalid(2804003, "The timestamp for this event is too far in the past.")
            if t - now > 60:
                return self.meta_invalid(2804004, "The timestamp for this event is in the future.")
            if ev.get("action_source") not in self.META_SOURCES:
                return self.meta_invalid(2804050, "data[%d].action_source is invalid" % i)
            user = ev.get("user_data")
            if not isinstance(user, dict) or not user:
                return self.meta_invalid(2804019, "data[%d].user_data is required" % i)
            for key in self.META_HASHED & user.keys():
                v = user[key]
                if not isinstance(v, list) or not v or not all(
                        isinstance(h, str) and re.fullmatch(r"[0-9a-f]{64}", h) for h in v):
                    return self.meta_invalid(2804019, "data[%d].user_data.%s must be an array of SHA-256 hashes" % (i, key))
            ids.append(ev.get("event_id"))
        if doc.get("test_event_code"):
            ids = []
        return 200, {"events_received": len(data), "messages": [],
                     "fbtrace_id": uuid.uuid4().hex[:11]}, ids

    def webhook(self, url, headers, body):
        """A receiver as WebhookAdapter documents it: signature over "<t>.<body>", event id header."""
        secret = self.webhook_secrets.get(url.path)
        if secret is None:
            return 404, {"error": "no such hook"}, []
        sig = headers.get("X-TrackLayer-Signature") or ""
        parts = dict(p.strip().split("=", 1) for p in sig.split(",") if "=" in p)
        try:
            t = int(parts.get("t", ""))
        except ValueError:
            return 401, {"error": "invalid signature"}, []
        want = hmac.new(secret.encode(), b"%d." % t + body, hashlib.sha256).hexdigest()
        if abs(time.time() - t) > 300 or not hmac.compare_digest(want, parts.get("v1", "")):
            return 401, {"error": "invalid signature"}, []
        try:
            doc = json.loads(body)
        except ValueError:
            return 400, {"error": "body is not JSON"}, []
        event_id = doc.get("event_id") if isinstance(doc, dict) else None
        if not event_id or event_id != headers.get("X-TrackLayer-Event-Id"):
            return 400, {"error": "X-TrackLayer-Event-Id does not match the body's event_id"}, []
        return 200, {"ok": True}, [event_id]


# ---------------------------------------------------------------- the stack


FLINK_JM = "flink-jobmanager"


def flink_processes():
    """The Flink processes of the session cluster that have a pid file (JobManager, TaskManagers)."""
    try:
        names = os.listdir(RUN)
    except OSError:
        return []
    return sorted(n[:-4] for n in names if n.startswith("flink-") and n.endswith(".pid") and Stack.pid(n[:-4]))


class Stack:
    def __init__(self, fake, keep_up):
        self.fake = fake
        self.keep_up = keep_up
        self.flink_env = None  # the extra settings the running Flink process was started with
        self.secret_token = {}

    def env(self, extra=None):
        env = dict(os.environ)
        env["TRACKLAYER_DESTINATION_META_BASE_URL"] = self.fake.base_url
        env["TRACKLAYER_WEBHOOKS_ALLOW_PRIVATE_TARGETS"] = "true"
        env.update(extra or {})
        return env

    def tl(self, *args, extra=None, check=True, capture=False, quiet=False):
        out = subprocess.PIPE if capture or quiet else None
        p = subprocess.run([TL, *args], env=self.env(extra), stdout=out, stderr=subprocess.STDOUT if quiet else None,
                           text=True)
        if check and p.returncode != 0:
            if quiet and p.stdout:
                sys.stdout.write(p.stdout)
            raise RuntimeError("./tracklayer %s failed (exit %d)" % (" ".join(args), p.returncode))
        return p

    @staticmethod
    def pid(name):
        try:
            with open(os.path.join(RUN, name + ".pid")) as f:
                pid = int(f.read().strip())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    @staticmethod
    def port_open(port):
        import socket
        with socket.socket() as s:
            s.settimeout(0.5)
            return s.connect_ex(("127.0.0.1", port)) == 0

    def ours_up(self):
        names = [n for n in STACK_PORTS if n != "postgres" and self.pid(n)]
        pg = os.path.join(STATE, "postgres", "data", "postmaster.pid")
        if os.path.exists(pg):
            names.append("postgres")
        return names

    @staticmethod
    def process_env(pid):
        try:
            with open("/proc/%d/environ" % pid, "rb") as f:
                pairs = f.read().decode("utf-8", "replace").split("\0")
        except OSError:
            return {}
        return dict(p.split("=", 1) for p in pairs if "=" in p)

    def prepare(self):
        """The stack must run with the suite's settings: ours is kept when every service already
        has them, else restarted; another checkout's stack is refused."""
        mine = self.ours_up()
        if mine:
            wanted = {k: v for k, v in self.env().items() if k in (
                "TRACKLAYER_DESTINATION_META_BASE_URL", "TRACKLAYER_WEBHOOKS_ALLOW_PRIVATE_TARGETS")}
            services = ["api-gateway", "ingest-gateway", FLINK_JM]
            envs = [self.process_env(self.pid(n)) if self.pid(n) else {} for n in services]
            if all(all(e.get(k) == v for k, v in wanted.items()) for e in envs):
                log("this checkout's stack is up with the suite's settings: using it")
                horizon = envs[2].get("TRACKLAYER_DELIVERY_RETRY_HORIZON")
                if horizon and horizon != os.environ.get("TRACKLAYER_DELIVERY_RETRY_HORIZON"):
                    self.flink_env = {"TRACKLAYER_DELIVERY_RETRY_HORIZON": horizon}
                else:
                    self.flink_env = {}
                return
            log("this checkout's stack is up (%s): stopping it to start it with the suite's settings"
                % ", ".join(mine))
            self.tl("down", quiet=True)
        busy = [("%s :%d" % (n, p)) for n, p in STACK_PORTS.items() if self.port_open(p)]
        if busy:
            raise SystemExit("faults: ports in use by another stack (%s); stop it first" % ", ".join(busy))

    def up(self, extra=None):
        """`./tracklayer up`: starts what is down, with these settings on top of the suite's."""
        flink_was_up = self.pid(FLINK_JM) is not None
        self.tl("up", extra=extra, quiet=True)
        if not flink_was_up or self.flink_env is None:
            self.flink_env = dict(extra or {})

    def ensure(self, extra):
        """Up with these settings; Flink (the only part that reads them) restarted if they differ."""
        extra = dict(extra or {})
        if self.flink_env is not None and extra != self.flink_env and self.pid(FLINK_JM):
            log("   restarting Flink with %s" % (" ".join("%s=%s" % kv for kv in extra.items()) or "the defaults"))
            # The JobManager builds the jobs from its environment, the TaskManagers run them with theirs.
            for name in flink_processes():
                stop(self.pid(name), signal.SIGTERM)
        self.up(extra)
        self.wait_job()
        for k, v in extra.items():
            actual = self.process_env(self.pid(FLINK_JM)).get(k)
            if actual != v:
                raise RuntimeError("Flink runs with %s=%s, not %s" % (k, actual, v))

    def wait_job(self, timeout=180):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                jobs = json.load(urllib.request.urlopen(FLINK + "/jobs/overview", timeout=3))["jobs"]
                if any(j["name"] == "tracklayer-pipeline" and j["state"] == "RUNNING" for j in jobs):
                    return
            except Exception:
                pass
            time.sleep(1)
        raise RuntimeError("the pipeline job is not RUNNING after %d s" % timeout)

    def down(self):
        if self.keep_up:
            log("FAULTS_KEEP_UP=1: the stack stays up (./tracklayer down stops it)")
            return
        log("==> ./tracklayer down")
        self.tl("down", check=False, quiet=True)

    def token(self, sub):
        if sub not in self.secret_token:
            self.secret_token[sub] = self.tl("dev-token", sub, capture=True).stdout.strip()
        return self.secret_token[sub]


def stop(pid, sig, timeout=60):
    try:
        os.kill(pid, sig)
    except OSError:
        return
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def http_json(method, url, token, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.load(r)


def api_retry(method, url, token, body=None, deadline=180):
    """The API may itself be the part that was killed: retried until it answers."""
    end = time.time() + deadline
    while True:
        try:
            return http_json(method, url, token, body)
        except urllib.error.HTTPError as e:
            if e.code < 500 or time.time() > end:
                raise
        except (OSError, http.client.HTTPException):
            if time.time() > end:
                raise
        time.sleep(1)


# ---------------------------------------------------------------- the load


class Load:
    """`rate` events/s for `seconds` to POST /v1/events; each is retried with the same event_id
    (connection error, timeout, 5xx, 429) until accepted: 202, or 409 on a retry (an earlier try
    was accepted). Records when each was accepted."""

    def __init__(self, key, prefix, rate, seconds):
        self.key = key
        self.n = int(rate * seconds)
        self.rate = rate
        self.events = [{"id": "%s-%05d" % (prefix, i)} for i in range(self.n)]
        self.queue = queue.Queue()
        self.refused = []
        self.lock = threading.Lock()
        self.answers = {}
        self.t0 = None

    def body(self, i):
        ev = self.events[i]
        return json.dumps({
            "event_id": ev["id"], "event_name": "purchase", "event_time": ev["event_time"],
            "order_id": ev["id"], "value": 10 + i % 90, "currency": "USD",
            "user_data": {"email": "buyer%d@example.com" % (i % 500), "client_ip_address": "203.0.113.7",
                          "client_user_agent": "Mozilla/5.0 (X11; Linux x86_64) faults"},
        })

    def count(self, answer):
        with self.lock:
            self.answers[answer] = self.answers.get(answer, 0) + 1

    def start(self):
        self.t0 = time.time()
        self.feeder = threading.Thread(target=self.feed, daemon=True)
        self.workers = [threading.Thread(target=self.work, daemon=True) for _ in range(WORKERS)]
        self.feeder.start()
        for w in self.workers:
            w.start()

    def join(self):
        self.feeder.join()
        for w in self.workers:
            w.join()
        self.t_end = time.time()

    def feed(self):
        for i in range(self.n):
            due = self.t0 + i / self.rate
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            self.events[i]["event_time"] = int(time.time())
            self.queue.put(i)
        for _ in self.workers:
            self.queue.put(None)

    def work(self):
        conn = None
        while True:
            i = self.queue.get()
            if i is None:
                if conn:
                    conn.close()
                return
            ev = self.events[i]
            body = self.body(i)
            ev["sent_at"] = time.time()
            attempts = 0
            wait = 0.2
            while True:
                attempts += 1
                retry_after = None
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(INGEST, timeout=10)
                    conn.request("POST", "/v1/events", body=body, headers={
                        "Authorization": "Bearer " + self.key, "Content-Type": "application/json"})
                    r = conn.getresponse()
                    text = r.read()
                    status = r.status
                    retry_after = r.getheader("Retry-After")
                    if r.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
                except (OSError, http.client.HTTPException):
                    status = "connection error"
                    if conn:
                        conn.close()
                    conn = None
                self.count(status)
                if status == 202 or (status == 409 and attempts > 1):
                    ev["accepted_at"] = time.time()
                    ev["accepted_as"] = "202" if status == 202 else "409 after retry"
                    break
                if status == 409:  # on the first try: this event_id was never sent before
                    ev["accepted_at"] = time.time()
                    ev["accepted_as"] = "409 at once"
                    break
                if isinstance(status, int) and 400 <= status < 500 and status != 429 and status != 408:
                    ev["refused"] = "%d %s" % (status, text[:200].decode("utf-8", "replace"))
                    break
                if time.time() - ev["sent_at"] > ACCEPT_DEADLINE:
                    ev["refused"] = "not accepted within %d s (last: %s)" % (ACCEPT_DEADLINE, status)
                    break
                pause = wait
                if retry_after:
                    try:
                        pause = max(pause, min(float(retry_after), 5.0))
                    except ValueError:
                        pass
                time.sleep(pause)
                wait = min(wait * 2, 2.0)
            ev["attempts"] = attempts

    def accepted(self):
        return [e for e in self.events if "accepted_at" in e]


# ---------------------------------------------------------------- scenarios


SCENARIOS = {
    "kafka": ("kill", "kafka", "kill -9 the Kafka broker"),
    "flink": ("kill", "flink-taskmanager-1", "kill -9 the Flink TaskManager (the jobs restart from their checkpoints once `up` starts it again)"),
    "flink-jobmanager": ("kill", "flink-jobmanager", "kill -9 the Flink JobManager (`up` starts it and resubmits the jobs from their checkpoints)"),
    "ingest": ("kill", "ingest-gateway", "kill -9 the ingest gateway"),
    "api": ("kill", "api-gateway", "kill -9 the API gateway"),
    "clickhouse": ("kill", "clickhouse", "kill -9 ClickHouse"),
    "outage-20s": ("outage", 20, "the fake platform answers 503 for 20 s"),
    "outage-5m": ("outage", 300, "the fake platform answers 503 for 5 min"),
    "outage-30m": ("outage", 1800, "the fake platform answers 503 for 30 min, retry horizon %s" % SHORT_HORIZON),
    "baseline": ("none", None, "no fault"),
}
DEFAULT = ["kafka", "flink", "ingest", "api", "clickhouse", "outage-20s", "outage-5m"]


class Scenario:
    def __init__(self, name, stack, fake, run_id, out_dir):
        self.name = name
        self.kind, self.arg, self.what = SCENARIOS[name]
        self.stack = stack
        self.fake = fake
        self.prefix = "%s-%s" % (run_id, name)
        self.out_dir = out_dir
        self.settings = {"TRACKLAYER_DELIVERY_RETRY_HORIZON": SHORT_HORIZON} if name == "outage-30m" else {}
        self.notes = []

    def note(self, msg):
        self.notes.append(msg)
        log("   " + msg)

    # -- setup: merchant, key, a Meta and a webhook connection on the fake
    def setup(self):
        self.sub = "faults-" + self.prefix
        self.token = self.stack.token(self.sub)
        self.merchant = api_retry("GET", API + "/v1/account", self.token)["merchant_id"]
        self.key = api_retry("POST", API + "/v1/api-keys", self.token, {"name": "faults"})["key"]
        api_retry("POST", API + "/v1/platforms", self.token, {
            "platform": "meta", "name": "faults meta",
            "credentials": {"pixel_id": "1%s" % (abs(hash(self.prefix)) % 10**14),
                            "access_token": "EAAfaults" + uuid.uuid4().hex}})
        hook = "/webhook/" + self.prefix
        secret = "whsec_" + uuid.uuid4().hex
        self.fake.webhook_secrets[hook] = secret
        api_retry("POST", API + "/v1/platforms", self.token, {
            "platform": "webhook", "name": "faults webhook",
            "credentials": {"url": self.fake.base_url + hook, "signing_secret": secret}})
        log("   merchant %s" % self.merchant)

    def warm_up(self):
        """Events until one reaches both connections: the pipeline runs and has the merchant's
        configuration with both (each connection is its own change on config.changes, and an
        event is routed by the configuration known when it arrives)."""
        deadline = time.time() + 180
        for k in range(1000):
            load = Load(self.key, "%s-warmup%d" % (self.prefix, k), 1, 1)
            load.start()
            load.join()
            ev = load.events[0]
            if "accepted_at" not in ev:
                raise RuntimeError("warm-up event not accepted: %s" % ev.get("refused"))
            until = min(deadline, time.time() + 10)
            while time.time() < until:
                if all(self.fake.arrived(p, ev["id"]) for p in ("meta", "webhook")):
                    return
                time.sleep(0.5)
            if time.time() >= deadline:
                raise RuntimeError("no warm-up event delivered to both connections in 180 s")

    # -- the fault
    def inject(self, load):
        self.fault_started = self.recovered_at = None
        if self.kind == "none":
            return
        time.sleep(max(0.0, load.t0 + FAULT_AT - time.time()))
        if self.kind == "outage":
            self.fault_started = time.time()
            self.fake.down(self.arg)
            time.sleep(self.arg)
            self.fake.up()
            self.recovered_at = time.time()
            self.note("fault: 503 from %s to %s of the load" % (
                fmt_s(self.fault_started - load.t0), fmt_s(self.recovered_at - load.t0)))
            return
        part = self.arg
        pid = self.stack.pid(part)
        if not pid:
            raise RuntimeError("%s is not running" % part)
        self.fault_started = time.time()
        stop(pid, signal.SIGKILL, timeout=30)
        time.sleep(DOWN_SECONDS)
        t_up = time.time()
        self.stack.up(self.settings)
        self.recovered_at = time.time()
        self.note("fault: kill -9 %s (pid %d) at %s of the load; ./tracklayer up %s later took %s; back at %s"
                  % (part, pid, fmt_s(self.fault_started - load.t0), fmt_s(DOWN_SECONDS),
                     fmt_s(self.recovered_at - t_up), fmt_s(self.recovered_at - load.t0)))

    # -- states as ClickHouse has them (cheap, bulk) and as the API answers them (per event)
    def clickhouse_states(self):
        q = ("SELECT event_id, platform, argMax(status, version), argMax(error, version) "
             "FROM tracklayer.deliveries WHERE merchant_id = '%s' GROUP BY event_id, platform "
             "FORMAT TabSeparated" % self.merchant)
        try:
            with urllib.request.urlopen(CLICKHOUSE + "/", data=q.encode(), timeout=30) as r:
                rows = r.read().decode().splitlines()
        except Exception:
            return None
        states = {}
        for row in rows:
            event_id, platform, status, error = (row.split("\t") + ["", "", "", ""])[:4]
            states[(event_id, platform)] = (status, error)
        return states

    def api_state(self, event_id):
        try:
            detail = api_retry("GET", API + "/v1/events/" + urllib.parse.quote(event_id), self.token, deadline=60)
        except urllib.error.HTTPError as e:
            return {"http": e.code}
        return {d["platform"]: d for d in detail.get("deliveries", [])}

    def undelivered(self, accepted):
        return {p: [e["id"] for e in accepted if not self.fake.arrived(p, e["id"])] for p in ("meta", "webhook")}

    def drain(self, accepted, start):
        """Until every accepted event arrived at both, or each one that did not has a final state
        (ERROR once its horizon passed), or the deadline."""
        deadline = start + DRAIN_DEADLINE
        last_check = 0.0
        while True:
            missing = self.undelivered(accepted)
            if not any(missing.values()):
                return True
            now = time.time()
            if now - last_check >= 15:
                last_check = now
                states = self.clickhouse_states() or {}
                pending = [(i, p) for p, ids in missing.items() for i in ids
                           if states.get((i, p), ("", ""))[0] not in FINAL]
                if not pending:
                    return True
            if now > deadline:
                self.note("drain deadline (%s) reached with %d + %d undelivered" % (
                    fmt_s(DRAIN_DEADLINE), len(missing["meta"]), len(missing["webhook"])))
                return False
            time.sleep(1)

    def run(self):
        t_start = time.time()
        log("")
        log("== %s: %s, at %s into a load of %g events/s for %s" % (self.name, self.what, fmt_s(FAULT_AT), RATE, fmt_s(SECONDS)))
        self.stack.ensure(self.settings)
        self.setup()
        self.warm_up()
        before = self.fake.stats()
        load = Load(self.key, self.prefix, RATE, SECONDS)
        load.start()
        fault = threading.Thread(target=self.guard(self.inject), args=(load,), daemon=True)
        fault.start()
        load.join()
        fault.join()
        if self.fault_error:
            raise self.fault_error
        self.note("load: %d events in %s; answers %s" % (load.n, fmt_s(load.t_end - load.t0), ", ".join(
            "%s×%d" % (k, v) for k, v in sorted(load.answers.items(), key=lambda kv: str(kv[0])))))
        loads = [load]
        if self.name == "outage-30m":
            # Every event of the load expired during the outage: these show the connection
            # delivers again after it.
            tail = Load(self.key, self.prefix + "-after", RATE, 10)
            tail.start()
            tail.join()
            loads.append(tail)
            self.note("load after recovery: %d events in %s" % (tail.n, fmt_s(tail.t_end - tail.t0)))
        accepted = [e for l in loads for e in l.accepted()]
        ref = max(load.t_end, self.recovered_at or 0)
        drained = self.drain(accepted, ref)
        after = self.fake.stats()
        self.note("fake: %s" % "; ".join(
            "%s %d requests, %d answered 503, %d refused (4xx)" % (
                p, after["requests"][p] - before["requests"][p],
                after["outage_answers"][p] - before["outage_answers"][p],
                after["refused"][p] - before["refused"][p]) for p in ("meta", "webhook")))
        self.result = self.count(loads, accepted)
        self.result["drained"] = drained
        self.analytics()
        self.result["runtime"] = time.time() - t_start
        self.report()
        return self.result

    def guard(self, fn):
        self.fault_error = None

        def run(*args):
            try:
                fn(*args)
            except BaseException as e:  # reported by run() after the load
                self.fault_error = e
        return run

    def count(self, loads, accepted):
        res = {"scenario": self.name, "merchant": self.merchant, "what": self.what}
        events = [e for l in loads for e in l.events]
        res["sent"] = len(events)
        res["accepted"] = len(accepted)
        res["accepted_202"] = sum(1 for e in accepted if e["accepted_as"] == "202")
        res["accepted_409"] = sum(1 for e in accepted if e["accepted_as"] == "409 after retry")
        res["accepted_409_at_once"] = sum(1 for e in accepted if e["accepted_as"] == "409 at once")
        res["not_accepted"] = [(e["id"], e.get("refused")) for e in events if "accepted_at" not in e]
        by_id = {e["id"]: e for e in accepted}
        undelivered = self.undelivered(accepted)
        states = {}
        ids = sorted(set(undelivered["meta"]) | set(undelivered["webhook"]))
        if ids:
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                for event_id, st in zip(ids, pool.map(self.api_state, ids)):
                    states[event_id] = st
        for p in ("meta", "webhook"):
            arrivals = self.fake.snapshot(p)
            delivered = [e for e in accepted if e["id"] in arrivals]
            r = {"delivered": len(delivered), "expired": 0, "lost": [], "expired_examples": []}
            for event_id in undelivered[p]:
                d = states.get(event_id, {}).get(p) if "http" not in states.get(event_id, {}) else None
                status = d.get("status") if d else None
                error = (d.get("error") or "") if d else ""
                if status == "ERROR" and any(x in error for x in EXPIRED_REASONS):
                    r["expired"] += 1
                    if len(r["expired_examples"]) < 3:
                        r["expired_examples"].append({"event_id": event_id, "delivery": d})
                else:
                    r["lost"].append({"event_id": event_id, "accepted_as": by_id[event_id]["accepted_as"],
                                      "accepted_at": by_id[event_id]["accepted_at"],
                                      "api": states.get(event_id)})
            dups = [len(arrivals[e["id"]]) for e in delivered if len(arrivals[e["id"]]) > 1]
            r["duplicated_events"] = len(dups)
            r["extra_copies"] = sum(d - 1 for d in dups)
            delays = [arrivals[e["id"]][0] - e["accepted_at"] for e in delivered]
            r["max_delay"] = max(delays) if delays else None
            firsts = [arrivals[e["id"]][0] for e in delivered]
            r["last_after_recovery"] = (max(firsts) - self.recovered_at) if firsts and self.recovered_at else None
            r["unknown_ids"] = len([i for i in arrivals if i.startswith(self.prefix) and i not in by_id
                                    and not i.startswith(self.prefix + "-warmup")])
            res[p] = r
        res["lost"] = len(res["meta"]["lost"]) + len(res["webhook"]["lost"])
        with open(os.path.join(self.out_dir, self.name + ".json"), "w") as f:
            json.dump({"result": res, "notes": self.notes, "fault_started": self.fault_started,
                       "recovered_at": self.recovered_at, "load_start": loads[0].t0,
                       "events": events,
                       "arrivals": {p: {i: t for i, t in self.fake.snapshot(p).items() if i.startswith(self.prefix)}
                                    for p in ("meta", "webhook")}}, f, indent=1, default=str)
        return res

    def analytics(self):
        p = self.stack.tl("analytics", "check", "--merchant", self.merchant, check=False, capture=True)
        out = p.stdout.strip().splitlines()
        self.result["analytics_exit"] = p.returncode
        self.result["analytics_output"] = out
        with open(os.path.join(self.out_dir, self.name + ".analytics.txt"), "w") as f:
            f.write(p.stdout)

    def report(self):
        r = self.result
        log("   accepted %d of %d (202: %d, 409 after a retry: %d%s)%s" % (
            r["accepted"], r["sent"], r["accepted_202"], r["accepted_409"],
            ", 409 at once: %d" % r["accepted_409_at_once"] if r["accepted_409_at_once"] else "",
            "; NOT accepted: %d (%s)" % (len(r["not_accepted"]), r["not_accepted"][0][1]) if r["not_accepted"] else ""))
        for p in ("meta", "webhook"):
            x = r[p]
            log("   %-8s delivered %d, expired %d, lost %d, delivered more than once %d (%d extra copies), "
                "max delay %s, last first delivery %s after recovery" % (
                    p + ":", x["delivered"], x["expired"], len(x["lost"]), x["duplicated_events"],
                    x["extra_copies"], fmt_s(x["max_delay"]), fmt_s(x["last_after_recovery"])))
            for lost in x["lost"][:5]:
                log("     lost %s (accepted: %s) API: %s" % (lost["event_id"], lost["accepted_as"],
                                                          json.dumps(lost["api"])[:400]))
            if x["expired_examples"]:
                d = x["expired_examples"][0]["delivery"]
                log("     expired e.g. %s: %s, %s" % (x["expired_examples"][0]["event_id"], d.get("status"), d.get("error")))
        log("   analytics check --merchant %s: exit %d" % (self.merchant, r["analytics_exit"]))
        for line in r["analytics_output"][-12:]:
            log("     | " + line)
        log("   %s in %s" % ("PASS" if r["lost"] == 0 and not r["not_accepted"] else "FAIL", fmt_s(r["runtime"])))


def table(results):
    rows = ["| scenario | accepted (202 + 409 after retry) | delivered meta / webhook | expired | lost |"
            " delivered more than once (events) | max delay meta / webhook | last delivery after recovery |"
            " analytics check | runtime |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for r in results:
        m, w = r["meta"], r["webhook"]
        rows.append("| %s | %d (%d + %d) | %d / %d | %d / %d | %d | %d / %d | %s / %s | %s / %s | %s | %s |" % (
            r["scenario"], r["accepted"], r["accepted_202"], r["accepted_409"], m["delivered"], w["delivered"],
            m["expired"], w["expired"], r["lost"], m["duplicated_events"], w["duplicated_events"],
            fmt_s(m["max_delay"]), fmt_s(w["max_delay"]), fmt_s(m["last_after_recovery"]),
            fmt_s(w["last_after_recovery"]),
            "no difference" if r["analytics_exit"] == 0 else "exit %d" % r["analytics_exit"], fmt_s(r["runtime"])))
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(
        prog="./tracklayer faults",
        description="Fault suite against this checkout's stack (docs/reliability.md \"Fault suite\").",
        epilog="scenarios: " + ", ".join("%s (%s)" % (k, v[2]) for k, v in SCENARIOS.items())
        + ". Default: " + " ".join(DEFAULT) + ".")
    parser.add_argument("scenarios", nargs="*", metavar="scenario")
    args = parser.parse_args()
    names = args.scenarios or DEFAULT
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        parser.error("unknown scenario %s; known: %s" % (", ".join(unknown), ", ".join(SCENARIOS)))

    def interrupted(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupted)

    run_id = time.strftime("%Y%m%d-%H%M%S")
    out_dir = os.path.join(STATE, "faults", run_id)
    fake = Fake(FAKE_PORT)
    stack = Stack(fake, keep_up=os.environ.get("FAULTS_KEEP_UP") == "1")
    results = []
    t0 = time.time()
    failed = None
    try:
        stack.prepare()
        os.makedirs(out_dir, exist_ok=True)
        fake.start()
        log("==> fake platform on %s (Meta, webhooks); results in %s" % (fake.base_url, out_dir))
        log("==> ./tracklayer up (TRACKLAYER_DESTINATION_META_BASE_URL=%s TRACKLAYER_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true)"
            % fake.base_url)
        stack.up()
        for name in names:
            results.append(Scenario(name, stack, fake, run_id, out_dir).run())
    except KeyboardInterrupt:
        failed = "interrupted"
        log("\ninterrupted")
    except Exception as e:
        failed = "%s: %s" % (type(e).__name__, e)
        log("\nfaults: %s" % failed)
    finally:
        fake.up()
        stack.down()
        fake.stop()
    if results:
        log("")
        log(table(results))
        with open(os.path.join(out_dir, "table.md"), "w") as f:
            f.write(table(results) + "\n")
    lost = sum(r["lost"] for r in results)
    log("\n%d scenario(s) in %s; lost %d%s" % (len(results), fmt_s(time.time() - t0), lost,
                                              "; " + failed if failed else ""))
    sys.exit(1 if lost or failed or any(r["not_accepted"] for r in results) else 0)


if __name__ == "__main__":
    main()
