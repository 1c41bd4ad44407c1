/** Which database a URL names: `file:` URLs are SQLite (the embedded default), `postgresql://` PostgreSQL. */
import { resolve } from "node:path";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The file behind a `file:` URL, relative paths taken from the working directory (as the Prisma CLI does). */
export function sqlitePath(url: string): string {
  if (isPostgresUrl(url)) throw new Error("not a SQLite URL");
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** The URL as the processes share it: a SQLite file by its absolute path (the working directory may differ). */
export function databaseUrl(url: string): string {
  return isPostgresUrl(url) ? url : `file:${sqlitePath(url)}`;
}
