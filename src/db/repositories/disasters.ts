import { randomUUID } from "node:crypto";
import type { Repos } from "../../ports/store";
import type { Tx } from "../db";

export function disasters(db: Tx): Repos["disasters"] {
  return {
    create: async (d) => db.disasterRecord.create({ data: { id: randomUUID(), ...d }, select: { id: true } }),
  };
}
