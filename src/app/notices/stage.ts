/** A proposal moved to another stage its company sees: the company hears so (what its status page says, nothing internal). */
import { formatProposalNumber, publicStage, type ProposalStatus } from "../../domain/proposal";
import type { ProposalRecord, Repos } from "../../ports/store";
import type { AppContext } from "../kernel/context";
import { mailLocale, queueMail } from "./queue";

/**
 * Called by the use cases that change a proposal's status, after the change, in their transaction. A
 * step back (sent back to the window, rerouted) is internal: only a new stage forward is mailed, once.
 */
export async function noteStage(ctx: AppContext, r: Repos, before: ProposalRecord, status: ProposalStatus, concludedAs?: "agreement" | "no_agreement"): Promise<void> {
  const from = publicStage(before.status);
  const to = publicStage(status);
  if (from === to || to === "received") return;
  await queueMail(ctx, r, `stage-${before.id}-${to}`, before.email, mailLocale(ctx, before.locale), {
    kind: "stage",
    proposal: formatProposalNumber(before.number),
    stage: to,
    outcome: status === "approved" || status === "rejected" || status === "withdrawn" ? status : null,
    concludedAs: to === "concluded" ? (concludedAs ?? "agreement") : null,
  });
}
