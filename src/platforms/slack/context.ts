/** What Slack listeners share: the workflow, words, and how to answer a person privately. */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import type { Workflow } from "../../app/workflow";
import { DomainError } from "../../domain/errors";
import { explain, explainIssue } from "../../i18n";
import type { Actor } from "../../ports/chat";
import type { Home } from "./identity";

export interface SlackDeps {
  /** the default municipality's (its words for refusals; the only one in single-token mode) */
  workflow: Workflow;
  /** OAuth mode: the workflow of the municipality an installation belongs to (src/app/tenants) */
  forTenant?: (tenant: string) => Workflow | undefined;
  log: Logger;
  /** the workspace and enterprise the app is installed in (auth.test), when known */
  home?: () => Home;
}

/**
 * The person behind a Slack request. `userTeam` is the workspace Slack names for that person
 * (`user.team_id` of an interaction, `user_team` of an event): a Slack Connect user of another
 * organisation is in neither the installation's team nor its enterprise, and is marked external. Until
 * auth.test has answered, the installation is the one the payload names (`fallback`).
 */
export function slackActor(userId: string, channelId?: string, userTeam?: { deps: SlackDeps; team?: string | null; fallback?: Home }): Actor {
  const actor: Actor = { platform: "slack", userId, channelId };
  const team = userTeam?.team;
  if (!team) return actor;
  const known = userTeam.deps.home?.() ?? {};
  const home = known.teamId || known.enterpriseId ? known : (userTeam.fallback ?? {});
  if (!home.teamId && !home.enterpriseId) return actor;
  if (team !== home.teamId && team !== home.enterpriseId) actor.external = true;
  return actor;
}

/**
 * The workflow a request is served by: its installation's municipality (`context.tenantId`, set by OAuth
 * mode's authorize, which refuses a workspace of no known municipality), else the default one.
 */
export function workflowOf(deps: SlackDeps, context: Record<string, unknown>): Workflow {
  const tenant = typeof context.tenantId === "string" ? context.tenantId : undefined;
  if (!tenant || !deps.forTenant) return deps.workflow;
  const wf = deps.forTenant(tenant);
  // never another municipality's: a request whose municipality is unknown here is not served
  if (!wf) throw new Error(`slack request of municipality ${tenant}, unknown to this process`);
  return wf;
}

/** The words a person sees when the core refused or failed. */
export function errorText(deps: SlackDeps, e: unknown): string {
  const t = deps.workflow.ctx.t;
  if (e instanceof DomainError) {
    if (e.code === "forbidden") return t.errors.forbidden;
    if (e.code === "not_found") return t.errors.notFound;
    const detail = e.issues.map((i) => `${i.path}: ${explainIssue(t, i)}`).join("\n");
    return detail ? `${explain(t, e)}\n${detail}` : explain(t, e);
  }
  deps.log.error({ err: e }, "slack listener failed");
  return t.errors.generic;
}

/** Tells one person something only they see (refusals, confirmations). */
export async function tellPrivately(client: WebClient, deps: SlackDeps, channel: string | undefined, user: string, text: string): Promise<void> {
  try {
    if (channel) await client.chat.postEphemeral({ channel, user, text });
    else await client.chat.postMessage({ channel: user, text });
  } catch (e) {
    deps.log.warn({ err: (e as Error).message }, "could not send a private reply");
  }
}
