import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { inject } from "vitest";
import { openDb } from "../../src/db/client";
import { PrismaStore } from "../../src/db/store";

/** A fresh, migrated SQLite file in a temp folder. */
export function tempDatabaseUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), "partner-test-"));
  const file = join(dir, "app.db");
  copyFileSync(inject("templateDb"), file);
  return `file:${file}`;
}

export async function tempStore(): Promise<{ store: PrismaStore; url: string }> {
  const url = tempDatabaseUrl();
  return { store: new PrismaStore(await openDb(url)), url };
}

export function removeDatabase(url: string): void {
  rmSync(dirname(url.replace(/^file:/, "")), { recursive: true, force: true });
}
