/** Calls as companies see them on the desk, and the open call a proposal answers. */
import { tokyoDate } from "../../domain/calendar";
import { formatChallengeNumber, isOpen, parseChallengeNumber, type ChallengeChange } from "../../domain/challenge";
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
  /** open, closed (its deadline passed), or withdrawn by the city */
  state: "open" | "closed" | "withdrawn";
  /** the latest change staff made to it, and its day in Tokyo (YYYY-MM-DD); withdrawn: the day it was */
  change: { kind: ChallengeChange; on: string } | null;
}

function publicView(c: ChallengeRecord, now: Date): PublicChallenge {
  const open = isOpen(c, now);
  const changedAt = c.state === "withdrawn" ? (c.withdrawnAt ?? c.changedAt) : c.changedAt;
  const kind = c.state === "withdrawn" ? "withdrawn" : c.changeKind;
  return {
    number: formatChallengeNumber(c.number),
    kind: c.kind,
    title: c.title,
    description: c.description,
    department: c.departmentCode,
    deadline: c.deadline,
    open,
    state: open ? "open" : c.state === "withdrawn" ? "withdrawn" : "closed",
    change: changedAt && kind ? { kind, on: tokyoDate(changedAt) } : null,
  };
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
