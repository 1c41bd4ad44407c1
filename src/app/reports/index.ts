/** The reports' use cases, bound to one context (the workflow exposes them as `wf.reports`). */
import type { Locale } from "../../i18n";
import type { Actor } from "../../ports/chat";
import type { AppContext } from "../kernel/context";
import { fiscalYearOf } from "./fiscal-year";
import { yearReport } from "./figures";
import { issue, LINK_MINUTES, reportsKeys, type ReportsKeys } from "./links";
import { summaryMessage } from "./summary";
import { postScheduledReport } from "./scheduled";
import { words } from "./figures";

export interface ReportSettings {
  keys: ReportsKeys;
  /** where people and Slack reach the bot (PUBLIC_BASE_URL, else the server's own address) */
  baseUrl: string;
}

export function reportUseCases(ctx: AppContext) {
  const settings: ReportSettings = { keys: reportsKeys({}), baseUrl: "" };
  const self = {
    settings,
    /** set at start: the signing key and the address links point at */
    configure: (s: Partial<ReportSettings>) => void Object.assign(settings, s),
    /** the fiscal year's figures (everyone's, or one department's), in a language */
    year: (fiscalYear: number, opts: { department?: string | null; locale?: Locale } = {}) => yearReport(ctx, fiscalYear, opts),
    /** the fiscal year now (Tokyo) */
    currentYear: () => fiscalYearOf(ctx.clock.now()),
    /** years with any data, and the current one */
    years: async () => [...new Set([...(await ctx.store.reports.years()), fiscalYearOf(ctx.clock.now())])].sort((a, b) => a - b),
    /** the scheduled report to the planning division's channel (through the outbox) */
    postScheduled: (now: Date) => postScheduledReport(ctx, settings, now),
    /** `report`: this year's key figures and a personal, signed, short-lived link to the page (answered privately) */
    command: async (actor: Actor) => {
      const r = await yearReport(ctx, fiscalYearOf(ctx.clock.now()));
      const t = words(r.locale);
      const url = `${settings.baseUrl}/reports/open?token=${issue(settings.keys, "link", actor, ctx.clock.now())}`;
      return summaryMessage(r, [
        { type: "link", url, text: t.openLink },
        { type: "context", text: t.linkValid(LINK_MINUTES) },
      ]);
    },
  };
  return self;
}

export type ReportUseCases = ReturnType<typeof reportUseCases>;
