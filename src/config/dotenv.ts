/** Loads ./.env if present (variables already set win), with Node's own parser. */
import { existsSync, readFileSync } from "node:fs";
import { parseEnv as parseDotEnv } from "node:util";

export function loadDotEnv(path = ".env"): void {
  if (!existsSync(path)) return;
  const values = parseDotEnv(readFileSync(path, "utf8"));
  for (const [k, v] of Object.entries(values)) if (process.env[k] === undefined) process.env[k] = v;
}
