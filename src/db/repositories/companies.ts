import { randomUUID } from "node:crypto";
import type { CompanyRecord, Repos } from "../../ports/store";
import type { Tx } from "../db";

// Prisma rows carry string columns where the records carry unions; the database only ever holds values
// the use cases wrote, so these casts are the mapping, not a guess.
const company = (row: any): CompanyRecord => {
  const { createdAt: _a, updatedAt: _b, ...rest } = row;
  return rest;
};

export function companies(db: Tx): Repos["companies"] {
  return {
    get: async (id) => {
      const r = await db.company.findUnique({ where: { id } });
      return r && company(r);
    },
    findByCorporateNumber: async (n) => {
      const r = await db.company.findUnique({ where: { corporateNumber: n } });
      return r && company(r);
    },
    findByNormalizedName: async (n, withoutNumber) => {
      const r = await db.company.findFirst({
        where: { normalizedName: n, ...(withoutNumber ? { corporateNumber: null } : {}) },
        orderBy: { createdAt: "asc" },
      });
      return r && company(r);
    },
    create: async (c) => company(await db.company.create({ data: { id: randomUUID(), ...c } })),
    update: async (id, patch) => company(await db.company.update({ where: { id }, data: patch })),
    search: async (fragment, limit) =>
      (
        await db.company.findMany({
          where: { normalizedName: { contains: fragment } },
          orderBy: { name: "asc" },
          take: limit,
        })
      ).map(company),
  };
}
