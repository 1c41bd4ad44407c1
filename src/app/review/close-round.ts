/** Closing rounds: by the chair, or at the deadline (the sweep). */
import { decideAtClose, tally } from "../../domain/review";
import { ACTIONS, SYSTEM, type Actor } from "../../ports/chat";
import { commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { authorize } from "../permissions";
import { closeRoundTx } from "./round";

/** The chair closes the round: the plurality decides if the quorum voted. */
export async function closeRound(ctx: AppContext, roundId: string, actor: Actor): Promise<{ roundState: string }> {
  await authorize(ctx, actor, ACTIONS.closeRound, roundId);
  return commit(ctx, async (r) => {
    const round = (await r.rounds.get(roundId))!;
    if (round.state !== "open") return { roundState: round.state };
    const votes = await r.votes.listByRound(round.id);
    const decision = decideAtClose(tally(ctx.dir.boardMembers().map((m) => m.key), votes), ctx.dir.org.board.quorum);
    await closeRoundTx(ctx, r, round, decision, "chair", actor);
    return { roundState: decision };
  });
}

/** Rounds past their deadline close themselves (run by the reminder sweep). */
export async function closeDueRounds(ctx: AppContext, now: Date): Promise<number> {
  const due = await ctx.store.read.rounds.listOpenDue(now);
  let closed = 0;
  for (const round0 of due) {
    try {
      await commit(ctx, async (r) => {
        const round = (await r.rounds.get(round0.id))!;
        if (round.state !== "open") return;
        const votes = await r.votes.listByRound(round.id);
        const decision = decideAtClose(tally(ctx.dir.boardMembers().map((m) => m.key), votes), ctx.dir.org.board.quorum);
        await closeRoundTx(ctx, r, round, decision, "deadline", SYSTEM);
      });
      closed++;
    } catch (e) {
      // one broken round must not stop the sweep (and every reminder behind it)
      ctx.log.error({ roundId: round0.id, err: (e as Error).message }, "could not close a round at its deadline");
    }
  }
  return closed;
}
