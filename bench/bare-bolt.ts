/**
 * The yardstick of npm run bench:clicks: a bare Bolt app (the same HTTP receiver as the bot) that does a
 * vote's durable work by hand: three prepared statements (the click, the vote, the audit row) in one
 * better-sqlite3 transaction, then the acknowledgement. Run as its own process: node --import tsx
 * bench/bare-bolt.ts <port> <sqlite file>.
 */
import { App } from "@slack/bolt";
import Database from "better-sqlite3";

const [port, file] = process.argv.slice(2);
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(`CREATE TABLE IF NOT EXISTS click (key TEXT PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS vote (round TEXT NOT NULL, member TEXT NOT NULL, choice TEXT NOT NULL, PRIMARY KEY (round, member));
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL);`);
const click = db.prepare("INSERT OR IGNORE INTO click (key, payload, at) VALUES (?, ?, ?)");
const vote = db.prepare("INSERT INTO vote (round, member, choice) VALUES (?, ?, ?) ON CONFLICT (round, member) DO UPDATE SET choice = excluded.choice");
const audit = db.prepare("INSERT INTO audit (at, actor, action, subject) VALUES (?, ?, ?, ?)");
const record = db.transaction((key: string, payload: string, round: string, member: string, choice: string) => {
  const now = Date.now();
  if (click.run(key, payload, now).changes === 0) return;
  vote.run(round, member, choice);
  audit.run(now, member, "review.vote", round);
});

// no Slack Web API calls at all: the token is not checked (auth.test), the app only acknowledges
const app = new App({ signingSecret: process.env.SLACK_SIGNING_SECRET!, token: "xoxb-bare", tokenVerificationEnabled: false, botId: "B0BARE", botUserId: "U0BARE", logLevel: "error" as never, clientOptions: { slackApiUrl: "http://127.0.0.1:9/api/" } });
for (const [actionId, choice] of [["review.approve", "approve"], ["review.reject", "reject"], ["review.changes", "changes"]] as const) {
  app.action(actionId, async ({ ack, body, action }) => {
    const value = (action as { value?: string }).value ?? "";
    record(`${body.user.id}:${(action as { action_ts: string }).action_ts}`, JSON.stringify({ actionId, value }), value, body.user.id, choice);
    await ack();
  });
}
const server = (await app.start(Number(port))) as import("node:http").Server;
// as the bot's server (src/bootstrap.ts): idle connections are closed by the client, not after 5 s
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
process.send?.("ready");
