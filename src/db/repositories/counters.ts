/** Numbering (proposals, agreements, calls): one counter row per name, incremented in the caller's transaction. */
import type { Tx } from "../db";

export async function nextCounter(db: Tx, name: string): Promise<number> {
  const row = await db.counter.upsert({
    where: { name },
    create: { name, value: 1 },
    update: { value: { increment: 1 } },
  });
  return row.value;
}
