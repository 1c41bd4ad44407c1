/**
 * Issue 10: one model definition, two providers. The PostgreSQL schema is what scripts/postgres-schema.ts
 * derives, and the two migration histories build the same tables, columns and indexes.
 */
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it, inject } from "vitest";
import { POSTGRES_SCHEMA, postgresSchema } from "../../scripts/postgres-schema";
import { migrate } from "../../src/db/migrate";
import { tempDatabase, tempDatabaseUrl } from "../helpers/db";

type Shape = Record<string, { columns: string[]; indexes: string[] }>;

function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  const shape: Shape = {};
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'").all() as Array<{ name: string }>).map((r) => r.name);
  for (const t of tables) {
    const columns = (db.prepare(`PRAGMA table_info("${t}")`).all() as Array<{ name: string }>).map((c) => c.name).sort();
    const indexes = (db.prepare(`PRAGMA index_list("${t}")`).all() as Array<{ name: string; origin: string }>)
      .filter((i) => i.origin !== "pk")
      .map((i) => `${i.name}(${(db.prepare(`PRAGMA index_info("${i.name}")`).all() as Array<{ name: string }>).map((c) => c.name).join(",")})`)
      .sort();
    shape[t] = { columns, indexes };
  }
  db.close();
  return shape;
}

async function postgresShape(url: string): Promise<Shape> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const shape: Shape = {};
  const cols = (await c.query<{ table_name: string; column_name: string }>("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'")).rows;
  for (const r of cols) (shape[r.table_name] ??= { columns: [], indexes: [] }).columns.push(r.column_name);
  const idx = (
    await c.query<{ table: string; name: string; columns: string[] }>(`
      SELECT t.relname AS table, i.relname AS name, array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND NOT x.indisprimary AND t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.relname`)
  ).rows;
  for (const r of idx) shape[r.table].indexes.push(`${r.name}(${r.columns.join(",")})`);
  for (const s of Object.values(shape)) {
    s.columns.sort();
    s.indexes.sort();
  }
  await c.end();
  return shape;
}

describe("SQLite and PostgreSQL cannot drift apart", () => {
  it("the committed PostgreSQL schema is the one derived from prisma/schema.prisma (npm run db:schema:pg)", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchema());
  });

  it("both migration histories build the same tables, columns and indexes", async () => {
    const sqlite = sqliteShape(tempDatabaseUrl().replace(/^file:/, ""));
    const postgres = await postgresShape(await tempDatabase("postgresql"));
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(postgres).toEqual(sqlite);
    expect(inject("postgresTemplate")).toBeTruthy();
  });
});

describe("start-up migrations on PostgreSQL", () => {
  it("three processes migrating an empty database at once apply each migration once", async () => {
    const admin = inject("postgresAdmin");
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "fresh_migrate" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "fresh_migrate"`);
    await c.end();
    const u = new URL(admin);
    u.pathname = "/fresh_migrate";
    await Promise.all([migrate(u.toString()), migrate(u.toString()), migrate(u.toString())]);
    const d = new pg.Client({ connectionString: u.toString() });
    await d.connect();
    const rows = (await d.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`)).rows.map((r) => r.migration_name);
    await d.end();
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows).size).toBe(rows.length);
    await migrate(u.toString()); // up to date: nothing to do, no error
  });
});
