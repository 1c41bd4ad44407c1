/** A board member votes (or declares a conflict of interest); the round closes itself once its outcome can no longer change. */
import { z } from "zod";
import { says } from "../../i18n";
import { conflict } from "../../domain/errors";
import { decideIfClear, tally } from "../../domain/review";
import { ACTIONS, type Actor } from "../../ports/chat";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { authorize } from "../permissions";
import { closeRoundTx, refreshCard } from "./round";

export const voteSchema = z
  .object({ choice: z.enum(["approve", "reject", "changes", "recuse"]), comment: z.string().trim().max(3000, says("schema.maxChars", 3000)).optional() })
  .refine((v) => v.choice !== "changes" || (v.comment ?? "").length > 0, { path: ["comment"], ...says("schema.changesReason") });

export interface VoteResult {
  roundState: string;
  changed: boolean;
}

/** A board member votes (or declares a conflict of interest). One vote per member per round; it may change until the round closes. */
export async function vote(ctx: AppContext, roundId: string, input: unknown, actor: Actor): Promise<VoteResult> {
  const { choice, comment } = parseInput(voteSchema, input);
  const op = { approve: ACTIONS.voteApprove, reject: ACTIONS.voteReject, changes: ACTIONS.voteChanges, recuse: ACTIONS.voteRecuse }[choice];
  const round0 = await authorize(ctx, actor, op, roundId);
  const subject = { action: "review.vote", subjectType: "round", subjectId: round0.id, proposalId: round0.proposalId };
  const member = ctx.dir.boardMember(actor)!;
  return commit(ctx, async (r) => {
    const round = (await r.rounds.get(roundId))!;
    if (round.state !== "open") throw conflict("review.closedAlready");
    const earlier = await r.votes.listByRound(round.id);
    const before = earlier.find((v) => v.memberId === member.key);
    if (before && before.choice === choice && (before.comment ?? undefined) === comment) return { roundState: round.state, changed: false };
    const mine = await r.votes.upsert({ roundId: round.id, memberId: member.key, choice, comment: comment ?? null, platform: actor.platform });
    await audit(r, actor, { ...subject, data: { member: member.key, choice, previous: before?.choice ?? null } });
    // the round's votes now: read once above, this one put in (the transaction holds the write lock)
    const votes = [...earlier.filter((v) => v.memberId !== member.key), mine];
    const decision = decideIfClear(tally(ctx.dir.boardMembers().map((m) => m.key), votes), ctx.dir.org.board.quorum);
    if (decision) {
      await closeRoundTx(ctx, r, round, decision, "majority", actor);
      return { roundState: decision, changed: true };
    }
    await refreshCard(ctx, r, round.id, { round, votes });
    return { roundState: "open", changed: true };
  });
}
