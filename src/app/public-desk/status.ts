/** A company's own proposal, seen through its private status link: its stage on its own path, nothing internal (no opinions, votes, people). */
import { createHash, randomBytes } from "node:crypto";
import { tokyoDate } from "../../domain/calendar";
import { formatChallengeNumber } from "../../domain/challenge";
import { notFound } from "../../domain/errors";
import { formatProposalNumber, PUBLIC_STAGES, publicStage, type PublicStage } from "../../domain/proposal";
import type { AppContext } from "../kernel/context";


/** A new private status link's token (192 random bits) and the hash that is stored. */
export function newStatusToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: statusTokenHash(token) };
}

export function statusTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface PublicStatus {
  number: string;
  title: string;
  receivedOn: string;
  stage: PublicStage;
  /** the stages of this proposal's own path: the board's two only when it goes (or went) to the board */
  steps: PublicStage[];
  /** at "decided": what the board decided */
  outcome: "approved" | "rejected" | "withdrawn" | null;
  /** at "concluded": an agreement, or going ahead by mutual consent without one */
  concludedAs: "agreement" | "no_agreement" | null;
  challenge: string | null;
}

export async function publicStatus(ctx: AppContext, token: string): Promise<PublicStatus> {
  const r = ctx.store.read;
  const p = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await r.proposals.getByStatusTokenHash(statusTokenHash(token)) : null;
  if (!p) throw notFound();
  // (no company name: the directory's record may carry a name someone else typed first)
  const [rounds, agreements, challenge] = await Promise.all([
    r.rounds.listByProposal(p.id),
    p.status === "concluded" ? r.agreements.listByProposal(p.id) : Promise.resolve([]),
    p.challengeId ? r.challenges.get(p.challengeId) : Promise.resolve(null),
  ]);
  const stage = publicStage(p.status);
  const board = p.costToCity || rounds.length > 0;
  // after the board said no there is no "partnership started" to wait for
  // a withdrawal ends the path at its last stage (shown as decided, with the outcome beside it)
  const ended = p.status === "rejected" || p.status === "withdrawn";
  const steps = PUBLIC_STAGES.filter((s) => (board ? true : s !== "board_review" && (s !== "decided" || p.status === "withdrawn")) && !(ended && s === "concluded"));
  const concluded = agreements.find((a) => a.state !== "draft" && a.state !== "pending_exception");
  return {
    number: formatProposalNumber(p.number),
    title: p.title,
    receivedOn: tokyoDate(p.createdAt),
    stage,
    steps,
    outcome: p.status === "approved" ? "approved" : p.status === "rejected" ? "rejected" : p.status === "withdrawn" ? "withdrawn" : null,
    concludedAs: stage === "concluded" ? (concluded?.kind ?? "agreement") : null,
    challenge: challenge ? formatChallengeNumber(challenge.number) : null,
  };
}
