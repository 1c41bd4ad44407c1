/** Deduplication keys (intake idempotency, platform deliveries): claimed once. */
import type { Repos } from "../../ports/store";
import { json, parseJson, type Tx } from "../db";

/**
 * A municipality's keys are its own: two municipalities' intake clients may send the same Idempotency-Key,
 * and neither may get the other's answer. The default one keeps its keys as they were; a platform's
 * delivery keys ("slack:…", "teams:…") keep their prefix first, so they are pruned alike.
 */
export function scopedKey(tenant: string, key: string): string {
  if (tenant === "default") return key;
  const i = key.indexOf(":");
  return i > 0 ? `${key.slice(0, i + 1)}@${tenant}:${key.slice(i + 1)}` : `@${tenant}:${key}`;
}

export function processedKeys(db: Tx, tenant: string): Repos["keys"] {
  return {
    claim: async (k, result) => {
      const key = scopedKey(tenant, k);
      // Callers claim inside their transaction; SQLite serialises writers, so find-then-create is safe.
      if (await db.processedKey.findUnique({ where: { key }, select: { key: true } })) return false;
      await db.processedKey.create({ data: { key, result: json(result) } });
      return true;
    },
    get: async (k) => {
      const key = scopedKey(tenant, k);
      const r = await db.processedKey.findUnique({ where: { key } });
      return r && { result: parseJson(r.result) };
    },
  };
}
