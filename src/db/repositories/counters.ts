/** Numbering (proposals, agreements, calls): one counter row per name, incremented in the caller's transaction. */
import type { Tx } from "../db";

/** Each municipality numbers from 1; the default one keeps the names it always had (no data to move). */
export function counterName(tenant: string, name: string): string {
  return tenant === "default" ? name : `${tenant}:${name}`;
}

export async function nextCounter(db: Tx, tenant: string, name: string): Promise<number> {
  const key = counterName(tenant, name);
  const row = await db.counter.upsert({
    where: { name: key },
    create: { name: key, value: 1 },
    update: { value: { increment: 1 } },
  });
  return row.value;
}
