import type { ProposalRecord, Repos } from "../../ports/store";
import type { Tx } from "../db";
import { nextCounter } from "./counters";

// `fields` is stored as JSON text; the company relation, the status token's hash and updatedAt stay here
function proposal(row: any): ProposalRecord {
  const { fields, company: _c, statusTokenHash: _h, updatedAt: _u, tenantId: _t, ...rest } = row;
  return { ...rest, fields: JSON.parse(fields) };
}

export function proposals(db: Tx, t: string): Repos["proposals"] {
  return {
    nextNumber: () => nextCounter(db, t, "proposal"),
    create: async (p, statusTokenHash) => proposal(await db.proposal.create({ data: { tenantId: t, ...p, fields: JSON.stringify(p.fields), statusTokenHash } })),
    setStatusTokenHash: async (id, statusTokenHash) => {
      await db.proposal.update({ where: { tenantId: t, id }, data: { statusTokenHash } });
    },
    getByStatusTokenHash: async (statusTokenHash) => {
      const r = await db.proposal.findUnique({ where: { tenantId: t, statusTokenHash } });
      return r && proposal(r);
    },
    listByChallenge: async (challengeId) =>
      (await db.proposal.findMany({ where: { tenantId: t, challengeId }, orderBy: { number: "asc" } })).map(proposal),
    get: async (id) => {
      const r = await db.proposal.findUnique({ where: { tenantId: t, id } });
      return r && proposal(r);
    },
    getByNumber: async (number) => {
      const r = await db.proposal.findUnique({ where: { tenantId_number: { tenantId: t, number } } });
      return r && proposal(r);
    },
    update: async (id, patch) => {
      const { fields, ...rest } = patch;
      const data = fields ? { ...rest, fields: JSON.stringify(fields) } : rest;
      return proposal(await db.proposal.update({ where: { tenantId: t, id }, data }));
    },
    listOpen: async (limit) =>
      (await db.proposal.findMany({ where: { tenantId: t, status: { notIn: ["concluded", "rejected"] } }, orderBy: { number: "asc" }, take: limit })).map(proposal),
    listByCompany: async (companyId) =>
      (await db.proposal.findMany({ where: { tenantId: t, companyId }, orderBy: { number: "asc" } })).map(proposal),
  };
}
