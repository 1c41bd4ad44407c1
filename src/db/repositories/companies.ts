import { randomUUID } from "node:crypto";
import type { CompanyRecord, Repos } from "../../ports/store";
import type { Tx } from "../db";

// Prisma rows carry string columns where the records carry unions; the database only ever holds values
// the use cases wrote, so these casts are the mapping, not a guess.
const company = (row: any): CompanyRecord => {
  const { createdAt: _a, updatedAt: _b, tenantId: _t, ...rest } = row;
  return rest;
};

export function companies(db: Tx, t: string): Repos["companies"] {
  return {
    get: async (id) => {
      const r = await db.company.findUnique({ where: { tenantId: t, id } });
      return r && company(r);
    },
    findByCorporateNumber: async (n) => {
      const r = await db.company.findUnique({ where: { tenantId_corporateNumber: { tenantId: t, corporateNumber: n } } });
      return r && company(r);
    },
    findByNormalizedName: async (n, withoutNumber) => {
      const r = await db.company.findFirst({
        where: { tenantId: t, normalizedName: n, ...(withoutNumber ? { corporateNumber: null } : {}) },
        orderBy: { createdAt: "asc" },
      });
      return r && company(r);
    },
    create: async (c) => company(await db.company.create({ data: { tenantId: t, id: randomUUID(), ...c } })),
    update: async (id, patch) => company(await db.company.update({ where: { tenantId: t, id }, data: patch })),
    search: async (fragment, limit) =>
      (
        await db.company.findMany({
          where: { tenantId: t, normalizedName: { contains: fragment } },
          orderBy: { name: "asc" },
          take: limit,
        })
      ).map(company),
  };
}
