/**
 * The PostgreSQL schema is derived from the one model definition (prisma/schema.prisma): only the
 * provider and the generated client's folder differ. `npm run db:schema:pg` writes it; a test fails when
 * the committed file is not what this derives (so the two providers cannot drift apart).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const SQLITE_SCHEMA = `${root}prisma/schema.prisma`;
export const POSTGRES_SCHEMA = `${root}prisma/postgresql/schema.prisma`;

export function postgresSchema(sqlite = readFileSync(SQLITE_SCHEMA, "utf8")): string {
  const swap = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`prisma/schema.prisma no longer contains ${from}`);
    return text.replace(from, to);
  };
  let s = swap(sqlite, 'provider = "sqlite"', 'provider = "postgresql"');
  s = swap(s, 'output     = "../src/generated/prisma"', 'output     = "../../src/generated/prisma-pg"');
  return `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.ts (npm run db:schema:pg): do not edit.\n${s}`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  writeFileSync(POSTGRES_SCHEMA, postgresSchema());
  console.log(`wrote ${POSTGRES_SCHEMA}`);
}
