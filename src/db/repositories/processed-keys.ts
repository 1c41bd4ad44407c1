/** Deduplication keys (intake idempotency, platform deliveries): claimed once. */
import type { Repos } from "../../ports/store";
import { json, parseJson, type Tx } from "../db";

export function processedKeys(db: Tx): Repos["keys"] {
  return {
    claim: async (key, result) => {
      // Callers claim inside their transaction; SQLite serialises writers, so find-then-create is safe.
      if (await db.processedKey.findUnique({ where: { key }, select: { key: true } })) return false;
      await db.processedKey.create({ data: { key, result: json(result) } });
      return true;
    },
    get: async (key) => {
      const r = await db.processedKey.findUnique({ where: { key } });
      return r && { result: parseJson(r.result) };
    },
  };
}
