/**
 * One contract for every ChatPort: the Slack adapter (real @slack/web-api against a fake Slack) and the
 * Teams adapter (real botbuilder CloudAdapter against a fake connector) behave alike for the outbox.
 */
import { WebClient } from "@slack/web-api";
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryFailure, type ChatMessage, type ChatPort } from "../../src/ports/chat";
import type { ConversationStore } from "../../src/ports/store";
import { SlackChatPort } from "../../src/platforms/slack/chat-port";
import { TeamsChatPort } from "../../src/platforms/teams/chat-port";
import { FakeConnector, cardOf } from "../helpers/fake-connector";
import { FakeSlack } from "../helpers/fake-slack";

const message: ChatMessage = {
  text: "連携提案 P-0001 の引き受け依頼",
  blocks: [
    { type: "header", text: "連携提案 P-0001" },
    { type: "fields", fields: [{ label: "企業", value: "株式会社みなとテック" }] },
    { type: "actions", actions: [{ actionId: "proposal.take", label: "担当する", value: "r-1", style: "primary" }] },
  ],
};

interface Subject {
  port: ChatPort;
  channel: string;
  /** what the platform received as posts in the channel / in a thread / as updates */
  posts(): unknown[];
  replies(ref: string): unknown[];
  updates(ref: string): unknown[];
  failNext(status: number): void;
  /** the platform refuses the next post for its content */
  refuseContentNext(): void;
  stop(): Promise<void>;
}

async function slackSubject(): Promise<Subject> {
  const fake = await new FakeSlack().start();
  const client = new WebClient("xoxb-contract", { slackApiUrl: fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  return {
    port: new SlackChatPort(client),
    channel: "C0EDU",
    posts: () => fake.posted("C0EDU").filter((m) => !m.thread_ts),
    replies: (ref) => fake.posted("C0EDU").filter((m) => m.thread_ts === ref),
    updates: (ref) => fake.of("chat.update").filter((u) => u.ts === ref),
    // Slack answers an unknown channel with HTTP 200 and ok: false
    failNext: (status) =>
      status === 404
        ? fake.fail("chat.postMessage", 200, 1, {}, { ok: false, error: "channel_not_found" })
        : fake.fail("chat.postMessage", status, 1, status === 429 ? { "retry-after": "7" } : {}),
    refuseContentNext: () => fake.fail("chat.postMessage", 200, 1, {}, { ok: false, error: "invalid_blocks" }),
    stop: () => fake.stop(),
  };
}

async function teamsSubject(): Promise<Subject> {
  const fake = await new FakeConnector().start();
  const channel = "19:contract@thread.tacv2";
  const reference = { serviceUrl: fake.url, channelId: "msteams", conversation: { id: channel, isGroup: true, conversationType: "channel", tenantId: "t" }, bot: { id: "28:bot", name: "bot" } };
  const conversations: ConversationStore = {
    save: async () => undefined,
    get: async (id) => (id === channel ? { conversationId: channel, reference: JSON.stringify(reference), departmentCode: null } : null),
    anyOfTenant: async () => null,
    bindings: async () => [],
  };
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: "", MicrosoftAppType: "MultiTenant" }),
  );
  return {
    port: new TeamsChatPort(adapter, "", conversations),
    channel,
    posts: () => fake.posted(channel),
    replies: (ref) => fake.replies(channel, ref),
    updates: (ref) => fake.updates(ref),
    // botbuilder's connector client retries 429 and 5xx itself (up to 3 more tries): the port reports
    // what is still failing after that
    failNext: (status) => (status === 404 ? fake.fail(404) : fake.fail(status, status, status, status)),
    // the connector answers 400 to an activity it will not take
    refuseContentNext: () => fake.fail(400),
    stop: () => fake.stop(),
  };
}

for (const [name, make] of [
  ["Slack", slackSubject],
  ["Teams", teamsSubject],
] as const) {
  describe(`ChatPort contract: ${name}`, () => {
    let s: Subject;
    beforeAll(async () => {
      s = await make();
    });
    afterAll(async () => {
      await s.stop();
    });

    it("posts a message and returns the platform's id of it", async () => {
      const { ref } = await s.port.post(s.channel, message);
      expect(ref).toMatch(/\S/);
      expect(s.posts()).toHaveLength(1);
      expect(JSON.stringify(s.posts()[0])).toContain("株式会社みなとテック");
      expect(JSON.stringify(s.posts()[0])).toContain("proposal.take");
    });

    it("posts in the thread of an earlier message", async () => {
      const { ref } = await s.port.post(s.channel, message);
      await s.port.post(s.channel, { text: "担当します", blocks: [{ type: "text", text: "担当します" }] }, ref);
      expect(s.replies(ref)).toHaveLength(1);
    });

    it("updates a message in place by its id", async () => {
      const { ref } = await s.port.post(s.channel, message);
      await s.port.update(s.channel, ref, { text: "担当: 学校教育部", blocks: [{ type: "context", text: "担当: 学校教育部" }] });
      expect(s.updates(ref)).toHaveLength(1);
      expect(JSON.stringify(s.updates(ref)[0])).toContain("担当: 学校教育部");
    });

    it("a 429 is a retryable failure of the channel; a 5xx too", async () => {
      s.failNext(429);
      const rate = await s.port.post(s.channel, message).catch((e) => e);
      expect(rate).toBeInstanceOf(DeliveryFailure);
      expect(rate).toMatchObject({ scope: "channel", permanent: false });
      if (name === "Slack") expect(rate.retryAfterMs).toBe(7000);
      s.failNext(503);
      const down = await s.port.post(s.channel, message).catch((e) => e);
      expect(down).toBeInstanceOf(DeliveryFailure);
      expect(down).toMatchObject({ scope: "channel", permanent: false });
    });

    it("an unknown channel is a permanent failure of the channel", async () => {
      s.failNext(404);
      const gone = await s.port.post(s.channel, message).catch((e) => e);
      expect(gone).toBeInstanceOf(DeliveryFailure);
      expect(gone).toMatchObject({ scope: "channel", permanent: true });
    });

    it("content the platform refuses is a permanent failure of that message only (its channel goes on)", async () => {
      s.refuseContentNext();
      const refused = await s.port.post(s.channel, message).catch((e) => e);
      expect(refused).toBeInstanceOf(DeliveryFailure);
      expect(refused).toMatchObject({ scope: "message", permanent: true });
      expect(refused.reason).toMatch(/invalid_blocks|HTTP 400/);
      // the next message in the channel goes out
      expect((await s.port.post(s.channel, message)).ref).toMatch(/\S/);
    });
  });
}

it("Teams posts are Adaptive Cards 1.5 with Universal Actions", async () => {
  const s = await teamsSubject();
  try {
    await s.port.post(s.channel, message);
    const card = cardOf(s.posts()[0]);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(JSON.stringify(card)).toContain('"type":"Action.Execute"');
  } finally {
    await s.stop();
  }
});
