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
import type { Workflow } from "../../app/workflow";
import { DomainError } from "../../domain/errors";
import { explain, explainIssue } from "../../i18n";
import { ACTION_IDS, type Actor, type ChatMessage } from "../../ports/chat";
import type { Store } from "../../ports/store";
import { attachment, escapeCardMarkdown, formCard, formValues, plainText, toCard, type Card } from "./cards";
import { baseConversationId } from "./chat-port";
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

export class PartnerBot extends ActivityHandler {
  constructor(
    private readonly workflow: Workflow,
    private readonly store: Store,
    private readonly log: Logger,
  ) {
    super();
    this.onConversationUpdate(async (ctx, next) => {
      await next();
    });
    this.onInstallationUpdate(async (ctx, next) => {
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
      if (activity.type === "invoke") await context.sendActivity({ type: "invokeResponse", value: { status: 200, body: await this.currentCard(activity) } });
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
    const t = this.workflow.ctx.t;
    if (e instanceof DomainError) {
      if (e.code === "forbidden") return t.errors.forbidden;
      if (e.code === "not_found") return t.errors.notFound;
      return [explain(t, e), ...e.issues.map((i) => `${i.path}: ${explainIssue(t, i)}`)].join("\n");
    }
    this.log.error({ err: (e as Error).message }, "teams handler failed; the activity will be replayed");
    context?.turnState.set(FAILURE, e);
    return t.errors.generic;
  }

  /** The latest content of the card a button was pressed on (the outbox holds it), with a note on top. */
  private async currentCard(activity: Activity, note?: string): Promise<AdaptiveCardInvokeResponse> {
    const row = activity.replyToId ? await this.store.findDelivered("teams", activity.replyToId) : null;
    const card: Card = row
      ? toCard(JSON.parse(row.body) as ChatMessage, note)
      : toCard({ text: note ?? "", blocks: note ? [{ type: "text", text: note }] : [] });
    return { statusCode: 200, type: CARD, value: card };
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = invoke.action?.verb ?? "";
    const data = (invoke.action?.data ?? {}) as Record<string, unknown>;
    const actor = teamsActor(context.activity);
    try {
      if (ACTION_IDS.includes(verb)) {
        const outcome = await performAction(this.workflow, verb, text(data.value), actor);
        if (outcome.type === "form") return { statusCode: 200, type: CARD, value: formCard(outcome.form) };
        return this.currentCard(context.activity, outcome.note);
      }
      if (isFormId(verb)) {
        const subject = text(data.context);
        const form = FORM_HANDLERS[verb].build(this.workflow, subject);
        const values = formValues(form, data);
        const outcome = await submitForm(this.workflow, verb, subject, values, actor);
        if (outcome.type === "errors") return { statusCode: 200, type: CARD, value: formCard({ ...form, context: subject }, outcome.errors, values) };
        return this.currentCard(context.activity, outcome.note);
      }
      await this.workflow.recordRefusal(actor, verb.slice(0, 100) || "(no verb)", { type: "unknown", id: "-", proposalId: null, department: null });
      return { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: `unknown verb ${verb}` } };
    } catch (e) {
      return this.currentCard(context.activity, this.text(e, context));
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
    try {
      const reply = await runCommand(this.workflow, text, teamsActor(activity));
      if (reply.type === "form") {
        await ctx.sendActivity({ type: "message", attachments: [attachment(formCard(reply.form))] });
      } else if (reply.type === "message" && reply.personal && activity.conversation?.conversationType !== "personal") {
        // a personal link is shown in the bot's 1:1 chat only, never to a channel
        await ctx.sendActivity({ type: "message", text: escapeCardMarkdown(this.workflow.ctx.t.reports.personalOnly), textFormat: "markdown" });
      } else if (reply.type === "message") {
        await ctx.sendActivity({ type: "message", attachments: [attachment(toCard(reply.message))] });
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
