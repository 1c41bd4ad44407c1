/** A department (or the window) sends a proposal to the review board, with its opinion: a new round. */
import { z } from "zod";
import { says } from "../../i18n";
import { ACTIONS, type Actor } from "../../ports/chat";
import { commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { parseInput } from "../kernel/parse-input";
import { authorize } from "../permissions";
import { refreshProposalMessages } from "../proposals/refresh-messages";
import { openRoundTx } from "./round";

export const opinionSchema = z.object({ opinion: z.string().trim().min(1, says("schema.required")).max(3000, says("schema.maxChars", 3000)) });

/** The owning department (or the window) sends a proposal to the board, with the department's opinion. */
export async function sendToBoard(ctx: AppContext, proposalId: string, input: unknown, actor: Actor): Promise<{ roundId: string }> {
  const { opinion } = parseInput(opinionSchema, input);
  await authorize(ctx, actor, ACTIONS.toBoard, proposalId);
  return commit(ctx, async (r) => {
    const round = await openRoundTx(ctx, r, proposalId, actor, opinion);
    await refreshProposalMessages(ctx, r, proposalId);
    return { roundId: round.id };
  });
}
