import type { Repos } from "../../ports/store";
import { json, parseJson, type Tx } from "../db";

export function audit(db: Tx): Repos["audit"] {
  return {
    add: async (e) => {
      await db.auditEvent.create({
        data: {
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
      (await db.auditEvent.findMany({ where: { proposalId }, orderBy: { id: "asc" } })).map((r) => ({
        ...r,
        data: parseJson(r.data),
      })),
    listBetween: async (from, to, afterId, limit) =>
      (await db.auditEvent.findMany({ where: { at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) }, id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit })).map((r) => ({
        ...r,
        data: parseJson(r.data),
      })),
    listBySubject: async (subjectType, subjectId) =>
      (await db.auditEvent.findMany({ where: { subjectType, subjectId }, orderBy: { id: "asc" } })).map((r) => ({
        ...r,
        data: parseJson(r.data),
      })),
  };
}
