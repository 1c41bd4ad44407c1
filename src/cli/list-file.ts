/**
 * Reads an office's list into rows for src/app/agreements/import-list.ts: an Excel workbook (.xlsx, its
 * first sheet, read directly) or a CSV in UTF-8 or Shift_JIS (CP932). Dates stay what the file holds (a
 * date cell is a Date, a text cell its text): the use case reads 和暦 and Excel's serial numbers.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";

export { CsvError } from "csv-parse/sync";
import type { ListCell, ListRow } from "../app/agreements/import-list";
import { decodeOfficeText } from "../app/kernel/text";

/** The file is not a workbook exceljs can open (a renamed .xls, a damaged file). */
export class UnreadableWorkbook extends Error {}

/** What exceljs gives for a cell, as text, number or date (rich text, links and formulas by what they show). */
function cellValue(v: unknown): ListCell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || v instanceof Date) return v;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "object") {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((x) => x.text).join("");
    if ("result" in o) return cellValue(o.result);
    if (o.text !== undefined) return cellValue(o.text);
    if (o.error) return o.error;
  }
  return String(v);
}

async function readXlsx(path: string): Promise<ListRow[]> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new UnreadableWorkbook((e as Error).message);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: ListRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    // row.values is 1-based (index 0 is empty) and sparse where cells are empty
    const values = row.values as unknown[];
    const cells: ListCell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
    rows.push({ line, cells });
  });
  return rows;
}

function readCsv(bytes: Uint8Array): ListRow[] {
  const text = decodeOfficeText(bytes).text.replace(/^\uFEFF/, "");
  const records = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  // the line a record starts on (a quoted cell may span lines)
  return records.map(({ record, info }) => ({ line: info.lines - (record.join("").match(/\r?\n/g)?.length ?? 0), cells: record }));
}

/** The rows of a list file, by its extension (.xlsx; anything else is read as CSV). */
export async function readListFile(path: string): Promise<ListRow[]> {
  if (extname(path).toLowerCase() === ".xlsx") return readXlsx(path);
  return readCsv(readFileSync(path));
}
