/**
 * The use cases, bound to one context and wired to each other. Platforms (Slack, Teams, HTTP, CLI)
 * receive this object and nothing else from the core.
 */
import type { Actor } from "../ports/chat";
import type { AppContext } from "./context";
import { searchCompanies } from "./companies";
import { proposalView } from "./queries";
import { reroute, sendBack, takeUp } from "./routing";
import { submitProposal } from "./submit-proposal";

export function createWorkflow(ctx: AppContext) {
  return {
    ctx,
    submitProposal: (input: unknown, actor: Actor, idempotencyKey?: string) => submitProposal(ctx, input, actor, idempotencyKey),
    takeUp: (routingId: string, actor: Actor) => takeUp(ctx, routingId, actor),
    sendBack: (routingId: string, input: unknown, actor: Actor) => sendBack(ctx, routingId, input, actor),
    reroute: (proposalId: string, input: unknown, actor: Actor) => reroute(ctx, proposalId, input, actor),
    proposalView: (id: string) => proposalView(ctx, id),
    searchCompanies: (query: string) => searchCompanies(ctx, query),
    /** claims a delivery key (platform retries, double clicks); false when it was seen before */
    claimDelivery: (key: string) => ctx.store.tx((r) => r.keys.claim(key)),
    releaseDelivery: (key: string) => ctx.store.tx((r) => r.keys.release(key)),
  };
}

export type Workflow = ReturnType<typeof createWorkflow>;
