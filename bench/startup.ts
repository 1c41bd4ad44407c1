/**
 * Start-up and idle memory (part of npm run bench): `node dist/main.js` (what `npm start` runs) on a
 * migrated SQLite database, timed from spawn to the first answer of /healthz, then its resident memory
 * after a few idle seconds. Targets: ≤ 2 s and ≤ 150 MB.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../src/db/migrate";

const PORT = 3_000 + Math.floor(Math.random() * 2_000);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

export async function startup(extraEnv: Record<string, string> = {}): Promise<{ healthzMs: number; idleRssMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), "partner-bench-start-"));
  const url = `file:${join(dir, "bot.db")}`;
  await migrate(url);
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(process.env.NODE_FLAGS ? process.env.NODE_FLAGS.split(" ").filter(Boolean) : []), "dist/main.js"], { env: { ...process.env, ...extraEnv, DATABASE_URL: url, PORT: String(PORT), HOST: "127.0.0.1", LOG_LEVEL: "warn" }, stdio: "ignore" });
  let healthzMs = Number.NaN;
  for (let i = 0; i < 2_000; i++) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/healthz`).then((r) => r.ok, () => false);
    if (ok) {
      healthzMs = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 5_000));
  const idleRssMb = rssMb(child.pid!);
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
  return { healthzMs, idleRssMb };
}

if (import.meta.url.endsWith(process.argv[1]?.split("/").pop() ?? "")) {
  await report();
}

/** Prints both configurations: nothing configured (npm start on a fresh checkout) and Slack on. */
export async function report(): Promise<void> {
  const slack = { SLACK_BOT_TOKEN: "xoxb-bench", SLACK_SIGNING_SECRET: "bench", SLACK_API_URL: "http://127.0.0.1:9/api/" };
  for (const [label, env] of [["nothing configured", {}], ["Slack on", slack]] as const) {
    const r = await startup(env);
    console.log(`${label.padEnd(20)} start to /healthz ${r.healthzMs.toFixed(0).padStart(6)} ms (target ≤ 2000)   idle RSS ${r.idleRssMb.toFixed(0).padStart(4)} MB (target ≤ 150)`);
  }
}
