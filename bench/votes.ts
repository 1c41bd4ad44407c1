/**
 * Votes fully applied per second on one process (npm run bench:votes): the use case a board-vote click
 * runs once it is accepted (authorised, recorded, audited, the round's card update queued, the
 * interaction marked done, in one transaction), on SQLite, one after another, without HTTP, with the outbox
 * dispatcher delivering the card updates to a fake Slack at Slack's pace as the bot does. Target ≥ 500/s.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acceptInteraction, processInteraction } from "../src/app/inbox";
import { performAction } from "../src/app/interactions";
import { parseEnv } from "../src/config/env";
import { parseOrg } from "../src/config/org";
import { buildCore } from "../src/core";
import { migrate } from "../src/db/client";
import { createLogger } from "../src/logger";

const MEMBERS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const member = (m: number) => `U0B${String(m).padStart(3, "0")}`;

const dir = mkdtempSync(join(tmpdir(), "partner-bench-votes-"));
const url = `file:${join(dir, "votes.db")}`;
await migrate(url);
const org = parseOrg({
  window: { slackChannel: "C0WINDOW", members: [{ slack: "U0WIN", name: "窓口" }] },
  departments: [{ code: "school-education", name: { ja: "学校教育部", en: "School Education" }, slackChannel: "C0EDU", fields: ["education"] }],
  board: { slackChannel: "C0BOARD", quorum: MEMBERS / 2 + 1, members: Array.from({ length: MEMBERS }, (_, m) => ({ slack: member(m), name: `委員${m}`, chair: m === 0 })) },
});
const { FakeSlack } = await import("../test/helpers/fake-slack");
const { createSlackPort } = await import("../src/platforms/slack/client");
const fake = await new FakeSlack().start();
const env0 = parseEnv({ DATABASE_URL: url, LOG_LEVEL: "silent", SLACK_BOT_TOKEN: "xoxb-x", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: fake.url });
const core = await buildCore(env0, createLogger("silent"), { skipMigrations: true, org });
// the card updates go out as in the bot: Slack's port (against a fake Slack here) at Slack's pace
core.dispatcher.register(createSlackPort(env0), env0.SLACK_CHANNEL_PACE_MS);
core.dispatcher.start(5000);
const rounds: string[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const p = await core.workflow.submitProposal(
    { company: { name: `株式会社ベンチ${i}`, contactName: "山田", email: "y@example.jp" }, title: `提案${i}`, summary: "費用負担のある提案", fields: ["education"], pattern: "co_hosting", costToCity: true },
    { platform: "api", userId: "bench" },
  );
  const routing = (await core.store.read.routings.listByProposal(p.id))[0];
  await core.workflow.takeUp(routing.id, { opinion: "妥当" }, { platform: "slack", userId: "U0EDU", channelId: "C0EDU" });
  rounds.push((await core.store.read.rounds.listByProposal(p.id))[0].id);
}
// approve and reject alternate, so that no round reaches a majority and closes
let n = 0;
const t0 = performance.now();
for (const round of rounds) {
  for (let m = 0; m < MEMBERS; m++) {
    const actionId = m % 2 ? "review.reject" : "review.approve";
    const actor = { platform: "slack" as const, userId: member(m), channelId: "C0BOARD" };
    const key = `bench:${round}:${m}`;
    await acceptInteraction(core.workflow, key, { kind: "action", actionId, value: round, actor });
    await processInteraction(core.workflow, key, () => performAction(core.workflow, actionId, round, actor));
    n++;
  }
}
const seconds = (performance.now() - t0) / 1000;
const votes = (await Promise.all(rounds.map((r) => core.store.read.votes.listByRound(r)))).flat().length;
if (votes !== n) throw new Error(`${n} votes sent, ${votes} stored`);
console.log(`votes fully applied (accepted, then applied), one at a time: ${(n / seconds).toFixed(0)}/s, ${((seconds * 1000) / n).toFixed(2)} ms each   (target ≥ 500/s)`);
core.dispatcher.stop();
await core.dispatcher.idle();
await core.store.close();
await fake.stop();
rmSync(dir, { recursive: true, force: true });
