/**
 * The real server (`src/main.ts`) and the real CLI as child processes, for tests where crashes,
 * signals or several processes on one database are the point.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { INTAKE_TOKEN } from "./harness";
import { MINATO, WINDOW_NAME } from "./org";
import { SIGNING_SECRET } from "./slack-client";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The organisation of test/helpers/org.ts, as the file an office would write. */
export function orgFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "partner-org-")), "org.yml");
  const org = {
    city: MINATO,
    window: { name: WINDOW_NAME, slackChannel: "C0WINDOW", members: [{ slack: "U0WIN", name: "窓口" }] },
    departments: [
      { code: "school-education", name: { ja: "学校教育部", en: "School Education" }, slackChannel: "C0EDU", fields: ["education"] },
      { code: "public-health", name: { ja: "みなと保健所", en: "Public Health" }, slackChannel: "C0HEALTH", fields: ["health"] },
    ],
    board: { slackChannel: "C0BOARD", quorum: 3, members: [{ slack: "U0CHAIR", name: "会長", chair: true }, { slack: "U0M1", name: "委員1" }, { slack: "U0M2", name: "委員2" }] },
    reminders: {},
  };
  writeFileSync(file, JSON.stringify(org)); // JSON is YAML
  return file;
}

export function childEnv(databaseUrl: string, slackUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const { VITEST: _v, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, NODE_OPTIONS: _n, ...rest } = process.env as Record<string, string>;
  return {
    ...rest,
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    SLACK_BOT_TOKEN: "xoxb-process-test",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackUrl,
    INTAKE_API_TOKEN: INTAKE_TOKEN,
    ORG_CONFIG: orgFile(),
    LOG_LEVEL: "info",
    TEAMS_EMULATOR: "0",
    ...extra,
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Starts `node dist/main.js`, what `npm start` runs (built by `npm test`'s pretest step); resolves once it
 * logs that it started (with its URL).
 */
export function startServer(env: Record<string, string>, timeoutMs = 30_000, cwd?: string): Promise<ServerProcess> {
  // from another folder: the same program by its absolute path
  const child = spawn(process.execPath, [cwd ? join(ROOT, "dist/main.js") : "dist/main.js"], { cwd: cwd ?? ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start:\n${lines.join("\n")}`));
    }, timeoutMs);
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (line.includes("partnership bot started")) {
          clearTimeout(timer);
          const url = (JSON.parse(line) as { url: string }).url;
          resolvePromise({ url, child, lines, exited, kill: (signal = "SIGKILL") => child.kill(signal) });
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => lines.push(c.toString("utf8")));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it started:\n${lines.join("\n")}`));
    });
  });
}

/** Runs `node dist/cli.js …` (what `npm run cli` runs); resolves with its exit code and output. */
export function runCliProcess(env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["dist/cli.js", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString("utf8")));
  return new Promise((r) => child.once("exit", (code) => r({ code, out, err })));
}
