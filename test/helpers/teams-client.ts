import { randomUUID } from "node:crypto";
/** Sends activities to /api/messages the way the Bot Framework channel service does for Teams. */
export const TENANT = "9f3c1a52-0000-4000-8000-00000000c17y";
export const BOT = { id: "28:partner-bot", name: "partner-bot" };

let seq = 0;
/**
 * Ids shaped like the ones Teams sends (test/fixtures/teams/): a message's id is its creation time in
 * milliseconds, unique within its conversation only; other activities have "f:<guid>" ids.
 */
const nextId = (type: unknown) => (type === "message" ? String(1759944781430 + ++seq) : `f:${randomUUID()}`);
/** The team that the harness's channels belong to (its id is also its General channel's). */
export const TEAM = "19:partner-team-general@thread.tacv2";

export class TeamsSender {
  constructor(
    private readonly appUrl: string,
    private readonly serviceUrl: string,
  ) {}

  async send(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.appUrl}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({
        id: nextId(activity.type),
        timestamp: new Date().toISOString(),
        channelId: "msteams",
        serviceUrl: this.serviceUrl,
        recipient: BOT,
        ...activity,
      }),
    });
    const text = await res.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body };
  }

  /**
   * The app is added to a team: Teams sends conversationUpdate naming the channel picked at install
   * (`conversation.id`, `settings.selectedChannel`) and the team (`channelData.team.id`), as in
   * test/fixtures/teams/conversation-update-bot-added-to-team.json.
   */
  install(channel: string, tenant = TENANT, team = TEAM) {
    return this.send({
      type: "conversationUpdate",
      from: { id: "29:installer", aadObjectId: "aad-installer" },
      conversation: { id: channel, conversationType: "channel", isGroup: true, tenantId: tenant },
      channelData: { settings: { selectedChannel: { id: channel } }, tenant: { id: tenant }, team: { id: team }, eventType: "teamMemberAdded" },
      membersAdded: [{ id: BOT.id }],
    });
  }

  /** A recorded payload as Teams sent it, pointed at the fake connector (its serviceUrl is the only change). */
  recorded(activity: Record<string, unknown>, headers: Record<string, string> = {}) {
    return this.send({ ...activity, serviceUrl: this.serviceUrl }, headers);
  }

  /** A one-to-one chat with the bot: an `a:` conversation id, the tenant only in channelData. */
  personal(user: string, text: string, opts: { id?: string; tenant?: string; locale?: string } = {}) {
    const tenant = opts.tenant ?? TENANT;
    return this.send({
      ...(opts.id ? { id: opts.id } : {}),
      ...(opts.locale ? { locale: opts.locale } : {}),
      type: "message",
      text,
      from: { id: `29:${user}`, aadObjectId: user },
      conversation: { conversationType: "personal", id: `a:1personal-${user}` },
      channelData: { tenant: { id: tenant } },
      entities: [{ type: "clientInfo", locale: "ja-JP", country: "JP", platform: "Web" }],
    });
  }

  message(user: string, channel: string, text: string, tenant = TENANT, opts: { id?: string } = {}) {
    return this.send({
      ...(opts.id ? { id: opts.id } : {}),
      type: "message",
      text: `<at>partner-bot</at> ${text}`,
      from: { id: `29:${user}`, aadObjectId: user },
      conversation: { id: channel, conversationType: "channel", isGroup: true, tenantId: tenant },
      channelData: { tenant: { id: tenant }, channel: { id: channel } },
      entities: [{ type: "mention", text: "<at>partner-bot</at>", mentioned: BOT }],
    });
  }

  /** A Universal Action (Action.Execute) on a card the bot posted (activity id `replyToId`). */
  invoke(user: string, channel: string, replyToId: string, verb: string, data: Record<string, unknown>, opts: { id?: string; tenant?: string; locale?: string; trigger?: "manual" | "automatic" } = {}) {
    const tenant = opts.tenant ?? TENANT;
    return this.send({
      ...(opts.id ? { id: opts.id } : {}),
      ...(opts.locale ? { locale: opts.locale } : {}),
      type: "invoke",
      name: "adaptiveCard/action",
      from: { id: `29:${user}`, aadObjectId: user },
      conversation: { id: `${channel};messageid=${replyToId}`, conversationType: "channel", isGroup: true, tenantId: tenant },
      channelData: { tenant: { id: tenant }, channel: { id: channel } },
      replyToId,
      value: { action: { type: "Action.Execute", verb, data }, trigger: opts.trigger ?? "manual" },
    });
  }
}
