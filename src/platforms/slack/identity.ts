/**
 * Who the bot is on Slack (its bot and user ids, from auth.test), asked once and remembered. Bolt wants
 * them for every request (to ignore the bot's own events); given only a token, and with its start-up
 * check off, Bolt 5 calls auth.test again for every request: a Web API call per click, and a click that
 * waits on Slack's API before it can be acknowledged. While Slack cannot say (at start, an outage),
 * requests go on without the ids and it is asked again at most every RETRY_MS.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import { slackFailure, slackFailureAdvice } from "./failure";

const RETRY_MS = 30_000;

export interface BotIdentity {
  botId?: string;
  botUserId?: string;
}

/** The workspace (and Enterprise Grid organisation) the app is installed in. */
export interface Home {
  teamId?: string;
  enterpriseId?: string;
}

export class SlackIdentity {
  private known?: BotIdentity;
  private home: Home = {};
  private asking?: Promise<BotIdentity | undefined>;
  private lastTry = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
  ) {}

  /** What is known now; starts asking Slack when nothing is and the last try is long enough ago. */
  current(): BotIdentity {
    if (!this.known && !this.asking && Date.now() - this.lastTry >= RETRY_MS) void this.ask();
    return this.known ?? {};
  }

  /** The installation's team and enterprise, once auth.test has answered. */
  installation(): Home {
    return this.home;
  }

  /** Asks Slack now (the start-up token check); undefined when Slack refused or did not answer. */
  ask(): Promise<BotIdentity | undefined> {
    this.lastTry = Date.now();
    this.asking ??= this.client.auth.test().then(
      (r) => {
        this.known = { botId: r.bot_id, botUserId: r.user_id };
        this.home = { teamId: r.team_id, enterpriseId: r.enterprise_id };
        this.log.info({ team: r.team_id, botUser: r.user_id }, "slack token accepted");
        return this.known;
      },
      (e) => {
        // say which it was: a refused token and an unreachable Slack need different fixes
        this.log.error({ err: (e as Error).message }, `slack token check failed: ${slackFailureAdvice(slackFailure(e))} (messages stay pending until Slack accepts them)`);
        return undefined;
      },
    ).finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }
}
