/** Agreements out: CSV for Excel (BOM, formulas kept as text) that import.ts reads back, and end dates as iCalendar events for the departments' calendars. */
import { stringify } from "csv-stringify/sync";
import { formatAgreementNumber } from "../../domain/agreement";
import { addDays } from "../../domain/calendar";
import { type AppContext } from "../kernel/context";
import { CSV_COLUMNS, EXPORT_COLUMNS } from "./import";

/**
 * A cell for Excel: text that starts like a formula (= + - @, or a tab or CR before one) is kept as text
 * with a leading apostrophe, so a company name from outside cannot run as a formula when the file is
 * opened (CSV injection). Import takes the apostrophe off again.
 */
export function excelCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
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
      a.exceptionApprovedBy ?? "",
      a.consentBy ?? "",
      a.consentReason ?? "",
      a.origin ?? "window",
    ]),
    { header: true, bom: true, columns: [...CSV_COLUMNS, ...EXPORT_COLUMNS], cast: { string: excelCell } },
  );
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
      `DESCRIPTION:${icsText(`${company.name} / ${ctx.dir.unitName(a.departmentCode)} / ${ctx.t.span(a.startDate, a.endDate)}\n${cal.noRenewal}`)}`,
      `CATEGORIES:${icsText(a.departmentCode)}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

/** The columns of the disaster agreements' CSV (災害協定, §3: outside the workflow, kept and surveyed). */
export const DISASTER_COLUMNS = ["kind", "title", "counterparties", "department", "department_name", "concluded", "end", "help_kinds", "last_used", "company_contact", "city_contact", "state", "source"] as const;

/** Disaster agreements as CSV for Excel, each row marked with its kind and its department. */
export async function exportDisastersCsv(ctx: AppContext): Promise<string> {
  const r = ctx.store.read;
  const rows = await Promise.all(
    (await r.disasters.list()).map(async (d) => {
      const parties = d.counterparties ? (JSON.parse(d.counterparties) as string[]) : [(await r.companies.get(d.companyId))?.name ?? ""];
      return [
        "disaster",
        d.title,
        parties.join("\n"),
        d.departmentCode ?? "",
        d.departmentCode ? ctx.dir.unitName(d.departmentCode) : "",
        d.concludedOn ?? "",
        d.endDate ?? "",
        d.helpKinds ? (JSON.parse(d.helpKinds) as string[]).join(" ") : "",
        d.lastUsedOn ?? "",
        d.companyContact ?? "",
        d.cityContact ?? "",
        d.state,
        d.source,
      ];
    }),
  );
  return stringify(rows, { header: true, bom: true, columns: [...DISASTER_COLUMNS], cast: { string: excelCell } });
}
