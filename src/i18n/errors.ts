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
    routingClosed: (state: string) => `この引き受け依頼は終わっています（${state}）`,
    renewOnlyWithEnd: "更新できるのは終了日のある協定だけです",
    renewalUnderWay: "この協定の更新はすでに協議中です",
    unknownDepartment: (code: string) => `部署コード「${code}」は組織設定にありません`,
    idempotencyReused: "この Idempotency-Key は別の提案に使われています",
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
    routingClosed: (state) => `this routing is ${state}`,
    renewOnlyWithEnd: "only an agreement with an end date can be renewed",
    renewalUnderWay: "a renewal is already under way",
    unknownDepartment: (code) => `unknown department code ${code}`,
    idempotencyReused: "Idempotency-Key was already used for a different proposal",
  },
});
