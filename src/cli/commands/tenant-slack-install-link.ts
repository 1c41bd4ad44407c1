/**
 * Issues a Slack install link for a municipality (OAuth mode): the only way a workspace becomes one of
 * the city's tenants. The link is signed with a key derived from SLACK_STATE_SECRET (the running bot
 * checks it), expires, and is used up by the installation it leads to. Issuing it is audited.
 */
import { userInfo } from "node:os";
import { slackOAuth } from "../../config/env";
import { installUrl, issueInstallLink, TENANT_SLUG } from "../../platforms/slack/install-link";
import { command, UsageError } from "../command";

const MAX_HOURS = 168;

export default command({
  name: "tenant slack-install-link",
  options: { hours: { type: "string" } },
  args: 1,
  example: "tenant slack-install-link minato --hours 48",
  async run(c) {
    const w = c.t.slackLink;
    const tenant = c.args[0];
    if (!tenant) throw new UsageError(w.needSlug);
    if (!TENANT_SLUG.test(tenant)) throw new UsageError(w.badSlug(tenant));
    const raw = c.str("hours") ?? "24";
    const hours = Number(raw);
    if (!/^\d+$/.test(raw) || hours < 1 || hours > MAX_HOURS) throw new UsageError(w.badHours(raw));
    if (!slackOAuth(c.env)) {
      c.io.err(w.notOAuth);
      return 1;
    }
    const core = await c.open();
    // a door only to a municipality the deployment has (tenant add), or the config file's own
    if (tenant !== "default" && !(await core.store.municipalities.get(tenant))) {
      c.io.err(c.t.tenant.unknown(tenant));
      return 1;
    }
    const now = core.clock.now();
    const { token, link } = issueInstallLink(c.env.SLACK_STATE_SECRET!, tenant, now, hours * 3_600_000);
    const operator = userInfo().username || "operator";
    // who handed out a door to which municipality, until when (never the link itself)
    await core.store.tx((r) => r.audit.add({ actor: `cli:${operator}`, platform: "cli", action: "slack.install_link.issued", subjectType: "tenant", subjectId: tenant, data: { expiresAt: link.expiresAt.toISOString() } }));
    // the office reads Tokyo time (UTC+9, no daylight saving)
    const until = `${new Date(link.expiresAt.getTime() + 9 * 3_600_000).toISOString().slice(0, 16).replace("T", " ")} JST`;
    c.io.out(w.issued(tenant, until));
    if (c.env.PUBLIC_BASE_URL) c.io.out(installUrl(c.env.PUBLIC_BASE_URL, token));
    else {
      c.io.out(installUrl("", token));
      c.io.err(w.noBaseUrl);
    }
    return 0;
  },
});
