/**
 * The lists offices already keep (issue 23): partnership lists and disaster-agreement lists, as rows
 * already read from a spreadsheet or a CSV (the edge reads the file). A partnership becomes an agreement
 * of its department (origin "own"; "window" when the list names the window), a disaster agreement a
 * disaster record. Rows with problems are reported with their line and left out; the other rows are
 * stored in one transaction (a hand-kept list of decades should not wait on one mistyped 平成, and
 * importing the fixed file again changes only that row: every row has an import key).
 */
import { createHash, randomUUID } from "node:crypto";
import { isValidCorporateNumber } from "../../domain/company";
import { tokyoDate, tokyoTime } from "../../domain/calendar";
import { formatAgreementNumber } from "../../domain/agreement";
import {
  agreementIdentity,
  headerKey,
  isAmendment,
  isMarked,
  knownHeaders,
  listKindOf,
  mapHeaders,
  splitCounterparties,
  type HelpKind,
  type ListField,
  type ListKind,
} from "../../domain/office-list";
import { parseOfficeDate } from "../../domain/wareki";
import type { Actor } from "../../ports/chat";
import type { AgreementRecord, DisasterRecord, Repos } from "../../ports/store";
import { upsertCompany } from "../companies/directory";
import { audit, commit } from "../kernel/commit";
import type { AppContext } from "../kernel/context";
import { wellFormed } from "../kernel/text";
import { planAgreementReminders } from "../reminders/planner";
import type { ImportProblem } from "./import";

/** One cell as the reader gives it: text, a number, a spreadsheet's date, or nothing. */
export type ListCell = string | number | Date | null;
/** One row of the file with its line (1-based, as the spreadsheet or the text editor numbers it). */
export interface ListRow {
  line: number;
  cells: ListCell[];
}

/** What a record is, as reports and exports name it: through the window, a department's own, a disaster agreement. */
export type ListRecordKind = "window" | "own" | "disaster";

export interface ListImportRow {
  line: number;
  outcome: "created" | "unchanged" | "amended";
  kind: ListRecordKind;
  title: string;
  /** the record's company (the first counterparty) and how many more the row names */
  company: string;
  others: number;
  /** the agreement's number (A-0001); null for a disaster record */
  number: string | null;
}

export interface ListImportResult {
  rows: ListImportRow[];
  problems: ImportProblem[];
  /** headers the import has no field for: their cells are kept with each record (`extra`) */
  unknownColumns: string[];
  dryRun: boolean;
}

/** the first rows searched for the header (published lists often have a title and a date above it) */
const HEADER_SEARCH = 20;

const cellText = (c: ListCell | undefined): string => {
  if (c === null || c === undefined) return "";
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? "" : c.toISOString().slice(0, 10);
  return String(c).trim();
};

const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 40);

interface ParsedRow {
  line: number;
  kind: ListKind;
  title: string;
  counterparties: string[];
  corporateNumber: string | null;
  concludedOn: string | null;
  endDate: string | null;
  department: string | null;
  summary: string;
  notes: string;
  companyContact: string | null;
  cityContact: string | null;
  helpKinds: HelpKind[];
  extra: Record<string, string>;
  amendment: boolean;
  identity: string;
}

/** A department named in a list: its code, or its name in either language, compared as headers are. */
function departmentOf(ctx: AppContext, name: string): string | null {
  const key = headerKey(name);
  const org = ctx.dir.org;
  if (key === headerKey(org.window.code) || key === headerKey(org.window.name.ja) || key === headerKey(org.window.name.en)) return org.window.code;
  const d = org.departments.find((x) => [x.code, x.name.ja, x.name.en].some((n) => headerKey(n) === key));
  return d?.code ?? null;
}

function parseRows(ctx: AppContext, rows: ListRow[], forced: ListKind | undefined): { parsed: ParsedRow[]; problems: ImportProblem[]; unknown: string[] } {
  const w = ctx.t.officeList;
  const headerIndex = rows.slice(0, HEADER_SEARCH).findIndex((r) => knownHeaders(r.cells.map(cellText)) >= 2);
  if (headerIndex < 0) return { parsed: [], problems: [{ line: rows[0]?.line ?? 1, field: "(header)", message: w.noHeader }], unknown: [] };
  const header = rows[headerIndex];
  const cols = mapHeaders(header.cells.map(cellText));
  const at = (field: ListField) => cols.columns.findIndex((c) => "field" in c.meaning && c.meaning.field === field);
  const missing = [at("title") < 0 ? w.titleColumn : null, at("counterparty") < 0 ? w.counterpartyColumn : null].filter(Boolean);
  if (missing.length) return { parsed: [], problems: [{ line: header.line, field: "(header)", message: w.missingColumns(missing.join(", ")) }], unknown: cols.unknown };

  const parsed: ParsedRow[] = [];
  const problems: ImportProblem[] = [];
  for (const row of rows.slice(headerIndex + 1)) {
    const texts = cols.columns.map((_, i) => cellText(row.cells[i]));
    // cells beyond the header have no column name: kept under their position rather than dropped
    const beyond = row.cells.slice(cols.columns.length).map(cellText);
    if ([...texts, ...beyond].every((t) => !t)) continue;
    const before = problems.length;
    const add = (column: number | string, message: string) =>
      problems.push({ line: row.line, field: typeof column === "number" ? cols.columns[column].header.trim() : column, message });
    if (![...texts, ...beyond].every((t) => wellFormed(t))) {
      add("(row)", w.malformed);
      continue;
    }
    const get = (field: ListField) => (at(field) < 0 ? "" : texts[at(field)]);
    const date = (field: ListField): string | null => {
      const i = at(field);
      const cell = i < 0 ? null : row.cells[i];
      if (cell === null || cell === undefined || cellText(cell) === "") return null;
      const d = parseOfficeDate(typeof cell === "string" ? cell.trim() : cell);
      if (d.ok) return d.date;
      const v = cellText(cell);
      add(i, d.reason === "format" ? w.dateFormat(v) : d.reason === "impossible" ? w.dateImpossible(v) : d.reason === "beforeEra" ? w.beforeEra(v, d.era, d.start) : w.afterEra(v, d.era, d.end));
      return null;
    };
    const title = get("title");
    const counterparties = splitCounterparties(get("counterparty"));
    if (!title) add(at("title"), w.required);
    if (!counterparties.length) add(at("counterparty"), w.required);
    const corporateNumber = get("corporateNumber").normalize("NFKC").replace(/[\s-]/g, "") || null;
    if (corporateNumber && !isValidCorporateNumber(corporateNumber)) add(at("corporateNumber"), ctx.t.io.corporateNumber);
    const concludedOn = date("concludedOn");
    const endDate = date("endDate");
    if (concludedOn && endDate && endDate < concludedOn) add(at("endDate"), w.endBeforeStart(endDate, concludedOn));
    const departmentText = get("department");
    const department = departmentText ? departmentOf(ctx, departmentText) : null;
    if (departmentText && !department) add(at("department"), w.unknownDepartment(departmentText));
    const kind = listKindOf(title, { forced, hasHelpColumns: cols.hasHelpColumns });
    const notes = get("notes");
    const amendment = isAmendment(title, notes);
    if (kind === "partnership" && !departmentText) add(at("department") < 0 ? w.departmentColumn : at("department"), w.needsDepartment);
    // an amendment's date is the amendment's; the agreement it amends has its own
    if (kind === "partnership" && !concludedOn && !amendment && problems.length === before) add(at("concludedOn") < 0 ? w.concludedColumn : at("concludedOn"), w.needsConcluded);
    if (problems.length > before) continue;

    const helpKinds: HelpKind[] = [];
    const extra: Record<string, string> = {};
    cols.columns.forEach((c, i) => {
      if ("help" in c.meaning && isMarked(texts[i]) && !helpKinds.includes(c.meaning.help)) helpKinds.push(c.meaning.help);
      // columns with no field of their own are kept as they were: unknown ones, and the known ones with no home
      const homeless = "unknown" in c.meaning || ("field" in c.meaning && ["municipality", "serial"].includes(c.meaning.field)) || ("field" in c.meaning && c.meaning.field === "notes" && kind === "disaster");
      if (homeless && texts[i]) extra[c.header.trim() || `#${i + 1}`] = texts[i];
    });
    beyond.forEach((t, j) => {
      if (t) extra[`#${cols.columns.length + j + 1}`] = t;
    });
    parsed.push({
      line: row.line,
      kind,
      title,
      counterparties,
      corporateNumber,
      concludedOn,
      endDate,
      department,
      summary: get("summary"),
      notes,
      companyContact: get("companyContact") || null,
      cityContact: get("cityContact") || null,
      helpKinds,
      extra,
      amendment,
      identity: agreementIdentity(kind, title, counterparties[0]),
    });
  }
  return { parsed, problems, unknown: cols.unknown };
}

/** An amendment applied to a record, kept in its `extra` so that importing the list again applies it once. */
interface AmendmentNote {
  key: string;
  title: string;
  on: string | null;
  summary?: string;
}

interface ExtraJson {
  columns?: Record<string, string>;
  counterparties?: string[];
  amendments?: AmendmentNote[];
}

const readExtra = (s: string | null | undefined): ExtraJson => (s ? (JSON.parse(s) as ExtraJson) : {});
const writeExtra = (e: ExtraJson): string | null => (Object.values(e).some((v) => v !== undefined) ? JSON.stringify(e) : null);

type Target = { type: "agreement"; record: AgreementRecord } | { type: "disaster"; record: DisasterRecord };

/** A dry run's end: thrown to roll its transaction back, with what it would have done. */
class DryRunDone extends Error {
  constructor(readonly result: ListImportResult) {
    super("dry run");
  }
}

export async function importList(
  ctx: AppContext,
  rows: ListRow[],
  opts: { dryRun?: boolean; kind?: ListKind; source?: string } = {},
  actor: Actor = { platform: "cli", userId: "import" },
): Promise<ListImportResult> {
  const { parsed, problems, unknown } = parseRows(ctx, rows, opts.kind);
  const dryRun = Boolean(opts.dryRun);
  if (!parsed.length) return { rows: [], problems, unknownColumns: unknown, dryRun };
  const today = tokyoDate(ctx.clock.now());
  const stateOf = (end: string | null) => (end && end < today ? "ended" : "active");
  const recordKind = (p: ParsedRow, department: string | null): ListRecordKind => (p.kind === "disaster" ? "disaster" : department === ctx.dir.windowCode ? "window" : "own");

  const run = async (r: Repos): Promise<ListImportResult> => {
    const out: ListImportRow[] = [];
    const report = (p: ParsedRow, outcome: ListImportRow["outcome"], t: Target) =>
      out.push({
        line: p.line,
        outcome,
        kind: t.type === "disaster" ? "disaster" : t.record.origin === "window" ? "window" : "own",
        title: p.title,
        company: p.counterparties[0],
        others: p.counterparties.length - 1,
        number: t.type === "agreement" ? formatAgreementNumber(t.record.number) : null,
      });
    // the records of this list by identity (kind, title, first counterparty): where an amendment goes
    const byIdentity = new Map<string, Target[]>();
    const remember = (identity: string, t: Target) => byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), t]);
    let stored: Map<string, Target[]> | null = null;
    const storedByIdentity = async () => {
      if (stored) return stored;
      stored = new Map();
      for (const a of await r.agreements.list()) {
        if (!a.importKey) continue;
        const name = a.companyName ?? (await r.companies.get(a.companyId))?.name ?? "";
        const id = agreementIdentity("partnership", a.title, name);
        stored.set(id, [...(stored.get(id) ?? []), { type: "agreement", record: a }]);
      }
      for (const d of await r.disasters.list()) {
        if (!d.importKey) continue;
        const first = (d.counterparties ? (JSON.parse(d.counterparties) as string[]) : [])[0] ?? (await r.companies.get(d.companyId))?.name ?? "";
        const id = agreementIdentity("disaster", d.title, first);
        stored.set(id, [...(stored.get(id) ?? []), { type: "disaster", record: d }]);
      }
      return stored;
    };

    const create = async (p: ParsedRow, importKey: string, amendments?: AmendmentNote[]): Promise<Target> => {
      const company = await upsertCompany(r, { name: p.counterparties[0], corporateNumber: p.corporateNumber ?? undefined }, { actor });
      const extra = writeExtra({
        columns: Object.keys(p.extra).length ? p.extra : undefined,
        counterparties: p.counterparties.length > 1 ? p.counterparties : undefined,
        amendments,
      });
      if (p.kind === "disaster") {
        const { id } = await r.disasters.create({
          companyId: company.id,
          title: p.title,
          summary: p.summary,
          source: opts.source ?? "import",
          departmentCode: p.department,
          counterparties: JSON.stringify(p.counterparties),
          concludedOn: p.concludedOn,
          endDate: p.endDate,
          helpKinds: p.helpKinds.length ? JSON.stringify(p.helpKinds) : null,
          companyContact: p.companyContact,
          cityContact: p.cityContact,
          state: stateOf(p.endDate),
          importKey,
          extra,
        });
        await audit(r, actor, { action: "disaster.imported", subjectType: "disaster", subjectId: id, data: { line: p.line, source: opts.source ?? null } });
        return { type: "disaster", record: (await r.disasters.get(id))! };
      }
      const origin = recordKind(p, p.department) === "window" ? "window" : "own";
      const start = p.concludedOn!;
      const state = stateOf(p.endDate);
      const a = await r.agreements.create({
        id: randomUUID(),
        number: await r.agreements.nextNumber(),
        kind: "agreement",
        proposalId: null,
        companyId: company.id,
        companyName: p.counterparties[0],
        title: p.title,
        // a list says nothing of the policy's patterns
        pattern: "other",
        departmentCode: p.department!,
        startDate: start,
        endDate: p.endDate,
        costToCity: false,
        moneyTerms: null,
        documentUrl: null,
        exceptionReason: null,
        exceptionApprovedBy: null,
        consentBy: null,
        consentReason: null,
        notes: [p.summary, p.notes].filter(Boolean).join("\n") || null,
        state,
        predecessorId: null,
        endDecision: null,
        approvalRoundId: null,
        concludedAt: tokyoTime(start, 0),
        origin,
        companyContact: p.companyContact,
        cityContact: p.cityContact,
        importKey,
        extra,
        createdBy: `${actor.platform}:${actor.userId}`,
      });
      await audit(r, actor, { action: "agreement.imported", subjectType: "agreement", subjectId: a.id, data: { line: p.line, origin, source: opts.source ?? null } });
      if (a.state === "active") await planAgreementReminders(ctx, r, a.id);
      return { type: "agreement", record: a };
    };

    // the agreements first, their amendments after: an amendment may come before its agreement in the file
    for (const p of parsed.filter((x) => !x.amendment)) {
      const key = hash(`${p.identity}|${p.concludedOn ?? ""}`);
      const existing = p.kind === "disaster" ? await r.disasters.findByImportKey(key) : await r.agreements.findByImportKey(key);
      const t: Target = existing ? (p.kind === "disaster" ? { type: "disaster", record: existing as DisasterRecord } : { type: "agreement", record: existing as AgreementRecord }) : await create(p, key);
      remember(p.identity, t);
      report(p, existing ? "unchanged" : "created", t);
    }
    for (const p of parsed.filter((x) => x.amendment)) {
      const note: AmendmentNote = { key: hash(`${p.identity}|amendment|${p.concludedOn ?? ""}|${p.title}|${p.notes}`), title: p.title, on: p.concludedOn, ...(p.summary ? { summary: p.summary } : {}) };
      const candidates = byIdentity.get(p.identity) ?? (await storedByIdentity()).get(p.identity) ?? [];
      // the latest agreement of that name concluded on or before the amendment
      const dateOf = (t: Target) => (t.type === "agreement" ? t.record.startDate : (t.record.concludedOn ?? ""));
      const fitting = candidates.filter((t) => !p.concludedOn || dateOf(t) <= p.concludedOn).sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
      const target = fitting.at(-1) ?? candidates.at(-1);
      if (!target) {
        // an amendment of an agreement the list does not hold: the record it is, marked as applied to itself
        const t = await create({ ...p, concludedOn: p.concludedOn ?? today }, hash(`${p.identity}|${p.concludedOn ?? ""}`), [note]);
        remember(p.identity, t);
        report(p, "created", t);
        continue;
      }
      const fresh = target.type === "agreement" ? (await r.agreements.get(target.record.id))! : (await r.disasters.get(target.record.id))!;
      const extra = readExtra(fresh.extra);
      if ((extra.amendments ?? []).some((a) => a.key === note.key)) {
        report(p, "unchanged", target);
        continue;
      }
      const amendments = [...(extra.amendments ?? []), note];
      if (target.type === "agreement") {
        const a = fresh as AgreementRecord;
        const endDate = p.endDate ?? a.endDate;
        const state = a.state === "active" || a.state === "ended" ? stateOf(endDate) : a.state;
        const updated = await r.agreements.update(a.id, { endDate, state, extra: writeExtra({ ...extra, amendments }) });
        await audit(r, actor, { action: "agreement.amended", subjectType: "agreement", subjectId: a.id, data: { line: p.line, on: p.concludedOn, endDate: p.endDate, source: opts.source ?? null } });
        await planAgreementReminders(ctx, r, a.id);
        report(p, "amended", { type: "agreement", record: updated });
      } else {
        const d = fresh as DisasterRecord;
        const endDate = p.endDate ?? d.endDate;
        await r.disasters.update(d.id, {
          endDate,
          state: stateOf(endDate),
          summary: p.summary || d.summary,
          helpKinds: p.helpKinds.length ? JSON.stringify(p.helpKinds) : d.helpKinds,
          extra: writeExtra({ ...extra, amendments }),
        });
        await audit(r, actor, { action: "disaster.amended", subjectType: "disaster", subjectId: d.id, data: { line: p.line, on: p.concludedOn, endDate: p.endDate, source: opts.source ?? null } });
        report(p, "amended", target);
      }
    }
    out.sort((a, b) => a.line - b.line);
    const result: ListImportResult = { rows: out, problems, unknownColumns: unknown, dryRun };
    if (dryRun) throw new DryRunDone(result);
    return result;
  };

  return commit(ctx, run).catch((e: unknown) => {
    if (e instanceof DryRunDone) return e.result;
    throw e;
  });
}
