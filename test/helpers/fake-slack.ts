/**
 * A fake Slack Web API on 127.0.0.1 that the real Bolt / @slack/web-api code talks to. It records every
 * call (method and decoded arguments) and can be told to fail the next calls of a method.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { closeServer, listenLocal } from "./local-server";

export interface SlackCall {
  method: string;
  args: Record<string, any>;
  /** false when the fake answered with a scripted failure */
  ok: boolean;
  /** the token the call was made with (Authorization: Bearer …, or a `token` argument) */
  token?: string;
}

/** An answer of one's own for a method (a test's fake oauth.v2.access, auth.test of another workspace). */
export type Answer = (args: Record<string, any>, token: string | undefined) => unknown | Promise<unknown>;

interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function decode(contentType: string | undefined, raw: string): Record<string, any> {
  if (contentType?.includes("application/json")) return raw ? JSON.parse(raw) : {};
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // web-api JSON-encodes nested arguments (blocks, view) inside form posts
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

const safeJson = (s: string) => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  private server: Server;
  private ts = 1_700_000_000;
  private scripted = new Map<string, Scripted[]>();
  private answers = new Map<string, Answer>();
  /** every answer waits this long (a slow Slack) */
  delayMs = 0;
  /** chat.postMessage / chat.update to these channels never answer (a hung call) */
  readonly hung = new Set<string>();
  url = "";

  /** `record: false` keeps no calls (a benchmark's long runs) */
  constructor(private readonly opts: { record?: boolean } = {}) {
    this.server = createServer(async (req, res) => {
      const raw = await readBody(req);
      const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0];
      const args = decode(req.headers["content-type"], raw);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const token: string | undefined = bearer ?? (typeof args.token === "string" ? args.token : undefined);
      if (method.startsWith("chat.") && this.hung.has(args.channel)) {
        this.calls.push({ method, args, ok: false, token });
        return; // never answers
      }
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      const next = this.scripted.get(method)?.shift();
      if (this.opts.record !== false) this.calls.push({ method, args, ok: !next, token });
      if (next) {
        res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
        res.end(JSON.stringify(next.body));
        return;
      }
      const own = this.answers.get(method);
      const body = own ? await own(args, token) : this.answer(method, args);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
  }

  private answer(method: string, args: Record<string, any>): unknown {
    switch (method) {
      case "auth.test":
        return { ok: true, user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0CITY", user: "partner-bot" };
      case "chat.postMessage": {
        const ts = `${++this.ts}.000100`;
        args.__ts = ts; // remembered on the recorded call, so tests can click buttons on this message
        return { ok: true, channel: args.channel, ts, message: { text: args.text } };
      }
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts };
      case "views.open":
      case "views.publish":
      case "views.update":
        return { ok: true, view: { id: "V0VIEW", ...(args.view ?? {}) } };
      default:
        return { ok: true };
    }
  }

  async start(): Promise<this> {
    this.url = `${await listenLocal(this.server)}api/`;
    return this;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  /** The next `count` calls of `method` answer with this instead. */
  fail(method: string, status: number, count = 1, headers: Record<string, string> = {}, body: unknown = { ok: false }): void {
    const list = this.scripted.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push({ status, headers, body });
    this.scripted.set(method, list);
  }

  /** Answers `method` with `answer` from now on (instead of the fake's own). */
  on(method: string, answer: Answer): void {
    this.answers.set(method, answer);
  }

  /** Calls of a method that the fake answered with success. */
  of(method: string): Record<string, any>[] {
    return this.calls.filter((c) => c.method === method && c.ok).map((c) => c.args);
  }

  /** Messages posted to a channel (top level and threads). */
  posted(channel: string): Record<string, any>[] {
    return this.of("chat.postMessage").filter((a) => a.channel === channel);
  }

  clear(): void {
    this.calls.length = 0;
  }
}

/** All action ids of the buttons in a Block Kit message. */
export function buttonsOf(blocks: any[]): Array<{ action_id: string; value: string }> {
  return (blocks ?? []).filter((b) => b.type === "actions").flatMap((b) => b.elements);
}

export function textOf(blocks: any[] | undefined): string {
  return JSON.stringify(blocks ?? []);
}
