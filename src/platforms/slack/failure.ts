/**
 * Why a Slack Web API call failed, as an operator must act on it: the token (Slack answered and refused
 * it), the network (Slack never answered: firewall, proxy, DNS, time limit), or HTTP (a proxy or Slack
 * answered with an error status). "Check SLACK_BOT_TOKEN" after a network failure sends people the wrong way.
 */
export type SlackFailure = { kind: "token"; error: string } | { kind: "network"; message: string } | { kind: "http"; status: string } | { kind: "other"; message: string };

const TOKEN_ERRORS = new Set(["invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission", "missing_scope", "not_allowed_token_type"]);

export function slackFailure(e: unknown): SlackFailure {
  const err = e as { code?: string; data?: { error?: string }; statusCode?: number; message?: string; original?: { name?: string; message?: string; cause?: { code?: string; message?: string } } };
  if (err.code === "slack_webapi_platform_error") {
    const error = err.data?.error ?? "unknown";
    return TOKEN_ERRORS.has(error) ? { kind: "token", error } : { kind: "other", message: error };
  }
  // fetch says "fetch failed" with the socket's error as its cause (ECONNREFUSED, ENOTFOUND, …)
  if (err.code === "slack_webapi_request_error") return { kind: "network", message: err.original?.name === "TimeoutError" ? "timeout" : (err.original?.cause?.code ?? err.original?.cause?.message ?? err.original?.message ?? err.message ?? "") };
  if (err.code === "slack_webapi_http_error") return { kind: "http", status: String(err.statusCode ?? "?") };
  return { kind: "other", message: err.message ?? String(e) };
}

/** One log line's worth: what failed and what to check. */
export function slackFailureAdvice(f: SlackFailure): string {
  switch (f.kind) {
    case "token":
      return `Slack refused the token (${f.error}): check SLACK_BOT_TOKEN`;
    case "network":
      return `Slack did not answer (${f.message}): a network failure, not the token; check outbound access to slack.com:443 (the Slack client connects directly: Node 20's fetch does not go through HTTPS_PROXY)`;
    case "http":
      return `the Slack Web API answered HTTP ${f.status}: check the proxy and status.slack.com`;
    default:
      return `Slack answered ${f.message}`;
  }
}
