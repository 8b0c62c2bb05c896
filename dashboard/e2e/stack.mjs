// The stack of this checkout, on ports and a state directory of its own, so that the run never
// meets a developer's stack (default ports, .tracklayer/) or another run's: every port setting of
// ./tracklayer (and deploy/scripts/*.sh, deploy/flink/flink.sh) moved by E2E_PORT_OFFSET (20000).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";

/** The port settings of ./tracklayer with their defaults. */
const PORTS = {
  TRACKLAYER_INGEST_PORT: 8080,
  TRACKLAYER_API_PORT: 8081,
  TRACKLAYER_INGEST_MANAGEMENT_PORT: 9080,
  TRACKLAYER_API_MANAGEMENT_PORT: 9091,
  TRACKLAYER_KAFKA_PORT: 9092,
  TRACKLAYER_KAFKA_CONTROLLER_PORT: 9093,
  TRACKLAYER_POSTGRES_PORT: 5432,
  TRACKLAYER_CLICKHOUSE_HTTP_PORT: 8123,
  TRACKLAYER_CLICKHOUSE_TCP_PORT: 9000,
  TRACKLAYER_REDIS_PORT: 6379,
  TRACKLAYER_FLINK_PORT: 8082,
  TRACKLAYER_FLINK_RPC_PORT: 6123,
  TRACKLAYER_FLINK_METRICS_PORT: 9249, // TaskManager 1
  TRACKLAYER_FLINK_JOBMANAGER_METRICS_PORT: 9248,
};

/** Platform keys of TRACKLAYER_DESTINATION_<KEY>_BASE_URL (core Endpoints.DEFAULTS). */
const DESTINATIONS = ["META", "TIKTOK", "GA4", "GOOGLE_ADS", "GOOGLE_OAUTH", "SNAPCHAT", "PINTEREST", "REDDIT",
  "LINKEDIN", "X", "MICROSOFT", "KLAVIYO"];

/** Settings a machine may need and that do not move the stack onto someone else's. */
const PASS_THROUGH = new Set(["TRACKLAYER_PG_BIN"]);

export class Stack {
  constructor(root, { offset = 20000, fakeUrl, log }) {
    this.root = root;
    this.home = path.join(root, "target", "e2e-stack");
    this.log = log;
    this.ports = Object.fromEntries(Object.entries(PORTS).map(([k, v]) => [k, v + offset]));
    const p = this.ports;
    this.settings = {
      ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])),
      TRACKLAYER_HOME: this.home,
      // Never the developer's tracklayer.env: the settings below are all of this stack's.
      TRACKLAYER_CONFIG: path.join(this.home, "tracklayer.env"),
      TRACKLAYER_KAFKA_BOOTSTRAP: `127.0.0.1:${p.TRACKLAYER_KAFKA_PORT}`,
      TRACKLAYER_POSTGRES_URL: `jdbc:postgresql://127.0.0.1:${p.TRACKLAYER_POSTGRES_PORT}/tracklayer`,
      TRACKLAYER_CLICKHOUSE_URL: `http://127.0.0.1:${p.TRACKLAYER_CLICKHOUSE_HTTP_PORT}`,
      TRACKLAYER_REDIS_URL: `redis://127.0.0.1:${p.TRACKLAYER_REDIS_PORT}`,
      TRACKLAYER_MANAGEMENT_ADDRESS: "127.0.0.1",
      TRACKLAYER_PUBLIC_INGEST_URL: `http://127.0.0.1:${p.TRACKLAYER_INGEST_PORT}`,
      TRACKLAYER_FLINK_TASKMANAGERS: "1",
      ...Object.fromEntries(DESTINATIONS.map((d) => [`TRACKLAYER_DESTINATION_${d}_BASE_URL`, fakeUrl])),
      TRACKLAYER_ANTHROPIC_BASE_URL: fakeUrl,
      TRACKLAYER_STRIPE_API_BASE: fakeUrl,
    };
    this.api = `http://127.0.0.1:${p.TRACKLAYER_API_PORT}`;
    this.ingest = `http://127.0.0.1:${p.TRACKLAYER_INGEST_PORT}`;
    this.upLog = path.join(this.home, "up.log");
    this.started = false;
  }

  env() {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!k.startsWith("TRACKLAYER_") || PASS_THROUGH.has(k)) env[k] = v;
    }
    return { ...env, ...this.settings };
  }

  tl(args, { capture = false } = {}) {
    const r = spawnSync(path.join(this.root, "tracklayer"), args, {
      cwd: this.root, env: this.env(), encoding: "utf8", stdio: capture ? ["ignore", "pipe", "pipe"] : "ignore",
    });
    if (r.status !== 0) {
      throw new Error(`./tracklayer ${args.join(" ")} failed (exit ${r.status})${capture ? `: ${r.stderr.trim()}` : ""}`);
    }
    return capture ? r.stdout.trim() : "";
  }

  /** A dashboard JWT for `sub`, signed with this stack's development secret. */
  token(sub) {
    return this.tl(["dev-token", sub], { capture: true });
  }

  jarsMissing() {
    return ["api-gateway/target/api-gateway.jar", "ingest-gateway/target/ingest-gateway.jar",
      "flink-jobs/target/flink-jobs-all.jar"].filter((j) => !fs.existsSync(path.join(this.root, j)));
  }

  /**
   * `./tracklayer up` with these settings; answers how long it took (ms). A stack of this state
   * directory left by an earlier run is stopped first (its fake platform is gone); ports someone
   * else holds are refused before anything starts.
   */
  async up() {
    fs.mkdirSync(this.home, { recursive: true });
    fs.writeFileSync(this.settings.TRACKLAYER_CONFIG, "# written by dashboard/e2e/run.mjs for its stack (each run)\n" +
      Object.entries(this.settings).filter(([k]) => k !== "TRACKLAYER_CONFIG" && k !== "TRACKLAYER_HOME")
        .map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
    if (fs.existsSync(path.join(this.home, "run"))) this.tl(["down"]);
    const busy = [];
    for (const [name, port] of Object.entries(this.ports)) {
      if (await portOpen(port)) busy.push(`${name}=${port}`);
    }
    if (busy.length) {
      throw new Error(`ports in use by something else (${busy.join(", ")}); stop it or set E2E_PORT_OFFSET`);
    }
    this.started = true;
    const t0 = Date.now();
    const out = fs.createWriteStream(this.upLog);
    const phases = []; // [line, ms since t0]: each "==>" line of up, to see what took the time
    const code = await new Promise((resolve) => {
      // Its own process group, so that stopping the run mid-`up` stops `up` and what it waits on.
      const child = spawn(path.join(this.root, "tracklayer"), ["up"], {
        cwd: this.root, env: this.env(), stdio: ["ignore", "pipe", "pipe"], detached: true,
      });
      this.upChild = child;
      for (const stream of [child.stdout, child.stderr]) {
        readline.createInterface({ input: stream }).on("line", (line) => {
          const ms = Date.now() - t0;
          const plain = line.replace(/\x1b\[[0-9;]*m/g, "");
          out.write(`[+${(ms / 1000).toFixed(1).padStart(5)} s] ${plain}\n`);
          const phase = /^==> (.*)$/.exec(plain);
          if (phase) phases.push([phase[1], ms]);
        });
      }
      child.on("close", (c, signal) => {
        this.upChild = null;
        resolve(c ?? signal);
      });
    });
    await new Promise((resolve) => out.end(resolve));
    if (code !== 0) {
      const tail = fs.readFileSync(this.upLog, "utf8").trim().split("\n").slice(-15).join("\n");
      throw new Error(`./tracklayer up failed (${code}); ${this.upLog} ends with:\n${tail}`);
    }
    const total = Date.now() - t0;
    this.upPhases = phases.map(([line, ms], i) => ({ line, ms: (phases[i + 1]?.[1] ?? total) - ms }));
    return total;
  }

  /** `./tracklayer down`, after stopping an `up` still running (the run was interrupted). */
  async down() {
    if (!this.started) return;
    this.started = false;
    const up = this.upChild;
    if (up) {
      const ended = new Promise((resolve) => up.once("close", resolve));
      try {
        process.kill(-up.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 10000))]);
    }
    try {
      this.tl(["down"]);
    } catch (e) {
      this.log(`  ${e.message}`);
    }
  }
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(500);
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("timeout", () => { socket.destroy(); resolve(false); });
    socket.once("error", () => resolve(false));
  });
}
