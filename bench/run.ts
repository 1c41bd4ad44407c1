/**
 * Reminder sweep benchmark (npm run bench): 100,000 agreements with their reminder rows in SQLite.
 * Shows that a sweep with nothing due is fast, that its time grows with the number due rather than
 * with the total, and that memory stays flat across 1,000 sweeps. Not a test: it prints figures.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parseEnv } from "../src/config/env";
import { loadOrg } from "../src/config/org";
import { buildCore } from "../src/core";
import { createLogger } from "../src/logger";

const AGREEMENTS = Number(process.env.BENCH_AGREEMENTS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "partner-bench-"));
const file = join(dir, "bench.db");
const NOW = new Date("2027-01-15T00:00:00Z");

/** DateTime as Prisma's SQLite adapter stores it (ISO text), so that SQL and Prisma compare alike. */
const at = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

async function main() {
  const env = parseEnv({ DATABASE_URL: `file:${file}`, LOG_LEVEL: "silent" });
  const clock = { current: NOW, now() { return this.current; } };
  const core = await buildCore(env, createLogger("silent"), { org: loadOrg("config/org.example.yml"), clock });

  // Seed with plain SQL in one transaction (the repositories would take minutes for 100k rows).
  const t0 = performance.now();
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const companyId = randomUUID();
  db.prepare(`INSERT INTO "Company" (id, name, normalizedName, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`).run(companyId, "ベンチ株式会社", "ベンチ", at(Date.now()), at(Date.now()));
  const insA = db.prepare(
    `INSERT INTO "Agreement" (id, number, kind, companyId, title, pattern, departmentCode, startDate, endDate, state, createdBy, createdAt, updatedAt, concludedAt)
     VALUES (?, ?, 'agreement', ?, ?, 'other', 'planning', ?, ?, 'active', 'bench', ?, ?, ?)`,
  );
  const insR = db.prepare(
    `INSERT INTO "Reminder" (id, key, kind, subjectType, subjectId, dueAt, state, late, createdAt) VALUES (?, ?, ?, 'agreement', ?, ?, 'planned', 0, ?)`,
  );
  let reminders = 0;
  db.transaction(() => {
    for (let i = 1; i <= AGREEMENTS; i++) {
      const id = randomUUID();
      // end dates spread over 2027-2029, all after NOW + 90 days so nothing is due at NOW
      const end = new Date(Date.UTC(2027, 4, 1) + (i % 900) * 86_400_000).toISOString().slice(0, 10);
      insA.run(id, i, companyId, `協定 ${i}`, "2026-01-01", end, at(Date.now()), at(Date.now()), at(Date.parse("2026-01-01")));
      for (const lead of [90, 60, 30, 7, 1]) {
        insR.run(randomUUID(), `expiry:${id}:${end}:${lead}`, "expiry", id, at(Date.parse(`${end}T00:00:00Z`) - lead * 86_400_000), at(Date.now()));
        reminders++;
      }
      insR.run(randomUUID(), `expiry_end:${id}:${end}`, "expiry_end", id, at(Date.parse(`${end}T00:00:00Z`)), at(Date.now()));
      reminders++;
    }
  })();
  db.close();
  console.log(`seeded ${AGREEMENTS.toLocaleString()} agreements and ${reminders.toLocaleString()} reminder rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const sweep = () => core.workflow.runSweep(clock.now());
  for (let i = 0; i < 20; i++) await sweep(); // warm up

  const empty: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    await sweep();
    empty.push(performance.now() - s);
  }
  const emptyMedian = median(empty);
  console.log(`sweep with nothing due:   median ${emptyMedian.toFixed(2)} ms, p95 ${p95(empty).toFixed(2)} ms  (target < 50 ms) ${emptyMedian < 50 ? "OK" : "SLOW"}`);

  // Make K agreements' 90-day reminders due, sweep once, and time it: the cost follows K, not the total.
  const due = new Database(file);
  const pick = due.prepare(`SELECT id FROM "Reminder" WHERE kind = 'expiry' AND state = 'planned' AND key LIKE '%:90' LIMIT ?`);
  const makeDue = due.prepare(`UPDATE "Reminder" SET dueAt = ? WHERE id = ?`);
  for (const k of [10, 100, 1000]) {
    const ids = pick.all(k) as Array<{ id: string }>;
    due.transaction(() => ids.forEach((r) => makeDue.run(at(NOW.getTime() - 3_600_000), r.id)))();
    const s = performance.now();
    const report = await sweep();
    const ms = performance.now() - s;
    const queued = report.items.filter((x) => x.outcome === "queued").length;
    console.log(`sweep with ${String(k).padStart(4)} due:        ${ms.toFixed(1)} ms  (${(ms / k).toFixed(2)} ms per reminder, ${queued} queued, of ${reminders.toLocaleString()} rows)`);
  }
  due.close();

  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    return process.memoryUsage().heapUsed / 1024 / 1024;
  };
  const samples: number[] = [heap()];
  for (let i = 1; i <= 1000; i++) {
    await sweep();
    if (i % 250 === 0) samples.push(heap());
  }
  const growth = samples.at(-1)! - samples[1];
  console.log(`heap across 1,000 sweeps: ${samples.map((m) => `${m.toFixed(1)} MB`).join(" → ")}${gc ? "" : " (run with --expose-gc for exact figures)"}; growth after warm-up ${growth.toFixed(1)} MB ${Math.abs(growth) < 5 ? "(flat)" : "(GROWING)"}`);

  await core.store.close();
  rmSync(dir, { recursive: true, force: true });
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
