/** The reports' use cases, bound to one context (the workflow exposes them as `wf.reports`). */
import type { Locale } from "../../i18n";
import type { AppContext } from "../kernel/context";
import { fiscalYearOf } from "./fiscal-year";
import { yearReport } from "./figures";

export function reportUseCases(ctx: AppContext) {
  return {
    /** the fiscal year's figures (everyone's, or one department's), in a language */
    year: (fiscalYear: number, opts: { department?: string | null; locale?: Locale } = {}) => yearReport(ctx, fiscalYear, opts),
    /** the fiscal year now (Tokyo) */
    currentYear: () => fiscalYearOf(ctx.clock.now()),
    /** years with any data, and the current one */
    years: async () => [...new Set([...(await ctx.store.reports.years()), fiscalYearOf(ctx.clock.now())])].sort((a, b) => a - b),
  };
}

export type ReportUseCases = ReturnType<typeof reportUseCases>;
