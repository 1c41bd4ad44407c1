/** Binding a chat channel to a department at run time (Teams: `bind <department code>` in the channel). */
import { invalid } from "../domain/errors";
import type { Actor } from "../ports/chat";
import { audit, type AppContext } from "./context";

export async function bindChannel(ctx: AppContext, conversationId: string, departmentCode: string, actor: Actor): Promise<string> {
  const code = departmentCode.trim();
  if (!ctx.dir.isKnownUnit(code)) {
    const known = [ctx.dir.windowCode, ...ctx.dir.org.departments.map((d) => d.code)].join(", ");
    throw invalid(`unknown department code "${code}" (known: ${known})`, [{ path: "department", message: `unknown department code ${code}` }]);
  }
  await ctx.store.conversations.bind(conversationId, code);
  ctx.dir.bindTeamsChannel(conversationId, code);
  await ctx.store.tx((r) => audit(r, actor, { action: "channel.bound", subjectType: "channel", subjectId: conversationId, data: { department: code } }));
  return ctx.dir.unitName(code);
}

/** Loads the bindings made earlier (at start). */
export async function loadChannelBindings(ctx: AppContext): Promise<void> {
  for (const b of await ctx.store.conversations.bindings()) {
    if (b.departmentCode && ctx.dir.isKnownUnit(b.departmentCode)) ctx.dir.bindTeamsChannel(b.conversationId, b.departmentCode);
  }
}
