import { randomUUID } from "node:crypto";
import type { DisasterRecord, Repos } from "../../ports/store";
import type { Tx } from "../db";

const record = (row: any): DisasterRecord => row;

export function disasters(db: Tx): Repos["disasters"] {
  return {
    create: async (d) => db.disasterRecord.create({ data: { id: randomUUID(), ...d }, select: { id: true } }),
    get: async (id) => {
      const row = await db.disasterRecord.findUnique({ where: { id } });
      return row && record(row);
    },
    findByImportKey: async (importKey) => {
      const row = await db.disasterRecord.findUnique({ where: { importKey } });
      return row && record(row);
    },
    update: async (id, patch) => {
      await db.disasterRecord.update({ where: { id }, data: patch });
    },
    list: async (filter = {}) =>
      (await db.disasterRecord.findMany({ where: { departmentCode: filter.departmentCode, companyId: filter.companyId }, orderBy: { createdAt: "asc" } })).map(record),
  };
}
