/**
 * Starts a survey round (調査) as the window would from chat: each department's channel gets the list of
 * its own partnerships and disaster agreements to confirm. The messages go out through the outbox (the
 * running bot delivers them).
 */
import { userInfo } from "node:os";
import { slackEnabled } from "../../config/env";
import { DomainError } from "../../domain/errors";
import { explain } from "../../i18n";
import { createSlackPort } from "../../platforms/slack/client";
import { command } from "../command";

export default command({
  name: "survey start",
  options: { deadline: { type: "string" } },
  example: "survey start --deadline 2027-07-31",
  async run(c) {
    const { io, env } = c;
    const core = await c.open();
    try {
      const deadline = c.str("deadline");
      const res = await core.workflow.startSurvey(deadline ? { deadline } : {}, { platform: "cli", userId: userInfo().username || "operator" });
      io.out(c.m.survey.started(res.number, c.m.date(res.deadline), res.departments));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      io.err(explain(c.m, e));
      return 1;
    }
    if (slackEnabled(env)) {
      core.dispatcher.register(createSlackPort(env, core.store), env.SLACK_CHANNEL_PACE_MS);
      await core.dispatcher.drain(30_000);
    }
    return 0;
  },
});
