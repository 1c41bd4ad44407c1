/**
 * Votes fully applied per second on one process (npm run bench:votes): the use case a board-vote click
 * runs once it is accepted (authorised, recorded, audited, the round's card update queued, the
 * interaction marked done, in one transaction), on SQLite, one after another, without HTTP, with the outbox
 * dispatcher delivering the card updates to a fake Slack at Slack's pace as the bot does. Target ≥ 500/s.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acceptInteraction, processInteraction } from "../src/app/inbox/inbox";
import { performAction } from "../src/app/interactions";
import { parseEnv } from "../src/config/env";
import { parseOrg } from "../src/config/org";
import { buildCore } from "../src/core";
import { migrate } from "../src/db/migrate";
import { createLogger } from "../src/logger";
import { boardOrg, MEMBERS, member, openRounds } from "./board";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

const dir = mkdtempSync(join(tmpdir(), "partner-bench-votes-"));
const url = `file:${join(dir, "votes.db")}`;
await migrate(url);
const org = parseOrg(boardOrg());
const { FakeSlack } = await import("../test/helpers/fake-slack");
const { createSlackPort } = await import("../src/platforms/slack/client");
const fake = await new FakeSlack().start();
const env0 = parseEnv({ DATABASE_URL: url, LOG_LEVEL: "silent", SLACK_BOT_TOKEN: "xoxb-x", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: fake.url });
const core = await buildCore(env0, createLogger("silent"), { skipMigrations: true, org });
// the card updates go out as in the bot: Slack's port (against a fake Slack here) at Slack's pace
core.dispatcher.register(createSlackPort(env0), env0.SLACK_CHANNEL_PACE_MS);
core.dispatcher.start(5000);
const rounds = await openRounds(core, ROUNDS);
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
