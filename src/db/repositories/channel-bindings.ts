/**
 * Teams conversations: their references for proactive messages (ConversationStore, outside use cases) and
 * the chats bound to departments (`bind`, inside a use case's transaction).
 */
import type { ConversationStore, Repos } from "../../ports/store";
import type { DbAccess, Tx } from "../db";

/** A chat is bound to a department of one municipality: another's unbind or bindings never see it. */
export function channelBindings(db: Tx, t: string): Repos["conversations"] {
  return {
    bind: async (conversationId, departmentCode) => {
      await db.conversationRef.update({ where: { conversationId }, data: { departmentCode, tenantId: t } });
    },
    unbind: async (conversationId) => {
      const row = await db.conversationRef.findUnique({ where: { conversationId, tenantId: t }, select: { departmentCode: true } });
      if (!row?.departmentCode) return null;
      await db.conversationRef.update({ where: { conversationId }, data: { departmentCode: null } });
      return row.departmentCode;
    },
  };
}

export function conversationStore({ reader: r, write: w }: DbAccess, t: string): ConversationStore {
  return {
    save: async (conversationId, reference) => {
      await w((d) => d.conversationRef.upsert({ where: { conversationId }, create: { conversationId, reference }, update: { reference } }));
    },
    get: async (conversationId) => r.conversationRef.findUnique({ where: { conversationId } }),
    // a team's channel reference first (its serviceUrl is the team's), else any conversation of the tenant
    anyOfTenant: async (tenantId) => {
      const tenant = { reference: { contains: `"tenantId":"${tenantId.replace(/"/g, "")}"` } };
      return (
        (await r.conversationRef.findFirst({ where: { AND: [tenant, { reference: { contains: `"conversationType":"channel"` } }] }, orderBy: { updatedAt: "desc" } })) ??
        r.conversationRef.findFirst({ where: tenant, orderBy: { updatedAt: "desc" } })
      );
    },
    bindings: async () => r.conversationRef.findMany({ where: { departmentCode: { not: null }, tenantId: t } }),
  };
}
