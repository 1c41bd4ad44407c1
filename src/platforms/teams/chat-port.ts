/**
 * ChatPort on the Bot Framework connector: proactive messages through stored conversation references
 * (a new thread in a channel, or a reply in one), and cards updated in place by activity id.
 */
import type { CloudAdapter, ConversationReference } from "botbuilder";
import { DeliveryFailure, mayHaveArrived, type ChatMessage, type ChatPort } from "../../ports/chat";
import type { ConversationStore } from "../../ports/store";
import { attachment, escapeCardMarkdown, plainText, toCard } from "./cards";
import type { TeamsMembers } from "./members";
import type { TurnContext } from "botbuilder";
import { shorten } from "../../app/kernel/text";

/** The channel (or chat) a conversation id belongs to: Teams adds ";messageid=…" for a thread. */
export const baseConversationId = (id: string) => id.split(";")[0];

export function toDeliveryFailure(e: unknown): DeliveryFailure {
  if (e instanceof DeliveryFailure) return e;
  const err = e as { statusCode?: number; message?: string; response?: { headers?: { get?: (k: string) => string | undefined } } };
  const status = err.statusCode;
  const retryAfter = Number(err.response?.headers?.get?.("retry-after"));
  const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
  if (status === 429 || status === 412 || status === 502 || status === 503 || status === 504 || (status !== undefined && status >= 500)) {
    return new DeliveryFailure(`teams: HTTP ${status}`, { retryAfterMs: wait });
  }
  // the connector refused this activity (malformed, too large): the message is set aside, its channel goes on
  if (status === 400 || status === 413) return new DeliveryFailure(`teams: HTTP ${status}`, { scope: "message", permanent: true });
  // the bot may not post there (removed from the team, unknown conversation)
  if (status === 401 || status === 403 || status === 404) return new DeliveryFailure(`teams: HTTP ${status}`, { permanent: true });
  // no status: the connector never answered (a time-out, a cut connection), so the call may have arrived
  return new DeliveryFailure(`teams: ${err.message ?? String(e)}`, { mayHaveArrived: status === undefined && mayHaveArrived(e) });
}

/** The MRIs a card with per-viewer views refreshes for (its Teams viewers), or null: one view for all. */
export async function viewersOf(ctx: TurnContext, message: ChatMessage, members?: TeamsMembers): Promise<string[] | null> {
  if (!message.perViewer || !members) return null;
  return members.resolve(ctx, message.perViewer.viewers.filter((v) => v.platform === "teams").map((v) => v.userId));
}

export class TeamsChatPort implements ChatPort {
  readonly platform = "teams" as const;
  /**
   * Teams' limits per bot and conversation: 7 a second is the pace (TEAMS_CHANNEL_PACE_MS), and over
   * longer spans 8 per 2 s, 60 per 30 s and 1,800 an hour (../shared/notes/platform.md, "Rate limiting for bots").
   */
  readonly sendWindows = [
    { count: 8, perMs: 2_000 },
    { count: 60, perMs: 30_000 },
    { count: 1800, perMs: 3_600_000 },
  ];

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationStore,
    private readonly tenantId?: string,
    private readonly members?: TeamsMembers,
    /** another municipality's Entra tenant (its first `tenant.teamsTenants`), for its channels without a reference */
    private readonly tenantOf: (municipality: string) => string | undefined = () => undefined,
  ) {}

  /**
   * A channel's own reference, else one of its municipality's Entra tenant (a team's channel is reached
   * with the team's serviceUrl): never another municipality's tenant.
   */
  private async reference(channel: string, municipality = "default"): Promise<Partial<ConversationReference>> {
    const entra = municipality === "default" ? this.tenantId : this.tenantOf(municipality);
    const row = (await this.conversations.get(channel)) ?? (entra ? await this.conversations.anyOfTenant(entra) : null);
    if (!row) throw new DeliveryFailure(`no conversation reference for ${channel} yet: add the app to that team or chat`);
    return JSON.parse(row.reference) as Partial<ConversationReference>;
  }

  private async activity(ctx: TurnContext, message: ChatMessage) {
    return { type: "message" as const, text: escapeCardMarkdown(shorten(plainText(message.text), 1000)), attachments: [attachment(toCard(message, undefined, await viewersOf(ctx, message, this.members)))] };
  }

  async post(channel: string, message: ChatMessage, threadRef?: string, municipality?: string): Promise<{ ref: string }> {
    const ref = await this.reference(channel, municipality);
    const conversation = { ...ref.conversation!, id: threadRef ? `${channel};messageid=${threadRef}` : channel };
    let id: string | undefined;
    try {
      await this.adapter.continueConversationAsync(this.appId, { ...ref, conversation }, async (ctx) => {
        id = (await ctx.sendActivity(await this.activity(ctx, message)))?.id;
      });
    } catch (e) {
      throw toDeliveryFailure(e);
    }
    if (!id) throw new DeliveryFailure("teams: the connector returned no activity id");
    return { ref: id };
  }

  async update(channel: string, ref: string, message: ChatMessage, municipality?: string): Promise<void> {
    const reference = await this.reference(channel, municipality);
    try {
      await this.adapter.continueConversationAsync(this.appId, { ...reference, conversation: { ...reference.conversation!, id: channel } }, async (ctx) => {
        await ctx.updateActivity({ ...(await this.activity(ctx, message)), id: ref });
      });
    } catch (e) {
      throw toDeliveryFailure(e);
    }
  }
}
