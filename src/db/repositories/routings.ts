import type { Repos, RoutingRecord } from "../../ports/store";
import type { Tx } from "../db";

const routing = ({ tenantId: _t, ...row }: any): RoutingRecord => row;

export function routings(db: Tx, t: string): Repos["routings"] {
  return {
    create: async (r) => routing(await db.routing.create({ data: { ...r, tenantId: t } })),
    get: async (id) => {
      const r = await db.routing.findUnique({ where: { tenantId: t, id } });
      return r && routing(r);
    },
    find: async (proposalId, departmentCode) => {
      const r = await db.routing.findUnique({ where: { tenantId: t, proposalId_departmentCode: { proposalId, departmentCode } } });
      return r && routing(r);
    },
    listByProposal: async (proposalId) =>
      (await db.routing.findMany({ where: { tenantId: t, proposalId }, orderBy: { createdAt: "asc" } })).map(routing),
    pendingFor: async (departmentCodes, limit) =>
      (await db.routing.findMany({ where: { tenantId: t, state: "pending", departmentCode: { in: departmentCodes } }, orderBy: { createdAt: "asc" }, take: limit })).map(routing),
    update: async (id, patch) => routing(await db.routing.update({ where: { tenantId: t, id }, data: patch })),
  };
}
