// Replays every ClickHouse statement that the test suite issued against ClickHouse 18.16 (the
// server Debian ships) on a current ClickHouse engine (chdb bundles 26.x), so the schema and
// queries stay within the subset both accept. Usage: node check.mjs DIR-WITH-queries-*.sql
import { Session } from "chdb";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const dir = process.argv[2];
const schemaDir = process.argv[3];

// Every database the project uses is made by ClickHouseMigrations from these files; applying
// them when a database is first seen keeps the check whole even where a log was cut short.
function migrationStatements() {
  if (!schemaDir) return [];
  const list = readFileSync(join(schemaDir, "migrations.list"), "utf8")
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const out = [];
  for (const name of list) {
    const text = readFileSync(join(schemaDir, name), "utf8")
      .split("\n").filter((l) => !l.trim().startsWith("--")).join("\n");
    for (const st of text.split(/;\s*\n/)) {
      const t = st.trim().replace(/;$/, "");
      if (t) out.push(t);
    }
  }
  return out;
}
const migrations = migrationStatements();

// ClickHouseDatabase logs a RowBinary insert as its statement and the rows in base64. Replayed as
// the same rows read through format(), so the bytes are checked against the current engine's
// reading of the same column types, not only the statement.
function rowBinaryAsSql(session, sql) {
  const m = sql.match(/^INSERT INTO (\w+) \(([^)]*)\) FORMAT RowBinary\n([A-Za-z0-9+/=]*)\s*$/);
  if (!m) return sql;
  const [, table, list, base64] = m;
  const columns = list.split(",").map((c) => c.trim());
  const types = new Map(
    session
      .query(`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '${table}'`, "JSONEachRow")
      .split("\n").filter(Boolean).map((l) => JSON.parse(l)).map((c) => [c.name, c.type]));
  const structure = columns.map((c) => {
    if (!types.has(c)) throw new Error(`RowBinary insert names ${c}, which ${table} does not have`);
    return `${c} ${types.get(c)}`;
  }).join(", ");
  const data = Array.from(Buffer.from(base64, "base64"), (b) => "\\x" + b.toString(16).padStart(2, "0")).join("");
  return `INSERT INTO ${table} (${list}) SELECT * FROM format(RowBinary, '${structure.replace(/'/g, "\\'")}', '${data}')`;
}

// The log repeats them as ClickHouseMigrations ran them; applied already, they are not run twice
// (an ALTER … ADD COLUMN is not repeatable, and 18.16 has no IF NOT EXISTS for it).
const squash = (s) => s.replace(/\s+/g, " ").trim();
const migrationSet = new Set(migrations.map(squash));
const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
let run = 0;
let skipped = 0;
const failures = [];

for (const file of files) {
  // Each test JVM's log is one history: its databases and tables, in order, in a fresh engine.
  const home = mkdtempSync(join(tmpdir(), "chdb-check-"));
  const session = new Session(home);
  // A replayed RowBinary batch is inlined as escapes, four characters per byte: a batch of a few
  // thousand rows is past the parser's default 256 KiB.
  session.query("SET max_query_size = 1073741824");
  const seen = new Set();
  let current = null;
  try {
    const text = readFileSync(join(dir, file), "utf8");
    const entries = text.split("\n;;\n");
    // A JVM that exits while a sink writes leaves its last entry unfinished: not a statement.
    if (!text.endsWith("\n;;\n")) entries.pop();
    const prepared = new Set();
    for (const entry of entries) {
      const m = entry.match(/^-- database: (\S+)\n([\s\S]*)$/);
      if (!m) continue;
      const [, database, sql] = m;
      // Identical read-only statements add nothing once one of them has run.
      const key = database + "\u0000" + sql;
      if ((/^\s*SELECT/i.test(sql) && seen.has(key)) || migrationSet.has(squash(sql))) {
        skipped++;
        continue;
      }
      seen.add(key);
      try {
        if (database !== current && !/^\s*CREATE DATABASE/i.test(sql)) {
          session.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
          session.query(`USE \`${database}\``);
          current = database;
          if (!prepared.has(database)) {
            prepared.add(database);
            for (const ddl of migrations) {
              session.query(ddl);
              run++;
            }
          }
        }
        session.query(rowBinaryAsSql(session, sql), "JSONEachRow");
        run++;
      } catch (e) {
        failures.push({ file, database, sql: sql.slice(0, 400), error: String(e.message).slice(0, 400) });
      }
    }
  } finally {
    session.cleanup?.();
    rmSync(home, { recursive: true, force: true });
  }
}

for (const f of failures) {
  console.error(`FAILED on ClickHouse 26 (${f.file}, database ${f.database}):\n  ${f.sql}\n  -> ${f.error}\n`);
}
console.log(`chdb-check: ${run} passed, ${failures.length} failed, ${skipped} skipped`);
process.exit(failures.length === 0 && run > 0 ? 0 : 1);
