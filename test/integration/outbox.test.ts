/** The outbox keeps each channel's posting pace without holding other channels back. */
import { describe, expect, it } from "vitest";
import { OutboxDispatcher } from "../../src/app/outbox-dispatcher";
import { createLogger } from "../../src/logger";
import type { ChatMessage, ChatPort } from "../../src/ports/chat";
import { tempStore } from "../helpers/db";

class RecordingPort implements ChatPort {
  readonly platform = "slack" as const;
  readonly sends: Array<{ channel: string; at: number }> = [];
  async post(channel: string, _m: ChatMessage) {
    this.sends.push({ channel, at: Date.now() });
    return { ref: String(this.sends.length) };
  }
  async update() {}
}

describe("outbox pacing", () => {
  it("spaces posts to one channel and lets other channels go at once", async () => {
    const { store } = await tempStore();
    const body = JSON.stringify({ text: "x", blocks: [] });
    await store.tx(async (r) => {
      for (const i of [1, 2, 3]) await r.outbox.enqueue({ key: `m${i}@slack:C1`, platform: "slack", channel: "C1", body });
      await r.outbox.enqueue({ key: "m4@slack:C2", platform: "slack", channel: "C2", body });
    });
    const port = new RecordingPort();
    const dispatcher = new OutboxDispatcher(store, { now: () => new Date() }, createLogger("silent"));
    dispatcher.register(port, 200);
    const first = await dispatcher.run();
    expect(first.sent).toBe(2); // one per channel at once
    expect(first.deferred).toBeGreaterThan(0); // C1 waits for its pace
    await dispatcher.drain();
    dispatcher.stop();
    const c1 = port.sends.filter((s) => s.channel === "C1").map((s) => s.at);
    expect(c1).toHaveLength(3);
    expect(c1[1] - c1[0]).toBeGreaterThanOrEqual(195);
    expect(c1[2] - c1[1]).toBeGreaterThanOrEqual(195);
    expect(port.sends.findIndex((s) => s.channel === "C2")).toBe(1); // not stuck behind C1
    expect(await store.pendingCount()).toBe(0);
    await store.close();
  });
});
