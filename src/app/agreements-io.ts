/**
 * The office's existing agreements in and out: CSV import (all or nothing, every bad row reported with
 * its line), CSV export, and end dates as iCalendar events for the departments' calendars.
 */
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { checkTerms, formatAgreementNumber } from "../domain/agreement";
import { addDays, tokyoDate, tokyoIso, tokyoTime } from "../domain/calendar";
import { isValidCorporateNumber } from "../domain/company";

import { PATTERNS } from "../domain/proposal";
import type { Actor } from "../ports/chat";
import type { AgreementRecord } from "../ports/store";
import { findCompany, upsertCompany } from "./companies";
import { audit, commit, type AppContext } from "./context";
import { planAgreementReminders } from "./reminder-planner";

export const CSV_COLUMNS = ["company", "corporate_number", "title", "department", "pattern", "start", "end", "city_cost", "exception_reason", "notes"] as const;
type Row = Record<(typeof CSV_COLUMNS)[number], string>;

const TRUE = new Set(["true", "yes", "1", "はい", "有", "あり"]);
const FALSE = new Set(["false", "no", "0", "いいえ", "無", "なし", ""]);

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
}

function validateRow(ctx: AppContext, line: number, row: Row): { ok: ValidRow | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const add = (field: string, message: string) => problems.push({ line, field, message });
  if (!row.company.trim()) add("company", "is required");
  if (row.corporate_number.trim() && !isValidCorporateNumber(row.corporate_number.trim())) add("corporate_number", "is not a valid 法人番号 (13 digits with a matching check digit)");
  if (!row.title.trim()) add("title", "is required");
  if (!ctx.dir.isKnownUnit(row.department.trim())) add("department", `unknown department code "${row.department}"`);
  if (!(PATTERNS as readonly string[]).includes(row.pattern.trim())) add("pattern", `must be one of ${PATTERNS.join(", ")}`);
  const cost = row.city_cost.trim().toLowerCase();
  if (!TRUE.has(cost) && !FALSE.has(cost)) add("city_cost", "must be true or false");
  const terms = checkTerms({ kind: "agreement", startDate: row.start.trim(), endDate: row.end.trim(), exceptionReason: row.exception_reason }, ctx.t.agreement.terms);
  for (const i of terms.issues) add(i.path === "startDate" ? "start" : i.path === "endDate" ? "end" : i.path, i.message);
  if (problems.length) return { ok: null, problems };
  return { ok: { line, row, costToCity: TRUE.has(cost), needsException: terms.needsException }, problems };
}

export interface ImportResult {
  imported: number;
  problems: ImportProblem[];
  /** rows that match an agreement already stored (same company, title and start): not imported again */
  duplicates?: Array<{ line: number; agreement: string }>;
}

/** Imports every row or none: a file with a bad row changes nothing and reports all its problems. */
/**
 * A cell for Excel: text that starts like a formula (= + - @, or a tab or CR before one) is kept as text
 * with a leading apostrophe, so a company name from outside cannot run as a formula when the file is
 * opened (CSV injection). Import takes the apostrophe off again.
 */
export function excelCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}
const fromExcelCell = (v: string) => v.replace(/^'(?=[=+\-@\t\r])/, "");


export async function importAgreements(ctx: AppContext, csv: string, actor: Actor = { platform: "cli", userId: "import" }): Promise<ImportResult> {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(csv.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: false, cast: (v: string) => fromExcelCell(v) }) as never;
  } catch (e) {
    return { imported: 0, problems: [{ line: (e as { lines?: number }).lines ?? 1, field: "(file)", message: (e as Error).message }] };
  }
  const header = csv.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0].split(",").map((h) => h.trim());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { imported: 0, problems: [{ line: 1, field: "(header)", message: `missing columns: ${missing.join(", ")} (expected ${CSV_COLUMNS.join(",")})` }] };
  if (records.length === 0) return { imported: 0, problems: [{ line: 1, field: "(file)", message: "no rows" }] };

  const valid: ValidRow[] = [];
  const problems: ImportProblem[] = [];
  for (const { record, info } of records) {
    const res = validateRow(ctx, info.lines, record as Row);
    problems.push(...res.problems);
    if (res.ok) valid.push(res.ok);
  }
  if (problems.length) return { imported: 0, problems };

  const today = tokyoDate(ctx.clock.now());
  const duplicates: NonNullable<ImportResult["duplicates"]> = [];
  const created = await commit(ctx, async (r) => {
    let n = 0;
    for (const v of valid) {
      // importing the same file again imports nothing: a row already stored is reported, not repeated
      const known = await findCompany(r, v.row.company, v.row.corporate_number || undefined);
      const existing = known ? await r.agreements.findByCompanyTitleStart(known.id, v.row.title, v.row.start) : null;
      if (existing) {
        duplicates.push({ line: v.line, agreement: formatAgreementNumber(existing.number) });
        continue;
      }
      n++;
      const company = await upsertCompany(r, { name: v.row.company, corporateNumber: v.row.corporate_number || undefined });
      const state: AgreementRecord["state"] = v.row.end < today ? "ended" : "active";
      const a = await r.agreements.create({
        id: randomUUID(),
        number: await r.agreements.nextNumber(),
        kind: "agreement",
        proposalId: null,
        companyId: company.id,
        title: v.row.title,
        pattern: v.row.pattern as AgreementRecord["pattern"],
        departmentCode: v.row.department,
        startDate: v.row.start,
        endDate: v.row.end,
        costToCity: v.costToCity,
        moneyTerms: null,
        documentUrl: null,
        exceptionReason: v.row.exception_reason || null,
        // an existing agreement over two years was concluded with its exception already: recorded as such
        exceptionApprovedBy: v.needsException ? `${actor.platform}:${actor.userId}` : null,
        consentBy: null,
        consentReason: null,
        notes: v.row.notes || null,
        state,
        predecessorId: null,
        endDecision: null,
        approvalRoundId: null,
        concludedAt: tokyoTime(v.row.start, 0),
        createdBy: `${actor.platform}:${actor.userId}`,
      });
      await audit(r, actor, { action: "agreement.imported", subjectType: "agreement", subjectId: a.id, data: { line: v.line } });
      if (state === "active") await planAgreementReminders(ctx, r, a.id);
    }
    return n;
  });
  return { imported: created, problems: [], duplicates };
}

async function exportRows(ctx: AppContext) {
  const r = ctx.store.read;
  const all = await r.agreements.list();
  return Promise.all(
    all.map(async (a) => {
      const c = await r.companies.get(a.companyId);
      const predecessor = a.predecessorId ? await r.agreements.get(a.predecessorId) : null;
      return { a, company: c!, predecessor };
    }),
  );
}

export async function exportAgreementsCsv(ctx: AppContext): Promise<string> {
  const rows = await exportRows(ctx);
  // UTF-8 with a byte order mark, so that Excel on Japanese Windows opens it as UTF-8
  return stringify(
    rows.map(({ a, company, predecessor }) => [
      company.name,
      company.corporateNumber ?? "",
      a.title,
      a.departmentCode,
      a.pattern,
      a.startDate,
      a.endDate ?? "",
      a.costToCity ? "true" : "false",
      a.exceptionReason ?? "",
      a.notes ?? "",
      formatAgreementNumber(a.number),
      a.kind,
      a.state,
      predecessor ? formatAgreementNumber(predecessor.number) : "",
    ]),
    { header: true, bom: true, columns: [...CSV_COLUMNS, "number", "kind", "state", "predecessor"], cast: { string: excelCell } },
  );
}

/**
 * The audit trail as CSV (every change and every refusal, who, where, when): what the city shows to
 * demonstrate that it favoured no company. Read in pages so a long trail never sits in memory at once.
 */
export async function exportAuditCsv(ctx: AppContext, from: Date | null, to: Date | null): Promise<string> {
  const lines = [stringify([["id", "at", "actor", "platform", "action", "subject_type", "subject_id", "proposal_id", "data"]], { bom: true })];
  let afterId = 0;
  for (;;) {
    const page = await ctx.store.read.audit.listBetween(from, to, afterId, 1000);
    if (page.length === 0) break;
    lines.push(
      stringify(
        page.map((e) => [e.id, tokyoIso(e.at), e.actor, e.platform, e.action, e.subjectType, e.subjectId, e.proposalId ?? "", e.data === null ? "" : JSON.stringify(e.data)]),
        { cast: { string: excelCell } },
      ),
    );
    afterId = page.at(-1)!.id;
  }
  return lines.join("");
}

/** RFC 5545 text: escape, and fold lines at 75 octets. */
function icsText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}
function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  for (const ch of line) {
    if (Buffer.byteLength(current + ch, "utf8") > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = "";
    }
    current += ch;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** End dates as all-day events (one per agreement with an end date). */
export async function exportAgreementsIcs(ctx: AppContext): Promise<string> {
  const rows = await exportRows(ctx);
  const stamp = ctx.clock.now().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = (d: string) => d.replace(/-/g, "");
  const cal = ctx.t.agreement.calendar;
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:-//partnership-bot//agreements//${ctx.dir.locale.toUpperCase()}`, "CALSCALE:GREGORIAN", `X-WR-CALNAME:${icsText(cal.name)}`, "X-WR-TIMEZONE:Asia/Tokyo"];
  for (const { a, company } of rows) {
    if (!a.endDate || a.kind !== "agreement") continue;
    const n = formatAgreementNumber(a.number);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${a.id}@partnership-bot`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${day(a.endDate)}`,
      `DTEND;VALUE=DATE:${day(addDays(a.endDate, 1))}`,
      `SUMMARY:${icsText(cal.ends(n, a.title))}`,
      `DESCRIPTION:${icsText(`${company.name} / ${ctx.dir.unitName(a.departmentCode)} / ${a.startDate}〜${a.endDate}\n${cal.noRenewal}`)}`,
      `CATEGORIES:${icsText(a.departmentCode)}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

