/** 協定: the rules of policy §6(3). */
import { addDays, isIsoDate, type IsoDate } from "./calendar";
import type { FieldIssue } from "./errors";

export const AGREEMENT_KINDS = ["agreement", "no_agreement"] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const AGREEMENT_STATES = [
  "draft", // a renewal being consulted on, not yet concluded
  "pending_exception", // term over 2 years, waiting for the window to approve the exception
  "active", // concluded (or, for no_agreement, going ahead by mutual consent)
  "ended", // its end date has passed (never renewed by itself: §6(3)③)
] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

export const MAX_TERM_YEARS = 2;

/** The last day a term starting on `start` may run to: two years, the day before the anniversary. */
export function maxEndDate(start: IsoDate): IsoDate {
  const y = Number(start.slice(0, 4)) + MAX_TERM_YEARS;
  const anniversary = `${y}${start.slice(4)}`;
  // 2/29 start: the anniversary does not exist, so the term runs to 2/28.
  return isIsoDate(anniversary) ? addDays(anniversary, -1) : `${y}-02-28`;
}

export interface AgreementTerms {
  kind: AgreementKind;
  startDate: string;
  endDate?: string | null;
  exceptionReason?: string | null;
  /** must never be true: §6(3)③ forbids automatic renewal */
  autoRenew?: boolean;
}

export interface TermCheck {
  issues: FieldIssue[];
  /** the term exceeds two years and so needs the window's approval of the exception */
  needsException: boolean;
}

/** §6(3)② term at most two years in principle; §6(3)③ never renewed automatically. */
/** Codes of the term rules (words in src/i18n/agreements.ts `terms`). */
const term = (path: string, rule: string, params: Array<string> = []): FieldIssue => ({ path, reason: `agreement.terms.${rule}`, params });

export function checkTerms(t: AgreementTerms): TermCheck {
  const issues: FieldIssue[] = [];
  let needsException = false;
  if (t.autoRenew) {
    issues.push(term("autoRenew", "autoRenew"));
  }
  if (!isIsoDate(t.startDate)) issues.push(term("startDate", "startDate"));
  if (t.kind === "no_agreement") return { issues, needsException };
  if (!t.endDate) {
    issues.push(term("endDate", "endDateMissing"));
  } else if (!isIsoDate(t.endDate)) {
    issues.push(term("endDate", "endDateFormat"));
  } else if (isIsoDate(t.startDate)) {
    if (t.endDate <= t.startDate) {
      issues.push(term("endDate", "endBeforeStart"));
    } else if (t.endDate > maxEndDate(t.startDate)) {
      if (!t.exceptionReason?.trim()) {
        issues.push(term("endDate", "overTwoYears", [maxEndDate(t.startDate)]));
      } else needsException = true;
    }
  }
  return { issues, needsException };
}

export function formatAgreementNumber(n: number): string {
  return `A-${String(n).padStart(4, "0")}`;
}
