/** 連携提案: the patterns of policy §5 and the life of a proposal. */
import { conflict } from "./errors";

/** §5: (1) 事業の共同主催, (2) 先端技術の実証実験, (3) その他効果的な連携 */
export const PATTERNS = ["co_hosting", "tech_trial", "other"] as const;
export type Pattern = (typeof PATTERNS)[number];

export const PROPOSAL_STATUSES = [
  // 振り分け済み、担当部署の引き受け待ち
  "routing",
  // どの部署も引き受けず、窓口が振り分け直す
  "needs_routing",
  // 担当部署が決まった
  "taken",
  // 連携事業審査会で審査中
  "in_review",
  // 審査会から差戻し
  "changes_requested",
  "approved",
  "rejected",
  // 協定締結 (or recorded as going ahead without an agreement)
  "concluded",
  // 取り下げ: the company withdrew it (the window records it)
  "withdrawn",
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const TRANSITIONS: Record<ProposalStatus, readonly ProposalStatus[]> = {
  routing: ["taken", "needs_routing", "routing", "withdrawn"],
  needs_routing: ["routing", "taken", "withdrawn"],
  taken: ["in_review", "concluded", "routing", "taken", "withdrawn"],
  // under review the board decides first (the chair may close the round): a withdrawal comes after
  in_review: ["approved", "rejected", "changes_requested", "taken"],
  changes_requested: ["in_review", "routing", "taken", "withdrawn"],
  approved: ["concluded", "in_review", "withdrawn"],
  rejected: ["in_review", "withdrawn"],
  // a renewal whose new term costs the city money goes back to the board (§5(1), §6(3)③)
  concluded: ["concluded", "in_review"],
  withdrawn: [],
};

export function canTransition(from: ProposalStatus, to: ProposalStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: ProposalStatus, to: ProposalStatus): void {
  if (!canTransition(from, to)) throw conflict("conflicts.proposalIs", [from]);
}

/** §5(1): a proposal that costs the city money must be decided by the review board. */
export function needsBoard(p: { costToCity: boolean }): boolean {
  return p.costToCity;
}

/** §5(2): in a field trial the company bears system development cost; recorded on the proposal. */
export function companyBearsDevelopmentCost(pattern: Pattern): boolean {
  return pattern === "tech_trial";
}

export function formatProposalNumber(n: number): string {
  return `P-${String(n).padStart(4, "0")}`;
}

/** "P-0001" (or "p-1") → 1; anything else → null */
export function parseProposalNumber(s: string): number | null {
  const m = /^P-(\d{1,9})$/i.exec(s.trim());
  return m ? Number(m[1]) : null;
}

/**
 * What a company may see of its proposal's life (the private status page): the stage, never who said
 * what inside the city. 受付 → 担当部署で検討 → 審査会で審査 → 決定 → 協定締結.
 */
export const PUBLIC_STAGES = ["received", "with_department", "board_review", "decided", "concluded"] as const;
export type PublicStage = (typeof PUBLIC_STAGES)[number];

export function publicStage(status: ProposalStatus): PublicStage {
  switch (status) {
    case "routing":
    case "needs_routing":
      return "received";
    case "taken":
    case "changes_requested":
      return "with_department";
    case "in_review":
      return "board_review";
    case "approved":
    case "rejected":
    case "withdrawn":
      return "decided";
    case "concluded":
      return "concluded";
  }
}
