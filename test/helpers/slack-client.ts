/** Sends requests to the app the way Slack does: signed, form-encoded, real payload shapes. */
import { createHmac } from "node:crypto";

export const SIGNING_SECRET = "test-signing-secret-0123456789";
export const TEAM = { id: "T0CITY", domain: "minato-city" };

export function sign(body: string, ts = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET) {
  const sig = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  return { "x-slack-signature": sig, "x-slack-request-timestamp": String(ts) };
}

export interface SendOptions {
  ts?: number;
  secret?: string;
  retryNum?: number;
  headers?: Record<string, string>;
}

export class SlackSender {
  private seq = 0;
  constructor(
    private readonly baseUrl: string,
    private readonly responseUrlBase: string,
  ) {}

  async raw(body: string, contentType: string, opts: SendOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { "content-type": contentType, ...sign(body, opts.ts, opts.secret), ...opts.headers };
    if (opts.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(opts.retryNum);
      headers["x-slack-retry-reason"] = "http_timeout";
    }
    return fetch(`${this.baseUrl}/slack/events`, { method: "POST", headers, body });
  }

  command(user: string, channel: string, text: string, opts: SendOptions = {}): Promise<Response> {
    const n = ++this.seq;
    const body = new URLSearchParams({
      token: "legacy-verification-token",
      team_id: TEAM.id,
      team_domain: TEAM.domain,
      channel_id: channel,
      channel_name: "partner",
      user_id: user,
      user_name: user.toLowerCase(),
      command: "/partner",
      text,
      api_app_id: "A0PARTNER",
      is_enterprise_install: "false",
      response_url: `${this.responseUrlBase}response/${n}`,
      trigger_id: `trigger.${n}`,
    }).toString();
    return this.raw(body, "application/x-www-form-urlencoded", opts);
  }

  /** A block_actions payload for a button in a message the bot posted. */
  blockAction(user: string, channel: string, messageTs: string, action: { action_id: string; value: string }, opts: SendOptions & { actionTs?: string; userTeam?: string; team?: { id: string; domain: string } } = {}) {
    const n = ++this.seq;
    const payload = {
      type: "block_actions",
      // userTeam: the workspace of a Slack Connect user of another organisation
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: opts.userTeam ?? (opts.team ?? TEAM).id },
      api_app_id: "A0PARTNER",
      token: "legacy-verification-token",
      container: { type: "message", message_ts: messageTs, channel_id: channel, is_ephemeral: false },
      trigger_id: `trigger.${n}`,
      // team: another workspace (OAuth mode, another municipality's installation)
      team: opts.team ?? TEAM,
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channel, name: "partner" },
      message: { type: "message", user: "U0BOT", ts: messageTs, bot_id: "B0BOT", text: "" },
      state: { values: {} },
      response_url: `${this.responseUrlBase}response/${n}`,
      actions: [
        {
          action_id: action.action_id,
          block_id: "actions-0",
          text: { type: "plain_text", text: "button", emoji: true },
          value: action.value,
          type: "button",
          action_ts: opts.actionTs ?? `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, "0")}`,
        },
      ],
    };
    return this.raw(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded", opts);
  }

  /** A view_submission payload for a modal the bot opened (its `view` as sent to views.open). */
  viewSubmission(user: string, view: any, values: Record<string, Record<string, unknown>>, opts: SendOptions & { hash?: string; viewId?: string; userTeam?: string } = {}) {
    const n = ++this.seq;
    const payload = {
      type: "view_submission",
      team: TEAM,
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: opts.userTeam ?? TEAM.id },
      api_app_id: "A0PARTNER",
      token: "legacy-verification-token",
      trigger_id: `trigger.${n}`,
      view: {
        id: opts.viewId ?? `V${n}`,
        team_id: TEAM.id,
        type: "modal",
        blocks: view.blocks,
        private_metadata: view.private_metadata ?? "",
        callback_id: view.callback_id,
        state: { values },
        hash: opts.hash ?? `hash.${n}`,
        title: view.title,
        close: view.close,
        submit: view.submit,
        previous_view_id: null,
        root_view_id: `V${n}`,
        app_id: "A0PARTNER",
        external_id: "",
        app_installed_team_id: TEAM.id,
        bot_id: "B0BOT",
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    return this.raw(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded", opts);
  }

  event(event: Record<string, unknown>, opts: SendOptions & { eventId?: string } = {}) {
    const n = ++this.seq;
    const body = JSON.stringify({
      token: "legacy-verification-token",
      team_id: TEAM.id,
      api_app_id: "A0PARTNER",
      event,
      type: "event_callback",
      event_id: opts.eventId ?? `Ev${n}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM.id, user_id: "U0BOT", is_bot: true }],
    });
    return this.raw(body, "application/json", opts);
  }
}

/** Input-block values as Slack puts them in view.state.values. */
export const input = {
  text: (v: string) => ({ type: "plain_text_input", value: v }),
  email: (v: string) => ({ type: "email_text_input", value: v }),
  date: (v: string | null) => ({ type: "datepicker", selected_date: v }),
  select: (v: string | null) => ({ type: "static_select", selected_option: v ? { value: v, text: { type: "plain_text", text: v } } : null }),
  multi: (vs: string[]) => ({ type: "multi_static_select", selected_options: vs.map((v) => ({ value: v, text: { type: "plain_text", text: v } })) }),
  check: (on: boolean) => ({ type: "checkboxes", selected_options: on ? [{ value: "yes", text: { type: "plain_text", text: "yes" } }] : [] }),
};

export function stateFor(fields: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { [k]: v }]));
}
