/**
 * A fake Bot Framework connector on 127.0.0.1: the real botbuilder CloudAdapter sends replies,
 * proactive messages and card updates here because the activities' serviceUrl points here.
 */
import { createServer, type Server } from "node:http";
import { closeServer, listenLocal } from "./local-server";

export interface ConnectorCall {
  method: string;
  conversationId: string;
  activityId?: string;
  body: any;
  ok: boolean;
}

/** Teams gives a message the time it was created, in milliseconds, as its id ("1759944781430"). */
const messageId = (seq: number) => String(1759944781430 + seq);

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private server: Server;
  private seq = 0;
  private failures: number[] = [];
  /** what GET /v3/teams/{teamId}/conversations lists (TeamsInfo.getTeamChannels), by team id */
  readonly teamChannels = new Map<string, Array<{ id: string; name?: string }>>();
  /**
   * Who GET /v3/conversations/{id}/members/{userId} knows (TeamsInfo.getMember), by Azure AD object id;
   * anyone else is 404, as for a person who is not a member of that conversation.
   */
  readonly members = new Set<string>();
  /** the member look-ups made, by AAD id asked for */
  readonly memberLookups: string[] = [];
  url = "";

  constructor() {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString("utf8");
      const body = raw ? JSON.parse(raw) : {};
      const path = decodeURIComponent((req.url ?? "").split("?")[0]);
      const team = path.match(/^\/v3\/teams\/(.+?)\/conversations$/);
      if (req.method === "GET" && team) {
        const channels = this.teamChannels.get(team[1]);
        res.writeHead(channels ? 200 : 404, { "content-type": "application/json" });
        res.end(JSON.stringify(channels ? { conversations: channels } : { error: { code: "NotFound", message: "no such team" } }));
        return;
      }
      const member = path.match(/^\/v3\/conversations\/(.+?)\/members\/(.+)$/);
      if (req.method === "GET" && member) {
        this.memberLookups.push(member[2]);
        const known = this.members.has(member[2]);
        res.writeHead(known ? 200 : 404, { "content-type": "application/json" });
        // the shape Teams answers with (Get single member): the MRI as id, the AAD object id beside it
        res.end(JSON.stringify(known ? { id: `29:${member[2]}`, objectId: member[2], aadObjectId: member[2], name: member[2], tenantId: "t", userRole: "user" } : { error: { code: "MemberNotFoundInConversation", message: "not a member" } }));
        return;
      }
      const m = path.match(/^\/v3\/conversations\/(.+?)\/activities(?:\/(.+))?$/);
      const fail = this.failures.shift();
      const call: ConnectorCall = { method: req.method ?? "", conversationId: m?.[1] ?? "", activityId: m?.[2], body, ok: !fail };
      this.calls.push(call);
      if (fail) {
        res.writeHead(fail, { "content-type": "application/json", ...(fail === 429 ? { "retry-after": "0" } : {}) });
        res.end(JSON.stringify({ error: { code: "Throttled", message: "fake failure" } }));
        return;
      }
      if (req.method === "POST" && path === "/v3/conversations") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: `a:1conv${++this.seq}`, activityId: messageId(this.seq) }));
        return;
      }
      const id = req.method === "PUT" ? call.activityId : messageId(++this.seq);
      body.__id = id;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id }));
    });
  }

  async start(): Promise<this> {
    this.url = `${await listenLocal(this.server)}`;
    return this;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  /** The next calls answer with these HTTP statuses. */
  fail(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  /** New messages posted in a channel (top level: the conversation id is the channel's own). */
  posted(channel: string): any[] {
    return this.calls.filter((c) => c.ok && c.method === "POST" && c.conversationId === channel).map((c) => c.body);
  }

  /** Replies in the thread of a message. */
  replies(channel: string, rootId: string): any[] {
    return this.calls.filter((c) => c.ok && c.method === "POST" && c.conversationId === `${channel};messageid=${rootId}`).map((c) => c.body);
  }

  updates(activityId: string): any[] {
    return this.calls.filter((c) => c.ok && c.method === "PUT" && c.activityId === activityId).map((c) => c.body);
  }
}

export function cardOf(activity: any): any {
  return activity?.attachments?.[0]?.content;
}

/** Action.Execute buttons in a card (in ActionSets and the card's own actions). */
export function executeActions(card: any): Array<{ verb: string; data: any; title: string }> {
  const fromBody = (card?.body ?? []).filter((b: any) => b.type === "ActionSet").flatMap((b: any) => b.actions);
  return [...fromBody, ...(card?.actions ?? [])].filter((a: any) => a.type === "Action.Execute");
}
