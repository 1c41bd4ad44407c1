/**
 * Issue 24: "a crash repeats at most the mail in flight". A real bot process sends three receipts; the
 * relay reads one of them and never answers; the process is killed with `kill -9` there and another
 * started on the same database: the two sent are not sent again, the one in flight goes out once more.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDb } from "../../src/db/open";
import { removeDatabase, tempDatabaseUrl } from "../helpers/db";
import { FakeSlack } from "../helpers/fake-slack";
import { INTAKE_TOKEN, proposalBody } from "../helpers/harness";
import { childEnv, startServer, type ServerProcess } from "../helpers/server-process";
import { TestSmtp } from "../helpers/smtp";

let fake: FakeSlack;
let smtp: TestSmtp;
let url: string;
const servers: ServerProcess[] = [];

beforeEach(async () => {
  fake = await new FakeSlack().start();
  smtp = await new TestSmtp().start();
  url = tempDatabaseUrl();
});
afterEach(async () => {
  for (const s of servers) s.kill("SIGKILL");
  await Promise.all(servers.map((s) => s.exited));
  servers.length = 0;
  await smtp.stop().catch(() => undefined);
  await fake.stop();
  await removeDatabase(url);
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("a bot killed while a mail is in flight: after a restart that mail goes out again, and only that one", async () => {
  const env = childEnv(url, fake.url, {
    SMTP_URL: smtp.url,
    MAIL_FROM: "partners@city.example.jp",
    PUBLIC_BASE_URL: "https://desk.example.jp",
    // the held send must still be under way when the process is killed; its lease then runs out in ~11 s
    MAIL_TIMEOUT_MS: "2000",
  });
  const inFlight = "inflight@example.co.jp";
  smtp.hold = (to) => to.includes(inFlight);
  const first = await startServer(env);
  servers.push(first);
  const addresses = ["sent-1@example.co.jp", "sent-2@example.co.jp", inFlight];
  for (const email of addresses) {
    const res = await fetch(`${first.url}/api/proposals`, {
      method: "POST",
      headers: { authorization: `Bearer ${INTAKE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(proposalBody({ company: { ...proposalBody().company, email } })),
    });
    expect(res.status).toBe(201);
  }
  await until(() => smtp.to(addresses[0]).length === 1 && smtp.to(addresses[1]).length === 1 && smtp.data.some((d) => d.includes(inFlight)), 15_000, "two sent and one in flight");
  // Each address is its own lane, so mails go out side by side: the relay keeps a mail before the bot hears
  // its 250 and records it. Until the bot has recorded the two, they are in flight as well and a kill may
  // repeat them (as the contract allows); kill only once the two are recorded as sent.
  const db = await openDb(url);
  try {
    await until(
      async () => (await db.outboundMessage.count({ where: { platform: "mail", channel: { in: addresses.slice(0, 2) }, pending: false, sentAt: { not: null } } })) === 2,
      15_000,
      "the two sent recorded as sent",
    );
  } finally {
    await db.$disconnect();
  }
  first.kill("SIGKILL");
  await first.exited;

  smtp.hold = () => false;
  const second = await startServer(env);
  servers.push(second);
  await until(() => smtp.to(inFlight).length === 1, 40_000, "the mail in flight sent again");
  // a while longer: nothing else is repeated
  await new Promise((r) => setTimeout(r, 2_000));
  expect(smtp.to(addresses[0])).toHaveLength(1);
  expect(smtp.to(addresses[1])).toHaveLength(1);
  expect(smtp.to(inFlight)).toHaveLength(1);
  // the relay read the one in flight twice (once unanswered), the others once
  const reads = (a: string) => smtp.data.filter((d) => d.includes(a)).length;
  expect(reads(inFlight)).toBe(2);
  expect(reads(addresses[0])).toBe(1);
  expect(reads(addresses[1])).toBe(1);
}, 90_000);
