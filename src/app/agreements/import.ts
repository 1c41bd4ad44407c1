/** The office's existing agreements in: CSV import, all or nothing, every bad row reported with its line; a file exported by export.ts restores what it holds. */
import { parse } from "csv-parse/sync";
import { randomUUID } from "node:crypto";
import { AGREEMENT_KINDS, AGREEMENT_STATES, checkTerms, formatAgreementNumber } from "../../domain/agreement";
import { isIsoDate, tokyoDate, tokyoTime } from "../../domain/calendar";
import { isValidCorporateNumber } from "../../domain/company";
import { PATTERNS } from "../../domain/proposal";
import type { Actor } from "../../ports/chat";
import type { AgreementRecord } from "../../ports/store";
import { findCompany, upsertCompany } from "../companies/directory";
import { audit, commit } from "../kernel/commit";
import { type AppContext } from "../kernel/context";
import { wellFormed } from "../kernel/text";
import { explain } from "../../i18n";
import { NO_WORDS, YES_WORDS } from "../../i18n/vocabulary";
import { planAgreementReminders } from "../reminders/planner";


export const CSV_COLUMNS = ["company", "corporate_number", "title", "department", "pattern", "start", "end", "city_cost", "exception_reason", "notes"] as const;

/**
 * Columns the export adds so that a round trip restores everything (numbers, state, agreements without
 * an agreement document, approved exceptions, renewal links). Optional on import: a file from another
 * source gets numbers in order and a state from its dates.
 */
export const EXPORT_COLUMNS = ["number", "kind", "state", "predecessor", "exception_approved_by", "consent_by", "consent_reason", "origin"] as const;

type Row = Record<(typeof CSV_COLUMNS)[number], string> & Partial<Record<(typeof EXPORT_COLUMNS)[number], string>>;

const TRUE = new Set(YES_WORDS);

const FALSE = new Set(NO_WORDS);

const NUMBER = /^A-(\d{1,10})$/;

/** the largest number the database column holds (a 32-bit integer) */
const MAX_NUMBER = 2_147_483_647;

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

interface ValidRow {
  line: number;
  row: Row;
  costToCity: boolean;
  needsException: boolean;
  kind: AgreementRecord["kind"];
  state: AgreementRecord["state"] | null;
  number: number | null;
}

function validateRow(ctx: AppContext, line: number, row: Row): { ok: ValidRow | null; problems: ImportProblem[] } {
  const m = ctx.t.io;
  const problems: ImportProblem[] = [];
  const add = (field: string, message: string) => problems.push({ line, field, message });
  if (!row.company.trim()) add("company", m.required);
  if (row.corporate_number.trim() && !isValidCorporateNumber(row.corporate_number.trim())) add("corporate_number", m.corporateNumber);
  if (!row.title.trim()) add("title", m.required);
  if (!ctx.dir.isKnownUnit(row.department.trim())) add("department", m.unknownDepartment(row.department));
  if (!(PATTERNS as readonly string[]).includes(row.pattern.trim())) add("pattern", m.oneOf(PATTERNS.join(", ")));
  const cost = row.city_cost.trim().toLowerCase();
  if (!TRUE.has(cost) && !FALSE.has(cost)) add("city_cost", m.cityCost);
  const kind = (row.kind?.trim() || "agreement") as AgreementRecord["kind"];
  if (!(AGREEMENT_KINDS as readonly string[]).includes(kind)) add("kind", m.oneOf(AGREEMENT_KINDS.join(", ")));
  const state = (row.state?.trim() || null) as AgreementRecord["state"] | null;
  if (state && !(AGREEMENT_STATES as readonly string[]).includes(state)) add("state", m.oneOf(AGREEMENT_STATES.join(", ")));
  const numberText = row.number?.trim() ?? "";
  const number = numberText ? Number(NUMBER.exec(numberText)?.[1] ?? Number.NaN) : null;
  if (number !== null && !(number > 0)) add("number", m.number);
  else if (number !== null && number > MAX_NUMBER) add("number", m.numberTooLarge);
  if (row.origin?.trim() && !["window", "own"].includes(row.origin.trim())) add("origin", m.oneOf("window, own"));
  if (row.predecessor?.trim() && !NUMBER.test(row.predecessor.trim())) add("predecessor", m.number);
  // without an agreement there may be no end date; one that is given must still be a date after the start
  if (kind === "no_agreement" && row.end.trim() && (!isIsoDate(row.end.trim()) || row.end.trim() <= row.start.trim())) add("end", ctx.t.agreement.terms.endDateFormat);
  const terms = checkTerms({ kind, startDate: row.start.trim(), endDate: row.end.trim(), exceptionReason: row.exception_reason });
  for (const i of terms.issues) add(i.path === "startDate" ? "start" : i.path === "endDate" ? "end" : i.path, explain(ctx.t, i));
  if (problems.length) return { ok: null, problems };
  return { ok: { line, row, costToCity: TRUE.has(cost), needsException: terms.needsException, kind, state, number }, problems };
}

export interface ImportResult {
  imported: number;
  problems: ImportProblem[];
  /** rows that match an agreement already stored (same company, title and start): not imported again */
  duplicates?: Array<{ line: number; agreement: string }>;
}

const fromExcelCell = (v: string) => v.replace(/^'(?=[=+\-@\t\r])/, "");

/**
 * Imports every row or none: a file with a bad row changes nothing and reports all its problems. A dry run
 * goes through the whole import, the database's checks included, and rolls it back.
 */
export async function importAgreements(ctx: AppContext, csv: string, actor: Actor = { platform: "cli", userId: "import" }, opts: { dryRun?: boolean } = {}): Promise<ImportResult> {
  const m = ctx.t.io;
  const text = csv.replace(/^\uFEFF/, "");
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: false, cast: (v: string) => fromExcelCell(v) }) as never;
  } catch (e) {
    return { imported: 0, problems: [{ line: (e as { lines?: number }).lines ?? 1, field: "(file)", message: m.parse((e as Error).message) }] };
  }
  const header = text.split(/\r?\n/, 1)[0].split(",").map((h) => h.trim());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { imported: 0, problems: [{ line: 1, field: "(header)", message: m.missingColumns(missing.join(", "), CSV_COLUMNS.join(",")) }] };
  if (records.length === 0) return { imported: 0, problems: [{ line: 1, field: "(file)", message: m.noRows }] };

  const valid: ValidRow[] = [];
  const problems: ImportProblem[] = [];
  for (const { record, info } of records) {
    // the bot's own message marks may not come in from a file either
    const res = Object.values(record).every((v) => wellFormed(v)) ? validateRow(ctx, info.lines, record as Row) : { ok: null, problems: [{ line: info.lines, field: "(row)", message: m.parse("U+FDD0–U+FDEF") }] };
    problems.push(...res.problems);
    if (res.ok) valid.push(res.ok);
  }
  const numbersInFile = new Map<number, number>();
  for (const v of valid) {
    if (v.number === null) continue;
    if (numbersInFile.has(v.number)) problems.push({ line: v.line, field: "number", message: m.numberTwice(formatAgreementNumber(v.number)) });
    numbersInFile.set(v.number, v.line);
  }
  if (problems.length) return { imported: 0, problems };

  const today = tokyoDate(ctx.clock.now());
  const duplicates: NonNullable<ImportResult["duplicates"]> = [];
  const outcome = await commit(ctx, async (r) => {
    const late: ImportProblem[] = [];
    const created: Array<{ v: ValidRow; a: AgreementRecord }> = [];
    for (const v of valid) {
      // importing the same file again imports nothing: a row already stored is reported, not repeated
      const known = await findCompany(r, v.row.company, v.row.corporate_number || undefined);
      const existing = known ? await r.agreements.findByCompanyTitleStart(known.id, v.row.title, v.row.start) : null;
      if (existing) {
        duplicates.push({ line: v.line, agreement: formatAgreementNumber(existing.number) });
        continue;
      }
      if (v.number !== null && (await r.agreements.getByNumber(v.number))) {
        late.push({ line: v.line, field: "number", message: m.numberTaken(formatAgreementNumber(v.number)) });
        continue;
      }
      const company = await upsertCompany(r, { name: v.row.company, corporateNumber: v.row.corporate_number || undefined }, { actor });
      const end = v.kind === "no_agreement" ? v.row.end.trim() || null : v.row.end;
      const state: AgreementRecord["state"] = v.state ?? (end && end < today ? "ended" : "active");
      const a = await r.agreements.create({
        id: randomUUID(),
        number: v.number ?? (await r.agreements.nextNumber()),
        kind: v.kind,
        proposalId: null,
        companyId: company.id,
        title: v.row.title,
        pattern: v.row.pattern as AgreementRecord["pattern"],
        departmentCode: v.row.department,
        startDate: v.row.start,
        endDate: end,
        costToCity: v.costToCity,
        moneyTerms: null,
        documentUrl: null,
        exceptionReason: v.row.exception_reason || null,
        // an agreement over two years was concluded with its exception approved: by whom the file says, else the importer
        exceptionApprovedBy: v.needsException && state !== "pending_exception" ? v.row.exception_approved_by || `${actor.platform}:${actor.userId}` : null,
        consentBy: v.row.consent_by || null,
        consentReason: v.row.consent_reason || null,
        notes: v.row.notes || null,
        origin: v.row.origin?.trim() === "own" ? "own" : "window",
        state,
        predecessorId: null,
        endDecision: null,
        approvalRoundId: null,
        concludedAt: state === "draft" || state === "pending_exception" ? null : tokyoTime(v.row.start, 0),
        createdBy: `${actor.platform}:${actor.userId}`,
      });
      if (v.number !== null) await r.agreements.numberAtLeast(v.number);
      created.push({ v, a });
    }
    // renewal links, once every row of the file exists: a predecessor may come later in the file. An
    // agreement has at most one successor, and following predecessors never leads back (no cycles).
    const linked = new Map<string, string>(); // agreement id → its predecessor's id
    for (const { v, a } of created) {
      const ref = v.row.predecessor?.trim();
      if (!ref) continue;
      const predecessor = await r.agreements.getByNumber(Number(NUMBER.exec(ref)![1]));
      if (!predecessor || predecessor.id === a.id) {
        late.push({ line: v.line, field: "predecessor", message: m.predecessor(ref) });
        continue;
      }
      if ([...linked.values()].includes(predecessor.id) || (await r.agreements.getSuccessor(predecessor.id))) {
        late.push({ line: v.line, field: "predecessor", message: m.predecessorTaken(ref) });
        continue;
      }
      let cursor: string | undefined = predecessor.id;
      const seen = new Set<string>();
      while (cursor && !seen.has(cursor) && cursor !== a.id) {
        seen.add(cursor);
        cursor = linked.get(cursor) ?? (await r.agreements.get(cursor))?.predecessorId ?? undefined;
      }
      if (cursor === a.id) {
        late.push({ line: v.line, field: "predecessor", message: m.cycle(formatAgreementNumber(a.number)) });
        continue;
      }
      linked.set(a.id, predecessor.id);
      await r.agreements.update(a.id, { predecessorId: predecessor.id });
    }
    if (late.length) throw new ImportRefused(late);
    if (opts.dryRun) throw new DryRunDone(created.length);
    for (const { v, a } of created) {
      await audit(r, actor, { action: "agreement.imported", subjectType: "agreement", subjectId: a.id, data: { line: v.line } });
      if (a.state === "active") await planAgreementReminders(ctx, r, a.id);
    }
    return created.length;
  }).catch((e: unknown) => {
    if (e instanceof ImportRefused) return e.problems;
    if (e instanceof DryRunDone) return e.count;
    throw e;
  });
  if (Array.isArray(outcome)) return { imported: 0, problems: outcome };
  return { imported: outcome, problems: [], duplicates };
}

/** A dry run's end: thrown to roll its transaction back, with how many rows it would have imported. */
class DryRunDone extends Error {
  constructor(readonly count: number) {
    super("dry run");
  }
}

/** Problems found only against the database: the transaction is rolled back, nothing is stored. */
class ImportRefused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super("import refused");
  }
}
