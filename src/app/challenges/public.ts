/** Calls as companies see them on the desk, and the open call a proposal answers. */
import { formatChallengeNumber, isOpen, parseChallengeNumber } from "../../domain/challenge";
import { invalidField } from "../../domain/errors";
import type { ChallengeRecord } from "../../ports/store";
import { type AppContext } from "../kernel/context";


/** A call as the public sees it. */
export interface PublicChallenge {
  number: string;
  kind: ChallengeRecord["kind"];
  title: string;
  description: string;
  department: string;
  deadline: string;
  open: boolean;
}

function publicView(c: ChallengeRecord, now: Date): PublicChallenge {
  return { number: formatChallengeNumber(c.number), kind: c.kind, title: c.title, description: c.description, department: c.departmentCode, deadline: c.deadline, open: isOpen(c, now) };
}

export async function publicChallenges(ctx: AppContext, limit = 100): Promise<PublicChallenge[]> {
  const now = ctx.clock.now();
  return (await ctx.store.read.challenges.listPublic(limit)).map((c) => publicView(c, now));
}

/** One call as the public sees it, by its number (C-0001), open or not; null when there is none. */
export async function publicChallenge(ctx: AppContext, ref: string): Promise<PublicChallenge | null> {
  const n = parseChallengeNumber(ref);
  const found = n === null ? null : await ctx.store.read.challenges.getByNumber(n);
  return found && publicView(found, ctx.clock.now());
}

/** The open call a proposal answers, by its number (C-0001); refused as a field error otherwise. */
export async function openChallenge(ctx: AppContext, r: { challenges: { getByNumber(n: number): Promise<ChallengeRecord | null> } }, ref: string): Promise<ChallengeRecord> {
  const n = parseChallengeNumber(ref);
  const found = n === null ? null : await r.challenges.getByNumber(n);
  if (!found) throw invalidField("challenge", "challenge.unknown");
  if (!isOpen(found, ctx.clock.now())) throw invalidField("challenge", "challenge.notOpen");
  return found;
}
