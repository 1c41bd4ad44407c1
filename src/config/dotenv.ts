import { parseEnv as parseEnvironment, type Env } from "./env";

/**
 * The environment of a command started from the shell: ./.env loaded, then parsed once. A wrong value
 * prints the message naming the variable and ends the process with `exitCode`.
 */
export function environmentOrExit(exitCode: number): Env {
  loadDotEnv();
  try {
    return parseEnvironment();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(exitCode);
  }
}

/** Loads ./.env if present (variables already set win), with Node's own parser. */
import { existsSync, readFileSync } from "node:fs";
import { parseEnv as parseDotEnv } from "node:util";

export function loadDotEnv(path = ".env"): void {
  if (!existsSync(path)) return;
  const values = parseDotEnv(readFileSync(path, "utf8"));
  for (const [k, v] of Object.entries(values)) if (process.env[k] === undefined) process.env[k] = v;
}
