/**
 * BENCH_SQL=1 npm run bench:clicks: loaded into the bot (node --import), it times every SQLite statement
 * (better-sqlite3's run/get/all) and prints, when the bot is stopped, the 25 that took the most time: how
 * often each ran, the time in all, and the time each.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Database = require("better-sqlite3");
const Statement = Object.getPrototypeOf(new Database(":memory:").prepare("SELECT 1"));
const totals = new Map();
for (const method of ["run", "get", "all"]) {
  const original = Statement[method];
  Statement[method] = function (...args) {
    const start = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      const key = `${method} ${this.source.replace(/\s+/g, " ").slice(0, 90)}`;
      const t = totals.get(key) ?? { n: 0, ns: 0n };
      t.n++;
      t.ns += process.hrtime.bigint() - start;
      totals.set(key, t);
    }
  };
}
process.once("SIGTERM", () => {
  const rows = [...totals].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 25);
  console.error("  statements of the bot (times, ms in all, µs each):");
  for (const [sql, { n, ns }] of rows) console.error(`${String(n).padStart(9)} ${(Number(ns) / 1e6).toFixed(0).padStart(7)} ${(Number(ns) / 1e3 / n).toFixed(1).padStart(8)}  ${sql}`);
  process.exit(0);
});
