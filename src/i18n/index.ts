/**
 * Japanese first, English available: every word the bot says to people comes from src/i18n, one file a
 * subject (each exports `ja` and `en: Words<ja>`); this file composes them into `ctx.t`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { z } from "zod";
import * as common from "./common";
import * as proposals from "./proposals";
import * as routing from "./routing";
import * as review from "./review";
import * as agreements from "./agreements";
import * as reminders from "./reminders";
import * as reports from "./reports";
import * as challenges from "./challenges";
import * as home from "./home";
import * as bind from "./bind";
import * as errors from "./errors";
import * as io from "./io";
import * as cli from "./cli";
import * as pages from "./pages";
import * as desk from "./desk";
import { cityKindOf, type CityKind } from "./vocabulary";
import type { Locale, Place, SectionKey } from "./words";

export type { Locale, Place, Words } from "./words";

const composeJa = (p: Place) => ({ ...common.ja(p), ...proposals.ja(p), ...routing.ja(p), ...review.ja(p), ...agreements.ja(p), ...reminders.ja(p), ...reports.ja(p), ...challenges.ja(p), ...home.ja(p), ...bind.ja(p), ...errors.ja(p), ...io.ja(p), ...cli.ja(p), ...pages.ja(p), desk: desk.ja(p) });
export type Messages = ReturnType<typeof composeJa>;
const composeEn = (p: Place): Messages => ({ ...common.en(p), ...proposals.en(p), ...routing.en(p), ...review.en(p), ...agreements.en(p), ...reminders.en(p), ...reports.en(p), ...challenges.en(p), ...home.en(p), ...bind.en(p), ...errors.en(p), ...io.en(p), ...cli.en(p), ...pages.en(p), desk: desk.en(p) });

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
/** a request's own language (the public desk's pages), over the process's */
const scoped = new AsyncLocalStorage<Locale>();

/** Runs `fn` with schema messages in `locale` (a web page in the language its visitor chose). */
export function inLocale<T>(locale: Locale, fn: () => T): T {
  return scoped.run(locale, fn);
}

/** The process's language, for words chosen where no context reaches (schema messages). */
export function currentLocale(): Locale {
  return current;
}

/** A schema message in the configured language: `.min(1, says("入力してください", "is required"))`. */
export function says(ja: string, en: string): { error: () => string } {
  return { error: () => ((scoped.getStore() ?? current) === "en" ? en : ja) };
}

/** The process's words: `words` in `locale`, which also becomes the language of schema messages. */
export function messages(locale: Locale, org: PlaceConfig): Messages {
  current = locale;
  // zod's own messages (a missing field, a wrong type) in the same language
  z.config(locale === "en" ? z.locales.en() : z.locales.ja());
  return words(locale, org);
}
