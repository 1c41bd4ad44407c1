// Prisma CLI configuration for PostgreSQL (`--config prisma/postgresql/prisma.config.ts`). As for SQLite,
// the URL must be one this config can serve before Prisma loads, or the 6.19 CLI falls back to a native
// engine it would have to download: anything but a postgresql:// URL is replaced by a placeholder
// (`generate` never connects).
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) process.env.DATABASE_URL = "postgresql://placeholder@127.0.0.1:5432/placeholder";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
