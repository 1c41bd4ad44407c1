// Prisma CLI configuration. The URL default must be set before Prisma loads: without it the 6.19 CLI
// falls back to a native engine it would have to download (see README, "Database").
// A postgresql:// URL belongs to prisma/postgresql/prisma.config.ts: this SQLite config never gets one.
if (!process.env.DATABASE_URL?.startsWith("file:")) process.env.DATABASE_URL = "file:./data/app.db";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    // wait for other processes (a running bot) instead of failing with SQLITE_BUSY
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./data/app.db", timeout: 15_000 });
  },
});
