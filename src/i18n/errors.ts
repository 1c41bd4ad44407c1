import * as agreements from "./agreements";
import * as common from "./common";
import * as routing from "./routing";
import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  errors: {
    forbidden: "この操作の権限がありません。",
    invalidInput: "入力に誤りがあります。",
    notFound: "見つかりません。",
    generic: "処理できませんでした。時間をおいてもう一度お試しください。",
  },
  /** refusals of a change that is no longer possible */
  conflicts: {
    takenBy: (unit: string) => `この提案はすでに${unit}が担当しています`,
    routingClosed: (state: string) => `この引き受け依頼は終わっています（${routing.ja(p).routingState[state] ?? state}）`,
    renewOnlyWithEnd: "更新できるのは終了日のある協定だけです",
    renewalUnderWay: "この協定の更新はすでに協議中です",
    unknownDepartment: (code: string) => `部署コード「${code}」は組織設定にありません`,
    idempotencyReused: "この Idempotency-Key は別の提案に使われています",
    proposalIs: (status: string) => `この提案はいまその操作ができる状態ではありません（${common.ja(p).status[status as never] ?? status}）`,
    agreementIs: (state: string) => `この協定はいまその操作ができる状態ではありません（${agreements.ja(p).agreement.state[state] ?? state}）`,
    unknownAction: (id: string) => `知らない操作です: ${id}`,
  },
  /** schema messages (`says("schema.required")`), shown under their field or after its name */
  schema: {
    required: "入力してください",
    maxChars: (max: number) => `${max}文字以内で入力してください`,
    oneLine: "改行や文字の向きを変える制御文字は使えません",
    digits13: "13桁の数字で入力してください",
    checkDigit: "法人番号のチェックディジットが一致しません",
    email: "メールアドレスの形式で入力してください",
    phone: "電話番号の形式で入力してください",
    maxItems: (max: number) => `${max}個までです`,
    unknownField: (code: string) => `分野「${code}」は選べません。一覧から選んでください`,
    oneOf: (values: string) => `${values} のいずれかです`,
    trueFalse: "true か false で指定してください",
    date: "YYYY-MM-DD の日付で入力してください",
    callNumber: "募集番号（C-0001 の形）で指定してください",
    challengeKind: "地域課題かテーマ型募集を選んでください",
    url: "リンクは http(s):// で始まるURLです",
    amount: "金額は0以上の整数（円）で入力してください（例: 1,200,000）",
    choose: "選んでください",
    chooseDepartments: "振り分け先を1つ以上選んでください",
    changesReason: "差戻しの理由を入力してください",
    /** a message zod wrote itself (a wrong type), already in the configured language */
    said: (text: string) => text,
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  errors: {
    forbidden: "You are not allowed to do that.",
    invalidInput: "Invalid input.",
    notFound: "Not found.",
    generic: "Something went wrong. Please try again in a moment.",
  },
  conflicts: {
    takenBy: (unit) => `already taken up by ${unit}`,
    routingClosed: (state) => `this routing is ${routing.en(p).routingState[state] ?? state}`,
    renewOnlyWithEnd: "only an agreement with an end date can be renewed",
    renewalUnderWay: "a renewal is already under way",
    unknownDepartment: (code) => `unknown department code ${code}`,
    idempotencyReused: "Idempotency-Key was already used for a different proposal",
    proposalIs: (status) => `the proposal cannot be changed that way now (${common.en(p).status[status as never] ?? status})`,
    agreementIs: (state) => `the agreement cannot be changed that way now (${agreements.en(p).agreement.state[state] ?? state})`,
    unknownAction: (id) => `unknown action ${id}`,
  },
  schema: {
    required: "is required",
    maxChars: (max) => `must be at most ${max} characters`,
    oneLine: "must be one line, without direction controls",
    digits13: "must be 13 digits",
    checkDigit: "check digit does not match",
    email: "must be an e-mail address",
    phone: "must be a phone number",
    maxItems: (max) => `at most ${max}`,
    unknownField: (code) => `field "${code}" is not one of the fields offered; choose from the list`,
    oneOf: (values) => `must be one of ${values}`,
    trueFalse: "must be true or false",
    date: "must be a date YYYY-MM-DD",
    callNumber: "must be a call number such as C-0001",
    challengeKind: "choose a local challenge or a theme call",
    url: "must be a link starting with http(s)://",
    amount: "must be a whole number of yen, 0 or more (e.g. 1,200,000)",
    choose: "choose one",
    chooseDepartments: "choose at least one department",
    changesReason: "say what should change",
    said: (text) => text,
  },
});
