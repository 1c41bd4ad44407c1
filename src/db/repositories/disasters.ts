import { randomUUID } from "node:crypto";
import type { DisasterRecord, Repos } from "../../ports/store";
import type { Tx } from "../db";

const record = ({ tenantId: _t, ...row }: any): DisasterRecord => row;

export function disasters(db: Tx, t: string): Repos["disasters"] {
  return {
    create: async (d) => db.disasterRecord.create({ data: { tenantId: t, id: randomUUID(), ...d }, select: { id: true } }),
    get: async (id) => {
      const row = await db.disasterRecord.findUnique({ where: { tenantId: t, id } });
      return row && record(row);
    },
    findByImportKey: async (importKey) => {
      const row = await db.disasterRecord.findUnique({ where: { tenantId_importKey: { tenantId: t, importKey } } });
      return row && record(row);
    },
    update: async (id, patch) => {
      await db.disasterRecord.update({ where: { tenantId: t, id }, data: patch });
    },
    list: async (filter = {}) =>
      (await db.disasterRecord.findMany({ where: { tenantId: t, departmentCode: filter.departmentCode, companyId: filter.companyId }, orderBy: { createdAt: "asc" } })).map(record),
  };
}
