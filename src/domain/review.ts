/** 連携事業審査会: votes, quorum, recusal and when a round is decided. */

export const VOTE_CHOICES = ["approve", "reject", "changes", "recuse"] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export type Decision = "approved" | "rejected" | "changes_requested";
export type RoundState = "open" | Decision | "no_decision";

const DECISION_OF: Record<Exclude<VoteChoice, "recuse">, Decision> = {
  approve: "approved",
  reject: "rejected",
  changes: "changes_requested",
};

export interface Tally {
  approve: number;
  reject: number;
  changes: number;
  recused: number;
  /** members who may still vote (not recused, not yet voted) */
  outstanding: number;
  /** votes that count toward quorum (recusals do not) */
  cast: number;
  eligible: number;
}

export function tally(memberIds: readonly string[], votes: ReadonlyArray<{ memberId: string; choice: VoteChoice }>): Tally {
  const members = new Set(memberIds);
  const t: Tally = { approve: 0, reject: 0, changes: 0, recused: 0, outstanding: 0, cast: 0, eligible: 0 };
  for (const v of votes) {
    if (!members.has(v.memberId)) continue; // a member removed from the board no longer counts
    if (v.choice === "recuse") t.recused++;
    else t[v.choice]++;
  }
  t.cast = t.approve + t.reject + t.changes;
  t.eligible = members.size - t.recused;
  t.outstanding = t.eligible - t.cast;
  return t;
}

function leader(t: Tally): { decision: Decision; count: number; runnerUp: number } | null {
  const ranked = (["approve", "reject", "changes"] as const)
    .map((c) => ({ c, n: t[c] }))
    .sort((a, b) => b.n - a.n);
  if (ranked[0].n === 0 || ranked[0].n === ranked[1].n) return null;
  return { decision: DECISION_OF[ranked[0].c], count: ranked[0].n, runnerUp: ranked[1].n };
}

/**
 * A round decides itself once the quorum has voted and the leading choice cannot be overtaken by the
 * members who have not voted yet (votes may change until the round closes, so "clear" means that).
 */
export function decideIfClear(t: Tally, quorum: number): Decision | null {
  if (t.cast < quorum) return null;
  const l = leader(t);
  if (!l) return null;
  return l.count > l.runnerUp + t.outstanding ? l.decision : null;
}

/**
 * Closing by the chair or at the deadline: the plurality of votes cast decides if the quorum voted;
 * otherwise (or on a tie) the round ends without a decision and the proposal returns to its department.
 */
export function decideAtClose(t: Tally, quorum: number): Decision | "no_decision" {
  if (t.cast < quorum) return "no_decision";
  return leader(t)?.decision ?? "no_decision";
}
