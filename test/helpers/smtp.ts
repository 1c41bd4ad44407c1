/**
 * A real SMTP server on 127.0.0.1 (smtp-server, the library Nodemailer's authors maintain) that keeps
 * what arrives, parsed by mailparser; `answer` decides, per recipient and attempt, whether it takes the
 * mail or answers a 4xx or 5xx as a relay would. `hangingSmtp` accepts connections and never greets.
 */
import { createServer, type Server, type Socket } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Received {
  from: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
}

export type Answer = { code: number; message: string } | null;

export class TestSmtp {
  readonly received: Received[] = [];
  /** RCPT TO attempts per address (lower-cased) */
  readonly attempts = new Map<string, number>();
  /** null: take it; else the reply to RCPT TO */
  answer: (to: string, attempt: number) => Answer = () => null;
  /** true: the mail's data is read, then never answered (a send in flight when its sender dies) */
  hold: (to: string[]) => boolean = () => false;
  /** every DATA received, answered or not, by its recipients */
  readonly data: string[][] = [];
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        const to = address.address.toLowerCase();
        const n = (this.attempts.get(to) ?? 0) + 1;
        this.attempts.set(to, n);
        const a = this.answer(to, n);
        if (!a) return cb();
        cb(Object.assign(new Error(a.message), { responseCode: a.code }));
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const rcpt = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          this.data.push(rcpt);
          if (this.hold(rcpt)) return; // never answered
          const raw = Buffer.concat(chunks).toString("utf8");
          simpleParser(raw).then(
            (mail) => {
              this.received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw, mail });
              cb();
            },
            (e) => cb(e as Error),
          );
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.to.map((x) => x.toLowerCase()).includes(address.toLowerCase()));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A "relay" that accepts the connection and never says a word. */
export async function hangingSmtp(): Promise<{ url: string; connections: () => number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((s) => {
    count++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    connections: () => count,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
