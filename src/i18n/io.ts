import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  /** CSV import: problems are reported with the file's line and column */
  io: {
    required: "入力してください",
    corporateNumber: "法人番号ではありません（13桁で、チェックディジットが一致すること）",
    unknownDepartment: (code: string) => `部署コード「${code}」は組織設定にありません`,
    oneOf: (values: string) => `${values} のいずれかを入れてください`,
    cityCost: "true か false（はい／いいえ）を入れてください",
    number: "協定番号は A-0001 の形で入れてください",
    numberTaken: (n: string) => `協定番号 ${n} はすでに別の協定に使われています`,
    numberTwice: (n: string) => `協定番号 ${n} がこのファイルに2回あります`,
    predecessor: (n: string) => `前の協定 ${n} がこのファイルにもデータベースにもありません`,
    predecessorTaken: (n: string) => `前の協定 ${n} にはすでに後継の協定があります`,
    cycle: (n: string) => `協定 ${n} の前の協定をたどると ${n} に戻ります`,
    numberTooLarge: "協定番号が大きすぎます",
    missingColumns: (missing: string, expected: string) => `列がありません: ${missing}（必要な列: ${expected}）`,
    noRows: "データの行がありません",
    unreadable: "ファイルが UTF-8 でも Shift_JIS（CP932）でもありません。Excel で「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」として保存し直してください",
    parse: (message: string) => `CSV として読めません（${message}）`,
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  io: {
    required: "is required",
    corporateNumber: "is not a valid 法人番号 (13 digits with a matching check digit)",
    unknownDepartment: (code) => `unknown department code "${code}"`,
    oneOf: (values) => `must be one of ${values}`,
    cityCost: "must be true or false",
    number: "must be an agreement number like A-0001",
    numberTaken: (n) => `agreement number ${n} is already used by another agreement`,
    numberTwice: (n) => `agreement number ${n} appears twice in this file`,
    predecessor: (n) => `the predecessor ${n} is neither in this file nor in the database`,
    predecessorTaken: (n) => `the predecessor ${n} already has a successor`,
    cycle: (n) => `following the predecessors of ${n} leads back to ${n}`,
    numberTooLarge: "the agreement number is too large",
    missingColumns: (missing, expected) => `missing columns: ${missing} (expected ${expected})`,
    noRows: "no rows",
    unreadable: 'the file is neither UTF-8 nor Shift_JIS (CP932): save it from Excel as "CSV UTF-8" or "CSV (comma delimited)"',
    parse: (message) => `not readable as CSV (${message})`,
  },
});
