/** What every use case is given: the store, the organisation, words, and time. No platform in sight. */
import { BusinessCalendar } from "../../domain/calendar";
import type { Locale, Messages } from "../../i18n";
import type { Store } from "../../ports/store";
import type { OrgDirectory } from "./org-directory";
import type { SharedSearch } from "../shared-register/types";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface AppContext {
  store: Store;
  dir: OrgDirectory;
  t: Messages;
  /** the language of `t` when it is not the org's (a viewer's own, for what only they see) */
  locale?: Locale;
  clock: Clock;
  calendar: BusinessCalendar;
  /** mail to companies is on (a relay and a sender are configured): notices are queued only then */
  mail?: boolean;
  /** called after a use case commits, so queued messages go out at once */
  afterCommit: () => void;
  /** where background work (sweeps) reports a failure it survives */
  log: { error(obj: object, msg: string): void };
  /** the deployment's shared register across its municipalities (§4(3)), the same for each: set by src/core.ts */
  shared?: SharedSearch<AppContext>;
}

export function newCalendar(closedDays: readonly string[]): BusinessCalendar {
  return new BusinessCalendar({ yearly: closedDays });
}
