/**
 * The fiscal year's figures, computed once from the query layer's facts: every view (the page, chat, the
 * .xlsx and .csv files) shows these same tables, each with its one written definition (src/i18n/reports.ts).
 */
import type { Locale } from "../../i18n";
import { en, ja, type FigureId, type ReportWords } from "../../i18n/figures";
import type { Outcome, ProposalFact, UnitName, YearFacts, YearWindow } from "../../ports/reports";
import type { AppContext } from "../kernel/context";
import { NamesAt } from "./names";
import { yearWindow } from "./fiscal-year";

export type Unit = "count" | "days" | "yen" | "percent";

export interface Figure {
  id: FigureId;
  title: string;
  definition: string;
  columns: Array<{ label: string; unit: Unit }>;
  rows: Array<{ label: string; values: Array<number | null> }>;
  /** how the chart draws it: one bar per row, bars grouped per row (first columns), a line over the rows */
  chart: "bar" | "grouped" | "line";
  /** the columns the chart draws */
  chartColumns: number[];
}

export interface YearReport {
  fiscalYear: number;
  label: string;
  locale: Locale;
  asOf: Date;
  asOfDay: string;
  department: string | null;
  /** departments to filter by: those with figures this year, named as they were */
  departments: Array<{ code: string; name: string }>;
  figures: Figure[];
  /** the key figures, for chat and the page's top */
  key: {
    received: number;
    conversionRate: number | null;
    decidedMedian: number | null;
    decidedP90: number | null;
    stale: number;
    concluded: number;
    active: number;
    ending90: number;
    reportsReceived: number;
    overdue: number;
    amount: number;
    partners: number;
  };
}

export const words = (locale: Locale): ReportWords => (locale === "en" ? en : ja);

const DAY_MS = 86_400_000;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Ascending, as numbers: a typed array sorts numerically without a comparator, several times faster (a year's figures sort some 30,000 durations about twenty times). */
const ascending = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

/** The middle value (the mean of the two middle ones for an even count), in days to one decimal. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = ascending(values);
  const mid = s.length >> 1;
  return round1(s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2);
}

/** Nearest rank: the value at position ceil(p·n) of the sorted values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = ascending(values);
  return round1(s[Math.max(0, Math.ceil(p * s.length) - 1)]);
}

/** The channel a proposal came through, as the report counts it. */
export function channelOf(p: Pick<ProposalFact, "source" | "challengeId">): "desk" | "api" | "chat" | "call" {
  if (p.challengeId) return "call";
  if (p.source === "web") return "desk";
  if (p.source === "slack" || p.source === "teams") return "chat";
  return "api";
}

const OUTCOMES: Outcome[] = ["in_progress", "agreement", "no_agreement", "declined", "withdrawn"];
const ORIGINS = ["window", "own"] as const;
const ROUND_STATES = ["open", "approved", "rejected", "changes_requested", "no_decision"];
const PATTERNS = ["co_hosting", "tech_trial", "other"];
const CHANNELS = ["desk", "api", "chat", "call"];

function countBy<T>(items: readonly T[], key: (x: T) => string | string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const x of items) {
    const k = key(x);
    for (const one of Array.isArray(k) ? k : [k]) out.set(one, (out.get(one) ?? 0) + 1);
  }
  return out;
}

/** The fiscal year's report, for everyone or one department (as departments were named that year). */
export async function yearReport(ctx: AppContext, fiscalYear: number, opts: { department?: string | null; locale?: Locale } = {}): Promise<YearReport> {
  const w = yearWindow(fiscalYear, ctx.clock.now());
  const department = opts.department || null;
  const [facts, history] = await Promise.all([ctx.store.reports.year(w, department ?? undefined), ctx.store.reports.names()]);
  return buildReport(ctx, w, facts, history, department, opts.locale ?? ctx.locale ?? ctx.dir.locale);
}

export function buildReport(
  ctx: Pick<AppContext, "dir">,
  w: YearWindow,
  facts: YearFacts,
  history: readonly UnitName[],
  department: string | null,
  locale: Locale,
): YearReport {
  const t = words(locale);
  const names = new NamesAt(history, w.to, locale, (kind, code) =>
    kind === "field" ? (ctx.dir.org.fields.find((f) => f.code === code)?.name[locale] ?? code) : ctx.dir.unitName(code, locale),
  );
  const dept = (code: string | null) => (code === null ? t.unassigned : names.name("department", code));
  const mine = <T extends { department: string | null }>(xs: readonly T[]) => (department ? xs.filter((x) => x.department === department) : xs);

  const proposals = mine(facts.proposals);
  const figure = (id: FigureId, columns: Figure["columns"], rows: Figure["rows"], chart: Figure["chart"] = "bar", chartColumns = [0]): Figure => ({
    id,
    title: t.figures[id].title,
    definition: t.figures[id].definition,
    columns,
    rows,
    chart,
    chartColumns,
  });
  const count = [{ label: t.columns.count, unit: "count" as Unit }];
  const fromMap = (m: Map<string, number>, order: string[], label: (k: string) => string) =>
    [...new Set([...order, ...[...m.keys()].sort()])].map((k) => ({ label: label(k), values: [m.get(k) ?? 0] }));

  // departments that appear in the year, in the config's order first
  const codes = new Set<string>();
  for (const x of [...facts.proposals, ...facts.stale, ...facts.rounds, ...facts.agreements, ...facts.reports, ...facts.challenges]) if (x.department) codes.add(x.department);
  const configured = [ctx.dir.windowCode, ...ctx.dir.org.departments.map((d) => d.code)];
  const deptOrder = [...configured.filter((c) => codes.has(c)), ...[...codes].filter((c) => !configured.includes(c)).sort()];
  const departments = [...new Set([...deptOrder, ...configured])].map((code) => ({ code, name: dept(code) }));
  const deptRows = department ? [department] : deptOrder;

  const byChannel = countBy(proposals, (p) => channelOf(p));
  const byField = countBy(proposals, (p) => (p.fields.length ? p.fields : ["\u0000none"]));
  const byDept = countBy(proposals, (p) => p.department ?? "\u0000none");
  const byPattern = countBy(proposals, (p) => p.pattern);
  const byOutcome = countBy(proposals, (p) => p.outcome);
  const converted = (byOutcome.get("agreement") ?? 0) + (byOutcome.get("no_agreement") ?? 0);
  const rate = proposals.length ? round1((converted / proposals.length) * 100) : null;

  const challenges = department ? facts.challenges.filter((c) => c.department === department) : facts.challenges;

  const days = (a: Date, b: Date) => (b.getTime() - a.getTime()) / DAY_MS;
  const lead = (ps: readonly ProposalFact[]) => {
    const taken = ps.filter((p) => p.takenAt).map((p) => days(p.createdAt, p.takenAt!));
    // a withdrawal ends a proposal's path but is not the city's decision
    const decided = ps.filter((p) => p.decidedAt && p.outcome !== "withdrawn").map((p) => days(p.createdAt, p.decidedAt!));
    return [taken.length, median(taken), percentile(taken, 0.9), decided.length, median(decided), percentile(decided, 0.9)];
  };
  const stages = (ps: readonly ProposalFact[]) => {
    const waiting = ps.map((p) => days(p.createdAt, p.takenAt ?? w.asOf));
    const withDept = ps.filter((p) => p.takenAt).map((p) => Math.max(0, days(p.takenAt!, p.decidedAt ?? w.asOf) - p.boardMs / DAY_MS));
    const board = ps.filter((p) => p.boardMs > 0).map((p) => p.boardMs / DAY_MS);
    return [median(waiting), median(withDept), median(board)];
  };
  const proposalDepts = [...new Set(proposals.map((p) => p.department))].sort((a, b) => deptIndex(a) - deptIndex(b));
  function deptIndex(c: string | null) {
    const i = c === null ? 10_000 : deptOrder.indexOf(c);
    return i < 0 ? 9_999 : i;
  }
  const leadRows = [
    ...(department ? [] : [{ label: t.total, values: lead(proposals) }]),
    ...proposalDepts.map((d) => ({ label: dept(d), values: lead(proposals.filter((p) => p.department === d)) })),
  ];
  const stageRows = [
    ...(department ? [] : [{ label: t.total, values: stages(proposals) }]),
    ...proposalDepts.map((d) => ({ label: dept(d), values: stages(proposals.filter((p) => p.department === d)) })),
  ];

  const stale = mine(facts.stale);
  const rounds = countBy(
    mine(facts.rounds).flatMap((r) => Array(r.count).fill(r.state) as string[]),
    (s) => s,
  );

  const agreementCols = ["concluded", "renewed", "noAgreement", "active", "ending30", "ending90", "ended"] as const;
  const agreementsOf = (d: string | null) => facts.agreements.filter((a) => d === null || a.department === d);
  const sumAgreements = (d: string | null) => agreementCols.map((c) => agreementsOf(d).reduce((s, a) => s + a[c], 0));
  const agreementRows = [...(department ? [] : [{ label: t.total, values: sumAgreements(null) }]), ...deptRows.filter((d) => agreementsOf(d).length).map((d) => ({ label: dept(d), values: sumAgreements(d) }))];
  // the same counts by origin (the window's, a department's own), for the department asked about or all
  const agreementsIn = agreementsOf(department ?? null);

  const reportsOf = (d: string | null) => facts.reports.filter((r) => d === null || r.department === d);
  const sumReports = (d: string | null, cols: Array<"due" | "received" | "overdue" | "amountReports" | "amount">) => cols.map((c) => reportsOf(d).reduce((s, r) => s + r[c], 0));
  const reportDepts = deptRows.filter((d) => reportsOf(d).length);
  const reportRows = (cols: Array<"due" | "received" | "overdue" | "amountReports" | "amount">) => [
    ...(department ? [] : [{ label: t.total, values: sumReports(null, cols) }]),
    ...reportDepts.map((d) => ({ label: dept(d), values: sumReports(d, cols) })),
  ];

  const figures: Figure[] = [
    figure("byChannel", count, fromMap(byChannel, CHANNELS, (k) => t.channels[k] ?? k)),
    figure("byField", count, fromMap(byField, [], (k) => (k === "\u0000none" ? t.noField : names.name("field", k)))),
    figure("byDepartment", count, fromMap(byDept, deptOrder, (k) => (k === "\u0000none" ? t.unassigned : dept(k))).filter((r) => r.values[0])),
    figure("byPattern", count, fromMap(byPattern, PATTERNS, (k) => t.patterns[k] ?? k)),
    figure("outcomes", count, OUTCOMES.map((o) => ({ label: t.outcomes[o], values: [byOutcome.get(o) ?? 0] }))),
    figure(
      "conversion",
      [
        { label: t.columns.received, unit: "count" },
        { label: t.columns.converted, unit: "count" },
        { label: t.columns.rate, unit: "percent" },
      ],
      [{ label: department ? dept(department) : t.total, values: [proposals.length, converted, rate] }],
      "bar",
      [2],
    ),
    figure(
      "callAnswers",
      [{ label: t.columns.answers, unit: "count" }],
      challenges.map((c) => ({ label: t.callLabel(`C-${String(c.number).padStart(4, "0")}`, c.title, t.callKinds[c.kind] ?? c.kind, dept(c.department)), values: [c.answers] })),
    ),
    figure(
      "leadTimes",
      [
        { label: t.columns.takenN, unit: "count" },
        { label: t.columns.takenMedian, unit: "days" },
        { label: t.columns.takenP90, unit: "days" },
        { label: t.columns.decidedN, unit: "count" },
        { label: t.columns.decidedMedian, unit: "days" },
        { label: t.columns.decidedP90, unit: "days" },
      ],
      leadRows,
      "grouped",
      [1, 2, 4, 5],
    ),
    figure(
      "stageTimes",
      [
        { label: t.columns.waiting, unit: "days" },
        { label: t.columns.withDepartment, unit: "days" },
        { label: t.columns.atBoard, unit: "days" },
      ],
      stageRows,
      "grouped",
      [0, 1, 2],
    ),
    figure("stale", count, stale.map((s) => ({ label: dept(s.department), values: [s.count] }))),
    figure("rounds", count, ROUND_STATES.map((s) => ({ label: t.rounds[s], values: [rounds.get(s) ?? 0] }))),
    figure("agreements", agreementCols.map((c) => ({ label: t.columns[c], unit: "count" as Unit })), agreementRows, "grouped", [0, 3, 6]),
    figure(
      "agreementOrigins",
      agreementCols.map((c) => ({ label: t.columns[c], unit: "count" as Unit })),
      ORIGINS.map((o) => ({ label: t.origins[o], values: agreementCols.map((c) => agreementsIn.filter((a) => a.origin === o).reduce((s, a) => s + a[c], 0)) })),
      "grouped",
      [0, 2, 3],
    ),
    figure(
      "statusReports",
      [
        { label: t.columns.due, unit: "count" },
        { label: t.columns.reportsReceived, unit: "count" },
        { label: t.columns.overdue, unit: "count" },
      ],
      reportRows(["due", "received", "overdue"]),
      "grouped",
      [0, 1, 2],
    ),
    figure(
      "effect",
      [
        { label: t.columns.amountReports, unit: "count" },
        { label: t.columns.amount, unit: "yen" },
      ],
      reportRows(["amountReports", "amount"]),
      "bar",
      [1],
    ),
    figure("partners", [{ label: t.columns.companies, unit: "count" }], facts.partners.map((p) => ({ label: t.fiscalYear(p.fiscalYear), values: [p.companies] })), "line"),
  ];

  const total = (id: FigureId, col: number) => {
    const f = figures.find((x) => x.id === id)!;
    if (department) return f.rows.reduce((s, r) => s + (r.values[col] ?? 0), 0);
    return f.rows[0]?.values[col] ?? 0;
  };
  const leadAll = lead(proposals);
  const ag = sumAgreements(department);
  return {
    fiscalYear: w.fiscalYear,
    label: t.fiscalYear(w.fiscalYear),
    locale,
    asOf: w.asOf,
    asOfDay: w.asOfDay,
    department,
    departments,
    figures,
    key: {
      received: proposals.length,
      conversionRate: rate,
      decidedMedian: leadAll[4],
      decidedP90: leadAll[5],
      stale: stale.reduce((s, x) => s + x.count, 0),
      concluded: ag[0],
      active: ag[3],
      ending90: ag[4] + ag[5],
      reportsReceived: total("statusReports", 1),
      overdue: total("statusReports", 2),
      amount: total("effect", 1),
      partners: facts.partners.at(-1)?.companies ?? 0,
    },
  };
}
