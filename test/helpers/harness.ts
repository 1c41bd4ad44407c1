/** Runs the real server (Bolt's HTTP receiver, Express, Prisma on a temp SQLite file) against a fake Slack. */
import { boot, type Running } from "../../src/bootstrap";
import { parseEnv } from "../../src/config/env";
import type { OrgConfig } from "../../src/config/org";
import { createLogger } from "../../src/logger";
import { removeDatabase, tempDatabase } from "./db";
import { FakeConnector } from "./fake-connector";
import { FakeSlack } from "./fake-slack";
import { TeamsSender } from "./teams-client";
import { testOrg } from "./org";
import { SIGNING_SECRET, SlackSender } from "./slack-client";

export const INTAKE_TOKEN = "test-intake-token-0123456789";

export class TestClock {
  constructor(public current: Date = new Date()) {}
  now = () => this.current;
  set(iso: string | Date) {
    this.current = new Date(iso);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Harness {
  databaseUrl: string;
  fake: FakeSlack;
  connector: FakeConnector;
  teams: TeamsSender;
  app: Running;
  slack: SlackSender;
  clock: TestClock;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  /** delivers the outbox as the timer would */
  deliver(): Promise<void>;
  stop(): Promise<void>;
  /** stops and deletes the temp database */
  cleanup(): Promise<void>;
}

export async function startHarness(opts: { org?: OrgConfig; locale?: "ja" | "en"; clock?: TestClock; env?: Record<string, string>; databaseUrl?: string; logTo?: { level: string; stream: NodeJS.WritableStream } } = {}): Promise<Harness> {
  const databaseUrl = opts.databaseUrl ?? (await tempDatabase());
  const fake = await new FakeSlack().start();
  const connector = await new FakeConnector().start();
  const clock = opts.clock ?? new TestClock();
  const env = parseEnv({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    INTAKE_API_TOKEN: INTAKE_TOKEN,
    LOCALE: opts.locale ?? "ja",
    LOG_LEVEL: "silent",
    TEAMS_EMULATOR: "1", // the fake connector is on this machine; tests with an app id set their own
    PUBLIC_DESK: "1",
    ...opts.env,
  });
  const logger = opts.logTo ? createLogger(opts.logTo.level, opts.logTo.stream) : createLogger((process.env.TEST_LOG as "error") ?? "silent");
  const app = await boot(env, logger, { org: opts.org ?? testOrg(), clock, skipMigrations: true, outboxIntervalMs: null, scheduler: false, pacing: false });
  const slack = new SlackSender(app.url, fake.url.replace(/api\/$/, ""));
  const harness: Harness = {
    databaseUrl,
    fake,
    connector,
    teams: new TeamsSender(app.url, connector.url),
    app,
    slack,
    clock,
    async api(method, path, body, headers = {}) {
      const res = await fetch(`${app.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${INTAKE_TOKEN}`, "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: any = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: res.status, json };
    },
    async deliver() {
      await app.dispatcher.idle();
      await app.dispatcher.run(clock.now());
    },
    async stop() {
      await app.stop();
      await fake.stop();
      await connector.stop();
    },
    async cleanup() {
      await harness.stop();
      await removeDatabase(databaseUrl);
    },
  };
  return harness;
}

/** Retries an assertion until it passes (listeners keep working after Slack's ack has been sent). */
export async function eventually<T>(fn: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

export function proposalBody(overrides: Record<string, unknown> = {}) {
  return {
    company: { name: "株式会社みなとテック", corporateNumber: "7000012050002", contactName: "山田花子", email: "hanako@example.co.jp", phone: "03-1234-5678" },
    title: "小学校でのプログラミング教育講座",
    summary: "区立小学校でAIを使ったプログラミング講座を開く提案です。",
    fields: ["education"],
    pattern: "tech_trial",
    costToCity: false,
    ...overrides,
  };
}
