/**
 * Binding a Teams chat to a department at run time (`bind <department code>` typed in the chat, then
 * confirmed with a button). Only listed window members may bind or unbind: a bound chat counts as that
 * department (or as the window) for every permission and receives its notifications.
 */
import { invalid } from "../../domain/errors";
import { ACTIONS, type Actor, type ChatMessage } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { COMMANDS, authorize } from "../permissions";

function knownCode(ctx: AppContext, departmentCode: string): string {
  const code = departmentCode.trim();
  if (!ctx.dir.isKnownUnit(code)) {
    const known = [ctx.dir.windowCode, ...ctx.dir.org.departments.map((d) => d.code)].join(", ");
    throw invalid("bind.usageWith", [known], [{ path: "department", reason: "conflicts.unknownDepartment", params: [code] }]);
  }
  return code;
}

function teamsChat(ctx: AppContext, actor: Actor): string {
  if (actor.platform !== "teams" || !actor.channelId) throw invalid("bind.teamsOnly");
  return actor.channelId;
}

/** `bind <code>`: checks the rights and the code, and asks for confirmation (nothing changes yet). */
export async function askToBind(ctx: AppContext, departmentCode: string, actor: Actor): Promise<ChatMessage> {
  await authorize(ctx, actor, COMMANDS.bind, "");
  teamsChat(ctx, actor);
  const code = knownCode(ctx, departmentCode);
  const text = ctx.t.bind.confirm(ctx.dir.unitName(code));
  return { text, blocks: [{ type: "text", text }, { type: "actions", actions: [{ actionId: ACTIONS.bindChannel, label: ctx.t.bind.confirmButton, value: code, style: "primary" }] }] };
}

/** The confirmation button: binds the chat it was pressed in. */
export async function bindChannel(ctx: AppContext, conversationId: string, departmentCode: string, actor: Actor): Promise<string> {
  await authorize(ctx, actor, ACTIONS.bindChannel, departmentCode);
  const chat = teamsChat(ctx, actor);
  if (conversationId !== chat) throw invalid("bind.teamsOnly");
  const code = knownCode(ctx, departmentCode);
  await commit(ctx, async (r) => {
    await r.conversations.bind(chat, code);
    await audit(r, actor, { action: "channel.bound", subjectType: "channel", subjectId: chat, data: { department: code } });
  });
  ctx.dir.bindTeamsChannel(chat, code);
  return ctx.t.bind.bound(ctx.dir.unitName(code));
}

/** `unbind`: the chat no longer counts as a department. */
export async function unbindChannel(ctx: AppContext, actor: Actor): Promise<string> {
  await authorize(ctx, actor, COMMANDS.unbind, "");
  const chat = teamsChat(ctx, actor);
  const code = await commit(ctx, async (r) => {
    const previous = await r.conversations.unbind(chat);
    if (previous) await audit(r, actor, { action: "channel.unbound", subjectType: "channel", subjectId: chat, data: { department: previous } });
    return previous;
  });
  ctx.dir.unbindTeamsChannel(chat);
  return code ? ctx.t.bind.unbound(ctx.dir.unitName(code)) : ctx.t.bind.notBound;
}

/**
 * Loads the bindings from the database: at start (the bot and the CLI), and every few seconds in the
 * bot, so that a bind or unbind made by another process (a replica) holds here too.
 */
export async function loadChannelBindings(ctx: AppContext): Promise<void> {
  const map = new Map<string, string>();
  for (const b of await ctx.store.conversations.bindings()) {
    if (b.departmentCode && ctx.dir.isKnownUnit(b.departmentCode)) map.set(b.conversationId, b.departmentCode);
  }
  ctx.dir.setTeamsBindings(map);
}
