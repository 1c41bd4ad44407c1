import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openStore } from "../../src/db/open";
import type { PrismaStore } from "../../src/db/store";

/** The database the suites run on: SQLite, or PostgreSQL in the "postgresql" project (vitest.config.ts). */
export function testProvider(): "sqlite" | "postgresql" {
  return process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}

/** A fresh, migrated SQLite file in a temp folder. */
export function tempDatabaseUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), "partner-test-"));
  const file = join(dir, "app.db");
  copyFileSync(inject("templateDb"), file);
  return `file:${file}`;
}

function withDatabase(admin: string, name: string): string {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database of the provider under test (PostgreSQL: a copy of the migrated template). */
export async function tempDatabase(provider = testProvider()): Promise<string> {
  if (provider === "sqlite") return tempDatabaseUrl();
  const admin = inject("postgresAdmin");
  const name = `t_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("postgresTemplate")}"`);
  } finally {
    await client.end();
  }
  return withDatabase(admin, name);
}

export async function tempStore(): Promise<{ store: PrismaStore; url: string }> {
  const url = await tempDatabase();
  return { store: await openStore(url), url };
}

export async function removeDatabase(url: string): Promise<void> {
  if (url.startsWith("file:")) {
    rmSync(dirname(url.replace(/^file:/, "")), { recursive: true, force: true });
    return;
  }
  const client = new pg.Client({ connectionString: inject("postgresAdmin") });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
