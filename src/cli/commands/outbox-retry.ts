/**
 * Makes every undelivered message (and every channel's lane) due now: after fixing a token or a channel.
 * Many at once is a burst at the platforms, so it says how many, where, and does it only with --yes.
 */
import { command } from "../command";

/** the plan counts channels over at most this many messages (the total is always exact) */
const PLAN_LIMIT = 10_000;

export default command({
  name: "outbox retry",
  options: { yes: { type: "boolean" } },
  example: "outbox retry --yes",
  async run(c) {
    const { t, io } = c;
    const core = await c.open();
    if (c.flag("yes")) {
      io.out(t.retried(await core.store.retryAllNow(new Date())));
      return 0;
    }
    const total = await core.store.pendingCount();
    if (total === 0) {
      io.out(t.plan.nothingToRetry);
      return 0;
    }
    const perChannel = new Map<string, number>();
    for (const m of await core.store.pending(PLAN_LIMIT)) perChannel.set(`${m.platform}:${m.channel}`, (perChannel.get(`${m.platform}:${m.channel}`) ?? 0) + 1);
    io.out(t.plan.retry(total, perChannel.size));
    for (const [channel, n] of perChannel) io.out(t.plan.retryChannel(channel, n));
    io.out(t.plan.addYes);
    return 0;
  },
});
