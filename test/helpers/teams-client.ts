/** Sends activities to /api/messages the way the Bot Framework channel service does for Teams. */
export const TENANT = "9f3c1a52-0000-4000-8000-00000000c17y";
export const BOT = { id: "28:partner-bot", name: "partner-bot" };

let seq = 0;

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
        id: `activity-${++seq}`,
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

  /** The app is added to a team: Teams sends conversationUpdate in the team's channel. */
  install(channel: string, tenant = TENANT) {
    return this.send({
      type: "conversationUpdate",
      from: { id: "29:installer", aadObjectId: "aad-installer" },
      conversation: { id: channel, conversationType: "channel", isGroup: true, tenantId: tenant },
      channelData: { tenant: { id: tenant }, team: { id: channel }, channel: { id: channel }, eventType: "teamMemberAdded" },
      membersAdded: [{ id: BOT.id }],
    });
  }

  message(user: string, channel: string, text: string, tenant = TENANT) {
    return this.send({
      type: "message",
      text: `<at>partner-bot</at> ${text}`,
      from: { id: `29:${user}`, aadObjectId: user },
      conversation: { id: channel, conversationType: "channel", isGroup: true, tenantId: tenant },
      channelData: { tenant: { id: tenant }, channel: { id: channel } },
      entities: [{ type: "mention", text: "<at>partner-bot</at>", mentioned: BOT }],
    });
  }

  /** A Universal Action (Action.Execute) on a card the bot posted (activity id `replyToId`). */
  invoke(user: string, channel: string, replyToId: string, verb: string, data: Record<string, unknown>, opts: { id?: string; tenant?: string } = {}) {
    const tenant = opts.tenant ?? TENANT;
    return this.send({
      ...(opts.id ? { id: opts.id } : {}),
      type: "invoke",
      name: "adaptiveCard/action",
      from: { id: `29:${user}`, aadObjectId: user },
      conversation: { id: `${channel};messageid=${replyToId}`, conversationType: "channel", isGroup: true, tenantId: tenant },
      channelData: { tenant: { id: tenant }, channel: { id: channel } },
      replyToId,
      value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
    });
  }
}
