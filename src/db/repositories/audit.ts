import type { Repos } from "../../ports/store";
import { json, parseJson, type Tx } from "../db";

const withoutTenant = <R extends { tenantId: string }>({ tenantId: _t, ...r }: R): Omit<R, "tenantId"> => r;

export function audit(db: Tx, t: string): Repos["audit"] {
  return {
    add: async (e) => {
      await db.auditEvent.create({
        data: {
          tenantId: t,
          actor: e.actor,
          platform: e.platform,
          action: e.action,
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          proposalId: e.proposalId ?? null,
          data: json(e.data),
        },
      });
    },
    listByProposal: async (proposalId) =>
      (await db.auditEvent.findMany({ where: { tenantId: t, proposalId }, orderBy: { id: "asc" } })).map((r) => ({
        ...withoutTenant(r),
        data: parseJson(r.data),
      })),
    listBetween: async (from, to, afterId, limit) =>
      (await db.auditEvent.findMany({ where: { tenantId: t, at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) }, id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit })).map((r) => ({
        ...withoutTenant(r),
        data: parseJson(r.data),
      })),
    listBySubject: async (subjectType, subjectId) =>
      (await db.auditEvent.findMany({ where: { tenantId: t, subjectType, subjectId }, orderBy: { id: "asc" } })).map((r) => ({
        ...withoutTenant(r),
        data: parseJson(r.data),
      })),
  };
}
