/**
 * PostgreSQL: what a use case's transaction holds, instead of one lock for every write. A transaction
 * waits only for another that touches the same subject, so different proposals, rounds and agreements
 * never wait for each other (on SQLite one writer at a time does this by itself).
 *
 * Every row a use case reads by id inside its transaction is held (a transaction advisory lock on
 * "<repository>:<id>") before it is read, so the read sees what the last holder committed (READ COMMITTED
 * takes a new snapshot per statement) and the decision made on it cannot be raced. A row found another way
 * (by number, by token) is held by its id and read again. What does not exist yet is held by name
 * (`Repos.serialize`). Two transactions holding in opposite orders are a deadlock PostgreSQL detects; the
 * transaction is run again (postgres.ts).
 */
import type { Repos } from "../ports/store";

type Hold = (...keys: string[]) => Promise<void>;

/** The repositories of a PostgreSQL transaction, each read by id holding its row first. */
export function holdingRepos(repos: Repos, hold: Hold): Repos {
  const out: Record<string, unknown> = { ...repos };
  for (const [name, repo] of Object.entries(repos)) {
    if (typeof repo !== "object" || repo === null) continue;
    const wrapped: Record<string, unknown> = { ...(repo as Record<string, unknown>) };
    const get = (repo as { get?: (id: string) => Promise<unknown> }).get;
    for (const [method, fn] of Object.entries(repo as Record<string, unknown>)) {
      if (typeof fn !== "function") continue;
      if (method === "get" || (/^get[A-Z]/.test(method) && !method.startsWith("getBy"))) {
        // get(id), and getRound(id) / getRequest(id) of a repository of several kinds of row
        const key = method === "get" ? name : `${name}.${method.slice(3)}`;
        wrapped[method] = async (id: unknown, ...rest: unknown[]) => {
          if (typeof id === "string") await hold(`${key}:${id}`);
          return (fn as (...a: unknown[]) => Promise<unknown>)(id, ...rest);
        };
      } else if (/^getBy[A-Z]/.test(method) && get) {
        wrapped[method] = async (...args: unknown[]) => {
          const found = (await (fn as (...a: unknown[]) => Promise<{ id?: unknown } | null>)(...args)) ?? null;
          if (!found || typeof found.id !== "string") return found;
          await hold(`${name}:${found.id}`);
          return get(found.id);
        };
      }
    }
    out[name] = wrapped;
  }
  return out as unknown as Repos;
}
