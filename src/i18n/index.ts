/**
 * Japanese first, English available: every word the bot says to people comes from src/i18n, one file a
 * subject (each exports `ja` and `en: Words<ja>`); this file composes them into `ctx.t`.
 */
import { z } from "zod";
import * as common from "./common";
import * as proposals from "./proposals";
import * as routing from "./routing";
import * as review from "./review";
import * as agreements from "./agreements";
import * as reminders from "./reminders";
import * as reports from "./reports";
import * as figures from "./figures";
import * as challenges from "./challenges";
import * as home from "./home";
import * as surveys from "./surveys";
import * as bind from "./bind";
import * as errors from "./errors";
import * as io from "./io";
import * as cli from "./cli";
import * as pages from "./pages";
import * as desk from "./desk";
import * as mail from "./mail";
import * as commands from "./commands";
import * as demo from "./demo";
import * as slackInstall from "./slack-install";
import * as sharedRegister from "./shared-register";
import { cityKindOf, type CityKind } from "./vocabulary";
import type { FieldIssue, Reason } from "../domain/errors";
import type { Locale, Place, SectionKey } from "./words";

export type { Locale, Place, Words } from "./words";

const composeJa = (p: Place) => ({ ...common.ja(p), ...proposals.ja(p), ...routing.ja(p), ...review.ja(p), ...agreements.ja(p), ...reminders.ja(p), ...reports.ja(p), ...challenges.ja(p), ...home.ja(p), ...surveys.ja(p), ...bind.ja(p), ...errors.ja(p), ...io.ja(p), ...pages.ja(p), ...slackInstall.ja(p), ...sharedRegister.ja(p), ...mail.ja(p), cli: cli.ja, commands: commands.ja, demo: demo.ja, reports: figures.ja, desk: desk.ja(p) });
export type Messages = ReturnType<typeof composeJa>;
const composeEn = (p: Place): Messages => ({ ...common.en(p), ...proposals.en(p), ...routing.en(p), ...review.en(p), ...agreements.en(p), ...reminders.en(p), ...reports.en(p), ...challenges.en(p), ...home.en(p), ...surveys.en(p), ...bind.en(p), ...errors.en(p), ...io.en(p), ...pages.en(p), ...slackInstall.en(p), ...sharedRegister.en(p), ...mail.en(p), cli: cli.en, commands: commands.en, demo: demo.en, reports: figures.en, desk: desk.en(p) });

/** What the words need from the org config (src/config/org.ts), without importing it. */
export interface PlaceConfig {
  city: { name: { ja: string; en: string }; kind?: CityKind; policy: { ja: string; en: string; sections?: Partial<Record<SectionKey, string>> } };
  window: { name: { ja: string; en: string } };
}

/** The place the words speak of, from the org config. */
export function placeOf(org: PlaceConfig): Place {
  const kind = org.city.kind ?? cityKindOf(org.city.name.ja);
  if (!kind) throw new Error(`city.kind: cannot be read from the name ${org.city.name.ja}`);
  return {
    city: { ...org.city.name, kind },
    policy: { ja: org.city.policy.ja, en: org.city.policy.en },
    window: org.window.name,
    sections: org.city.policy.sections ?? {},
  };
}

/**
 * The place of words said before an org config could be read (the CLI reporting that it cannot): they
 * name no city, so any will do; never used where the bot speaks for a city.
 */
export const NO_PLACE: PlaceConfig = {
  city: { name: { ja: "-", en: "-" }, kind: "市", policy: { ja: "-", en: "-" } },
  window: { name: { ja: "-", en: "-" } },
};

const built = new WeakMap<PlaceConfig, Record<Locale, Messages>>();

/** Every word in `locale`, for the city of `org` (built once per org config; no side effects). */
export function words(locale: Locale, org: PlaceConfig): Messages {
  let both = built.get(org);
  if (!both) {
    const p = placeOf(org);
    both = { ja: composeJa(p), en: composeEn(p) };
    built.set(org, both);
  }
  return both[locale];
}

let current: Locale = "ja";

/** The process's language (LOCALE), for words chosen where no context reaches. */
export function currentLocale(): Locale {
  return current;
}

/**
 * A schema message as a code (`.min(1, says("schema.required"))`, `.max(n, says("schema.maxChars", n))`):
 * the edge that shows it words it, in its reader's language (`explain`).
 */
export function says(reason: ReasonCode, ...params: Array<string | number>): { error: () => string } {
  const message = params.length ? `${reason} ${JSON.stringify(params)}` : reason;
  return { error: () => message };
}

/** A schema issue's message as a reason: a code from `says`, else zod's own words (kept as they are). */
export function reasonOfMessage(message: string): Reason {
  const m = /^([a-z][\w.]*)(?: (\[.*\]))?$/i.exec(message);
  if (m && typeof lookup(words("ja", SAMPLE), m[1]) !== "undefined") return { reason: m[1], params: m[2] ? JSON.parse(m[2]) : [] };
  return { reason: "schema.said", params: [message] };
}

type Said = string | ((...args: never[]) => string);
/** Every word a refusal may name, as a dotted path into the words ("agreement.terms.overTwoYears"). */
export type ReasonCode = PathsOf<Messages>;
type PathsOf<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends Said ? `${P}${K}` : T[K] extends readonly unknown[] ? never : T[K] extends object ? PathsOf<T[K], `${P}${K}.`> : never;
}[keyof T & string];

function lookup(t: Messages, path: string): unknown {
  let at: unknown = t;
  for (const key of path.split(".")) at = at && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined;
  return typeof at === "string" || typeof at === "function" ? at : undefined;
}

/** A refusal in words: the word its code names, filled with its params (the code itself if none: a bug shows). */
export function explain(t: Messages, r: Reason): string {
  const word = lookup(t, r.reason);
  if (typeof word === "function") return (word as (...a: unknown[]) => string)(...(r.params ?? []));
  return typeof word === "string" ? word : r.reason;
}

/** A field's refusal in words, after the field's name when it has one (`label` is a code too). */
export function explainIssue(t: Messages, i: FieldIssue): string {
  const text = explain(t, i);
  return i.label ? `${explain(t, { reason: i.label })}${t.colon}${text}` : text;
}

/** Any city will do to check that a code names a word: the words' shape does not depend on it. */
const SAMPLE: PlaceConfig = { city: { name: { ja: "-市", en: "-" }, kind: undefined, policy: { ja: "-", en: "-" } }, window: { name: { ja: "-", en: "-" } } };

/** The process's words: `words` in `locale`, which also becomes the language of schema messages. */
export function messages(locale: Locale, org: PlaceConfig): Messages {
  current = locale;
  // zod's own messages (a missing field, a wrong type) in the same language
  z.config(locale === "en" ? z.locales.en() : z.locales.ja());
  return words(locale, org);
}
