/**
 * Words of the platform edges (Slack, Teams) that are not in ./index.ts: Japanese first, English typed
 * against it, so a missing translation fails to compile.
 */
import { currentLocale, type Locale } from "./index";

export const ja = {
  /** a button or menu whose action the bot no longer knows (a renamed id, a very old message) */
  outOfDate: "このメッセージは古くなっているため、ボタンを使えません。最新のメッセージから操作するか、`/partner help` で使い方を確認してください。",
};

type Words<T> = { [K in keyof T]: T[K] extends string ? string : Words<T[K]> };

export const en: Words<typeof ja> = {
  outOfDate: "This message is out of date, so its buttons no longer work. Use the latest message, or see `/partner help`.",
};

export function platformNotes(locale: Locale = currentLocale()): Words<typeof ja> {
  return locale === "en" ? en : ja;
}
