/** Steps people take in Slack, as signed requests against the harness. */
import { expect } from "vitest";
import { buttonsOf } from "./fake-slack";
import { eventually, type Harness } from "./harness";
import { stateFor } from "./slack-client";

export type Msg = Record<string, any>;

/** The top-level message in a channel that has a button with this action id (latest content). */
export function messageWithButton(h: Harness, channel: string, actionId: string, nth = 0): Msg {
  const found = h.fake
    .posted(channel)
    .filter((m) => !m.thread_ts)
    .map((m) => ({ ...m, blocks: latestBlocks(h, channel, m.__ts) ?? m.blocks }))
    .filter((m) => buttonsOf(m.blocks).some((b) => b.action_id === actionId));
  expect(found.length, `a message with ${actionId} in ${channel}`).toBeGreaterThan(nth);
  return found[nth];
}

/** The latest blocks of a message (after chat.update in place). */
export function latestBlocks(h: Harness, channel: string, ts: string): any[] | undefined {
  const updates = h.fake.of("chat.update").filter((u) => u.channel === channel && u.ts === ts);
  return updates.at(-1)?.blocks ?? h.fake.posted(channel).find((m) => m.__ts === ts)?.blocks;
}

export function threadOf(h: Harness, channel: string, ts: string): string[] {
  return h.fake
    .posted(channel)
    .filter((m) => m.thread_ts === ts)
    .map((m) => m.text as string);
}

/** Presses a button (block_actions), as `user` in `channel`. */
export async function press(h: Harness, user: string, channel: string, msg: Msg, actionId: string, opts: { actionTs?: string; retryNum?: number } = {}) {
  const button = buttonsOf(msg.blocks).find((b) => b.action_id === actionId);
  expect(button, `button ${actionId}`).toBeDefined();
  const res = await h.slack.blockAction(user, channel, msg.__ts, button!, opts);
  expect(res.status).toBe(200);
}

/** The n-th modal the bot opened (waits for it). */
export async function openedView(h: Harness, n: number): Promise<Msg> {
  return eventually(() => {
    const views = h.fake.of("views.open");
    expect(views.length).toBeGreaterThanOrEqual(n);
    return views[n - 1].view;
  });
}

/** Submits a modal; returns Slack's parsed answer (empty object when the modal simply closes). */
export async function submit(h: Harness, user: string, view: Msg, values: Record<string, unknown>): Promise<any> {
  const res = await h.slack.viewSubmission(user, view, stateFor(values));
  expect(res.status).toBe(200);
  const text = await res.text();
  return text ? JSON.parse(text) : {};
}

export async function proposal(h: Harness, id: string) {
  return (await h.api("GET", `/api/proposals/${id}`)).json;
}

/** Waits until background work after Slack's ack is done, then delivers the outbox. */
export async function settle(h: Harness, check: () => Promise<void> | void) {
  await eventually(check);
  await h.deliver();
}
