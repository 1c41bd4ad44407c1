/** Messages not delivered yet, with when they are tried next and why they were not delivered. Read-only. */
import { teamsMode } from "../../config/env";
import { tokyoIso } from "../../domain/calendar";
import { command } from "../command";

const LIST_LIMIT = 500;

export default command({
  name: "outbox list",
  options: {},
  example: "outbox list",
  async run(c) {
    const { t, io } = c;
    const core = await c.open();
    const rows = await core.store.pending(LIST_LIMIT);
    const lanes = await core.store.laneTimes();
    const now = Date.now();
    // with Teams off nothing ever tries them: the platform gave no reason, so say why they wait
    const teamsOff = teamsMode(c.env) === "off";
    for (const m of rows) {
      // the next try is the later of the message's own time and its channel's (pace, Retry-After, backoff)
      const next = Math.max(m.nextAttemptAt.getTime(), lanes.get(`${m.platform}:${m.channel}`)?.getTime() ?? 0);
      const reason = m.platform === "teams" && teamsOff ? t.teamsOffReason : (m.lastError ?? "");
      // a message set aside for good (a mail server's 5xx) waits for `outbox retry`, not for a date
      const when = next <= now ? t.due : next - now > 10 * 365 * 86_400_000 ? t.setAside : tokyoIso(new Date(next));
      io.out([m.platform, m.channel, m.key, t.attempts(m.attempts), t.nextAt(when), reason].join("\t"));
    }
    io.out(t.undelivered(await core.store.pendingCount()));
    return 0;
  },
});
