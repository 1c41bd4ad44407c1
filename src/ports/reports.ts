/**
 * The planning division's figures, as the query layer hands them to src/app/reports: per fiscal year,
 * facts already aggregated where SQL can (counts by department), and one row per proposal received in
 * the year where the figure needs a distribution (medians, percentiles). Departments, fields and patterns
 * are the ones stored on the rows when the event happened.
 */

/** A fiscal year (April–March, Tokyo) and the instant its figures are taken at. */
export interface YearWindow {
  fiscalYear: number;
  /** 1 April 00:00 Tokyo */
  from: Date;
  /** the next 1 April 00:00 Tokyo (exclusive) */
  to: Date;
  /** the end of the year, or now for the year in progress */
  asOf: Date;
  /** the calendar day (Tokyo) of `asOf` (the last day of the year for a finished year) */
  asOfDay: string;
  /** `asOf` six months earlier (a proposal received before it and still undecided is "stale") */
  staleBefore: Date;
  /** fiscal years whose cumulative partner count is shown (ending with this one) */
  partnerYears: number[];
}

export type Outcome = "in_progress" | "agreement" | "no_agreement" | "declined" | "withdrawn";

export interface ProposalFact {
  id: string;
  createdAt: Date;
  source: string;
  challengeId: string | null;
  fields: string[];
  pattern: string;
  /** the department that took it up (null: nobody yet) */
  department: string | null;
  takenAt: Date | null;
  /** the decision as of `asOf` */
  outcome: Outcome;
  decidedAt: Date | null;
  /** milliseconds at the board (every round, open ones until `asOf`) */
  boardMs: number;
}

export interface CountByDepartment {
  department: string | null;
  count: number;
}

export interface RoundFact {
  department: string | null;
  /** open | approved | rejected | changes_requested | no_decision, as of `asOf` */
  state: string;
  count: number;
}

export interface AgreementFact {
  department: string;
  pattern: string;
  /** window: through the window; own: a department's own partnership */
  origin: string;
  /** agreements (kind agreement) concluded in the year, renewals included */
  concluded: number;
  /** initiatives recorded without an agreement in the year */
  noAgreement: number;
  /** running on the last day (or today) */
  active: number;
  ending30: number;
  ending90: number;
  /** whose end date fell in the year (and has passed) */
  ended: number;
  /** concluded in the year as the successor of an earlier agreement */
  renewed: number;
}

export interface StatusReportFact {
  department: string;
  /** follow-up requests that fell due in the year */
  due: number;
  /** reports received in the year */
  received: number;
  /** requests chased because no report came in time */
  overdue: number;
  /** 効果額: the sum of the estimated amounts of the year's reports (yen) */
  amount: number;
  /** reports that gave an amount */
  amountReports: number;
}

export interface ChallengeFact {
  number: number;
  kind: string;
  title: string;
  department: string;
  deadline: string;
  answers: number;
}

export interface UnitName {
  kind: "department" | "field";
  code: string;
  ja: string;
  en: string;
  seenAt: Date;
}

export interface YearFacts {
  proposals: ProposalFact[];
  stale: CountByDepartment[];
  rounds: RoundFact[];
  agreements: AgreementFact[];
  reports: StatusReportFact[];
  challenges: ChallengeFact[];
  /** cumulative partner companies at the end of each of `partnerYears` (all departments, or `department`'s) */
  partners: Array<{ fiscalYear: number; companies: number }>;
}

export interface ReportsQuery {
  /** the year's facts; `department` narrows the partner count (the rest is narrowed by the caller) */
  year(w: YearWindow, department?: string): Promise<YearFacts>;
  /** the fiscal years that hold any proposal or agreement (Tokyo), oldest first */
  years(): Promise<number[]>;
  /** names of departments and fields as first seen; the history grows, never rewritten */
  names(): Promise<UnitName[]>;
  recordNames(names: Array<Omit<UnitName, "seenAt">>, at: Date): Promise<void>;
  saveImage(id: string, png: Uint8Array): Promise<void>;
  image(id: string): Promise<Uint8Array | null>;
}
