/**
 * The Teams bot: dispatch only. Installation stores the conversation reference; messages are the text
 * commands; Universal Actions (invoke `adaptiveCard/action`) run the same interactions as Slack's
 * buttons, and the invoke response carries the updated card.
 */
import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Activity,
  TeamsInfo,
  TurnContext,
} from "botbuilder";
import type { Logger } from "pino";
import { runCommand } from "../../app/commands";
import { acceptInteraction, processInteraction, type InteractionInput } from "../../app/inbox/inbox";
import { FORM_HANDLERS, isFormId, performAction, submitForm } from "../../app/interactions";
import { isViewId, viewFor } from "../../app/views";
import { inLanguage, type Workflow } from "../../app/workflow";
import { DomainError } from "../../domain/errors";
import { explain, explainIssue, type Messages } from "../../i18n";
import { ACTION_IDS, type Actor, type ChatMessage } from "../../ports/chat";
import type { Store } from "../../ports/store";
import { attachment, escapeCardMarkdown, formCard, formValues, plainText, toCard, type Card } from "./cards";
import { baseConversationId, viewersOf } from "./chat-port";
import type { TeamsMembers } from "./members";
import { shorten } from "../../app/kernel/text";

const CARD = "application/vnd.microsoft.card.adaptive";
/** turn state: an unexpected failure the handler answered, to be replayed (see run) */
const FAILURE = Symbol("failure");

/** Card data is untrusted input: only strings are ids. */
const text = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The person behind an activity, by their Azure AD object id (what the org config lists). An activity
 * without one (not from a Teams user) gets an id no configured person has.
 */
export function teamsActor(activity: Activity): Actor {
  const aad = activity.from?.aadObjectId;
  return { platform: "teams", userId: typeof aad === "string" && aad ? aad : `unverified:${activity.from?.id ?? "?"}`, channelId: baseConversationId(activity.conversation?.id ?? "") };
}

/** The viewer's language as Teams gives it (`locale`, else the clientInfo entity's), for what only they see. */
export function viewerLocale(activity: Activity): string | undefined {
  if (typeof activity.locale === "string" && activity.locale) return activity.locale;
  const info = (activity.entities ?? []).find((e) => e.type === "clientInfo") as { locale?: unknown } | undefined;
  return typeof info?.locale === "string" ? info.locale : undefined;
}

export class PartnerBot extends ActivityHandler {
  constructor(
    private readonly workflow: Workflow,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly members: TeamsMembers,
  ) {
    super();
    this.onConversationUpdate(async (ctx, next) => {
      if ((ctx.activity.membersAdded ?? []).some((m) => m.id === ctx.activity.recipient?.id)) await this.welcome(ctx);
      await next();
    });
    this.onInstallationUpdate(async (ctx, next) => {
      if (typeof ctx.activity.action === "string" && ctx.activity.action.startsWith("add")) await this.welcome(ctx);
      await next();
    });
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
  }

  /** Every activity refreshes the stored reference (its serviceUrl can change), then deduplicates. */
  override async run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    this.members.learn(activity);
    if (activity.conversation?.id) {
      const reference = TurnContext.getConversationReference(activity);
      await this.store.conversations.save(baseConversationId(activity.conversation.id), JSON.stringify(reference));
    }
    await this.rememberTeam(context);
    // Teams re-sends an activity when we take more than 15 s: each activity is persisted (inbox) before
    // it is answered, processed once, and replayed after a crash. A message's id is its creation time in
    // milliseconds, unique within its conversation only: the key names the conversation too.
    const input = this.interactionOf(activity);
    if (!activity.id || !input) return super.run(context);
    const key = `teams:activity:${activity.conversation?.id ?? "-"}:${activity.id}`;
    if (!(await acceptInteraction(this.workflow, key, input))) {
      this.log.info({ activityId: activity.id }, "duplicate teams activity dropped");
      if (activity.type === "invoke") await context.sendActivity({ type: "invokeResponse", value: { status: 200, body: await this.currentCard(context) } });
      return;
    }
    // The handlers answer every failure with a card or a reply; one that was not the policy's own refusal
    // (a busy database, say) is rethrown here so that the inbox keeps the activity pending for a replay.
    await processInteraction(this.workflow, key, async () => {
      await super.run(context);
      const failure = context.turnState.get(FAILURE) as unknown;
      if (failure) throw failure;
    }, 0, { queued: false }).catch((e) => {
      if (e !== context.turnState.get(FAILURE)) throw e;
    });
  }

  /**
   * A team's channels are reached with the team's serviceUrl and tenant and the channel's own id. The
   * install names only the channel picked at install (`conversation.id`, `settings.selectedChannel`), so
   * on install the team itself (`channelData.team.id`, also its General channel) and every channel the
   * connector lists for it get a reference; a channel created or restored later gets one from that event.
   */
  private async rememberTeam(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const data = (activity.channelData ?? {}) as { team?: { id?: unknown }; tenant?: { id?: unknown }; channel?: { id?: unknown }; eventType?: unknown };
    const teamId = typeof data.team?.id === "string" && data.team.id ? data.team.id : undefined;
    if (!teamId || !activity.serviceUrl) return;
    const installed =
      (activity.type === "installationUpdate" && typeof activity.action === "string" && activity.action.startsWith("add")) ||
      (activity.type === "conversationUpdate" && (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id));
    const channelEvent = activity.type === "conversationUpdate" && (data.eventType === "channelCreated" || data.eventType === "channelRestored");
    if (!installed && !channelEvent) return;
    const tenantId = activity.conversation?.tenantId ?? (typeof data.tenant?.id === "string" ? data.tenant.id : undefined);
    const base = TurnContext.getConversationReference(activity);
    const save = (channelId: string) =>
      this.store.conversations.save(
        channelId,
        JSON.stringify({ ...base, activityId: undefined, conversation: { isGroup: true, conversationType: "channel", id: channelId, ...(tenantId ? { tenantId } : {}) } }),
      );
    if (channelEvent) {
      if (typeof data.channel?.id === "string" && data.channel.id) await save(baseConversationId(data.channel.id));
      return;
    }
    await save(teamId);
    try {
      const channels = await TeamsInfo.getTeamChannels(context, teamId);
      for (const c of channels) if (c.id && c.id !== teamId) await save(c.id);
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, "could not list the team's channels at install; the team's reference serves them");
    }
  }

  /** The use cases in this activity's viewer's language (for what only they see). */
  private viewerWorkflow(activity: Activity): Workflow {
    return inLanguage(this.workflow, viewerLocale(activity));
  }

  /**
   * The bot added to someone's personal scope: their dashboard, which refreshes itself whenever they open
   * the chat (both installationUpdate and conversationUpdate may announce it: a second card is harmless).
   */
  private async welcome(ctx: TurnContext): Promise<void> {
    if (ctx.activity.conversation?.conversationType !== "personal") return;
    try {
      const message = await this.viewerWorkflow(ctx.activity).homeView(teamsActor(ctx.activity));
      await ctx.sendActivity({ type: "message", attachments: [attachment(toCard(message, undefined, await viewersOf(ctx, message, this.members)))] });
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, "could not send the dashboard at install");
    }
  }

  /** What an activity asks for, in neutral terms (for the inbox and for replay after a crash). */
  private interactionOf(activity: Activity): InteractionInput | null {
    const actor = teamsActor(activity);
    const fromCard = (verb: string, data: Record<string, unknown>): InteractionInput | null => {
      if (ACTION_IDS.includes(verb)) return { kind: "action", actionId: verb, value: text(data.value), actor };
      if (isFormId(verb)) {
        const context = text(data.context);
        return { kind: "form", formId: verb, context, values: formValues(FORM_HANDLERS[verb].build(this.workflow, context), data), actor };
      }
      return null;
    };
    if (activity.type === "invoke" && activity.name === "adaptiveCard/action") {
      const action = (activity.value as AdaptiveCardInvokeValue | undefined)?.action;
      return fromCard(action?.verb ?? "", (action?.data ?? {}) as Record<string, unknown>);
    }
    if (activity.type === "message") {
      const value = activity.value as Record<string, unknown> | undefined;
      if (value && typeof value.verb === "string") return fromCard(value.verb, value);
      return { kind: "command", text: TurnContext.removeRecipientMention(activity)?.trim() ?? activity.text?.trim() ?? "", actor };
    }
    return null;
  }

  private text(e: unknown, context?: TurnContext): string {
    const t: Messages = context ? this.viewerWorkflow(context.activity).ctx.t : this.workflow.ctx.t;
    if (e instanceof DomainError) {
      if (e.code === "forbidden") return t.errors.forbidden;
      if (e.code === "not_found") return t.errors.notFound;
      return [explain(t, e), ...e.issues.map((i) => `${i.path}: ${explainIssue(t, i)}`)].join("\n");
    }
    this.log.error({ err: (e as Error).message }, "teams handler failed; the activity will be replayed");
    context?.turnState.set(FAILURE, e);
    return t.errors.generic;
  }

  /**
   * The latest content of the card a button was pressed on (the outbox holds it), with a note on top; a
   * card with per-viewer views is answered with the presser's own view, in their language.
   */
  private async currentCard(context: TurnContext, note?: string): Promise<AdaptiveCardInvokeResponse> {
    const activity = context.activity;
    const row = activity.replyToId ? await this.store.findDelivered("teams", activity.replyToId) : null;
    if (!row) return { statusCode: 200, type: CARD, value: toCard({ text: note ?? "", blocks: note ? [{ type: "text", text: note }] : [] }) };
    let message = JSON.parse(row.body) as ChatMessage;
    if (message.perViewer) {
      try {
        message = await viewFor(this.viewerWorkflow(activity), message.perViewer.view, message.perViewer.value, teamsActor(activity));
      } catch {
        // not theirs to see in person (a refusal is audited): the card as everyone sees it
      }
    }
    return { statusCode: 200, type: CARD, value: toCard(message, note, await viewersOf(context, message, this.members)) };
  }

  /** Teams asks for one viewer's card (refresh): their view, in their language; a refusal keeps the shared card. */
  private async view(context: TurnContext, verb: Parameters<typeof viewFor>[1], value: string): Promise<AdaptiveCardInvokeResponse> {
    try {
      const message = await viewFor(this.viewerWorkflow(context.activity), verb, value, teamsActor(context.activity));
      return { statusCode: 200, type: CARD, value: toCard(message, undefined, await viewersOf(context, message, this.members)) };
    } catch (e) {
      const note = this.text(e, context);
      const row = context.activity.replyToId ? await this.store.findDelivered("teams", context.activity.replyToId) : null;
      const shared = row ? (JSON.parse(row.body) as ChatMessage) : { text: note, blocks: [] };
      return { statusCode: 200, type: CARD, value: toCard(shared, note, await viewersOf(context, shared, this.members)) };
    }
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = invoke.action?.verb ?? "";
    const data = (invoke.action?.data ?? {}) as Record<string, unknown>;
    const actor = teamsActor(context.activity);
    if (isViewId(verb)) return this.view(context, verb, text(data.value));
    try {
      if (ACTION_IDS.includes(verb)) {
        const outcome = await performAction(this.workflow, verb, text(data.value), actor);
        if (outcome.type === "form") return { statusCode: 200, type: CARD, value: formCard(outcome.form) };
        return this.currentCard(context, outcome.note);
      }
      if (isFormId(verb)) {
        const subject = text(data.context);
        const form = FORM_HANDLERS[verb].build(this.workflow, subject);
        const values = formValues(form, data);
        const outcome = await submitForm(this.workflow, verb, subject, values, actor);
        if (outcome.type === "errors") return { statusCode: 200, type: CARD, value: formCard({ ...form, context: subject }, outcome.errors, values) };
        return this.currentCard(context, outcome.note);
      }
      await this.workflow.recordRefusal(actor, verb.slice(0, 100) || "(no verb)", { type: "unknown", id: "-", proposalId: null, department: null });
      return { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: `unknown verb ${verb}` } };
    } catch (e) {
      return this.currentCard(context, this.text(e, context));
    }
  }

  /** Text commands (and Action.Submit fallbacks from clients without Universal Actions). */
  private async message(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    const value = activity.value as Record<string, unknown> | undefined;
    if (value && typeof value.verb === "string") {
      const res = await this.onAdaptiveCardInvoke(ctx, { action: { type: "Action.Execute", id: "", verb: value.verb, data: value }, authentication: undefined as never, state: "" });
      await ctx.sendActivity({ type: "message", attachments: [attachment(res.value)] });
      return;
    }
    const text = TurnContext.removeRecipientMention(activity)?.trim() ?? activity.text?.trim() ?? "";
    const wf = this.viewerWorkflow(activity);
    try {
      const reply = await runCommand(wf, text, teamsActor(activity));
      if (reply.type === "form") {
        await ctx.sendActivity({ type: "message", attachments: [attachment(formCard(reply.form))] });
      } else if (reply.type === "message" && reply.personal && activity.conversation?.conversationType !== "personal") {
        // a personal link is shown in the bot's 1:1 chat only, never to a channel
        await ctx.sendActivity({ type: "message", text: escapeCardMarkdown(wf.ctx.t.reports.personalOnly), textFormat: "markdown" });
      } else if (reply.type === "message") {
        await ctx.sendActivity({ type: "message", attachments: [attachment(toCard(reply.message, undefined, await viewersOf(ctx, reply.message, this.members)))] });
      } else if (reply.type === "document") {
        await ctx.sendActivity({ type: "message", text: shorten(reply.markdown, 20_000, null), textFormat: "markdown" });
      } else if (reply.type === "help") {
        // a Markdown list of the commands typed to the bot; the words are escaped like any other text
        const lines = reply.entries.map((e) => `- **${e.command}**${e.args ? ` ${escapeCardMarkdown(e.args)}` : ""} — ${escapeCardMarkdown(e.description)}`);
        await ctx.sendActivity({ type: "message", text: lines.join("\n"), textFormat: "markdown" });
      } else {
        // a reply may echo what was typed, so it is escaped
        await ctx.sendActivity({ type: "message", text: escapeCardMarkdown(plainText(reply.text)), textFormat: "markdown" });
      }
    } catch (e) {
      await ctx.sendActivity(escapeCardMarkdown(this.text(e, ctx)));
    }
  }
}
