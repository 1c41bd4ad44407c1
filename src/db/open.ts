/** Opening the database behind DATABASE_URL: the client, and the store (repositories) over it. */
import type { Db } from "./db";
import { openPostgres } from "./postgres";
import { openSqlite } from "./sqlite";
import { PrismaStore } from "./store";
import { isPostgresUrl } from "./url";

/** Opens the database behind a URL: a PostgreSQL pool of `poolSize` connections, or the SQLite file. */
export async function openDb(url: string, poolSize = 10): Promise<Db> {
  return isPostgresUrl(url) ? openPostgres(url, poolSize) : openSqlite(url);
}

/** The repositories over the database behind a URL. */
export async function openStore(url: string, poolSize = 10): Promise<PrismaStore> {
  if (isPostgresUrl(url)) return new PrismaStore(await openDb(url, poolSize), "postgresql");
  // SQLite: one connection for writes, one for reads (see PrismaStore)
  return new PrismaStore(await openDb(url), "sqlite", await openDb(url));
}
