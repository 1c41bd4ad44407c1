/**
 * The figures as files: `.xlsx` (a sheet per figure, Japanese headers, the definition under each table,
 * the time of the figures as a real date) and `.csv` (UTF-8 with a BOM, one line per value, cells that
 * look like formulas kept as text). The same rows as the page and chat.
 */
import { stringify } from "csv-stringify/sync";
import { excelCell } from "../agreements/export";
import { words, type YearReport } from "./figures";

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ] */
function sheetName(title: string, used: Set<string>): string {
  let base = title.replace(/[:\\/?*[\]]/g, " ").slice(0, 28).trim();
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 26)} ${i}`;
  used.add(name);
  return name;
}

export async function reportXlsx(report: YearReport): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const t = words(report.locale);
  const wb = new ExcelJS.Workbook();
  wb.created = report.asOf;
  const used = new Set<string>();
  const cover = wb.addWorksheet(sheetName(report.label, used));
  cover.addRow([t.year, report.label]);
  cover.addRow([t.department, report.department ? (report.departments.find((d) => d.code === report.department)?.name ?? report.department) : t.allDepartments]);
  const asOf = cover.addRow([t.asOfLabel, report.asOf]);
  asOf.getCell(2).numFmt = "yyyy-mm-dd hh:mm";
  cover.getColumn(1).width = 16;
  cover.getColumn(2).width = 40;
  for (const f of report.figures) {
    const ws = wb.addWorksheet(sheetName(f.title, used));
    ws.addRow([f.title]).font = { bold: true };
    const header = ws.addRow(["", ...f.columns.map((c) => c.label)]);
    header.font = { bold: true };
    for (const r of f.rows) {
      const row = ws.addRow([r.label, ...r.values.map((v) => (v === null ? null : v))]);
      f.columns.forEach((c, i) => {
        if (c.unit === "yen") row.getCell(i + 2).numFmt = "#,##0";
        if (c.unit === "days" || c.unit === "percent") row.getCell(i + 2).numFmt = "0.0";
      });
    }
    if (f.rows.length === 0) ws.addRow([t.noData]);
    ws.addRow([]);
    ws.addRow([`${t.definition}: ${f.definition}`]);
    const at = ws.addRow([t.asOfLabel, report.asOf]);
    at.getCell(2).numFmt = "yyyy-mm-dd hh:mm";
    ws.getColumn(1).width = 36;
    for (let i = 2; i <= f.columns.length + 1; i++) ws.getColumn(i).width = 18;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export function reportCsv(report: YearReport): string {
  const t = words(report.locale);
  const lines: string[][] = [];
  for (const f of report.figures) {
    for (const r of f.rows) {
      f.columns.forEach((c, i) => lines.push([report.label, f.title, f.definition, r.label, c.label, r.values[i] === null ? "" : String(r.values[i])]));
    }
  }
  return stringify(
    lines.map((l) => l.map(excelCell)),
    { header: true, columns: [t.year, ...t.csvHeader], bom: true, record_delimiter: "\r\n" },
  );
}
