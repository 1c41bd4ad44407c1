/**
 * The planning division's reports page (staff only, not public): opened from chat with a signed personal
 * link (`report`), which starts a short session (a cookie) for that person; every request is checked
 * against the permission table (PAGES in src/app/permissions.ts; refusals audited). Charts are SVG drawn
 * on the server, each beside a table of the same numbers and its definition. Also the signed chart
 * images the scheduled report posts to chat.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Eta } from "eta";
import type { Express, Request, Response } from "express";
import type { Logger } from "pino";
import { authorize, PAGES } from "../../app/permissions";
import type { Workflow } from "../../app/workflow";
import { describeChart, chartSvg } from "../../app/reports/charts";
import { words, type YearReport } from "../../app/reports/figures";
import { reportCsv, reportXlsx } from "../../app/reports/files";
import { imageSig, issue, SESSION_MINUTES, verifyToken } from "../../app/reports/links";
import { summaryLines } from "../../app/reports/summary";
import { DomainError } from "../../domain/errors";
import type { Locale } from "../../i18n";
import { FIGURE_IDS, type FigureId } from "../../i18n/figures";
import type { Actor } from "../../ports/chat";
import { PROJECT_ROOT } from "../../paths";

const VIEWS = join(PROJECT_ROOT, "src/platforms/web/views");
const CSS = join(PROJECT_ROOT, "src/platforms/web/assets/reports.css");
const COOKIE = "reports_session";

function headers(res: Response): void {
  res.set({
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
  });
}

function cookieOf(req: Request): string | undefined {
  const raw = req.headers.cookie ?? "";
  for (const part of raw.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === COOKIE) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

const one = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** @param deps.base where this municipality's page is mounted ("/m/<slug>"; "" for the default one) */
export function mountReports(http: Express, deps: { workflow: Workflow; log: Logger; secure: boolean; base?: string }): void {
  const { workflow } = deps;
  const base = deps.base ?? "";
  const ctx = workflow.ctx;
  const keys = () => workflow.reports.settings.keys;
  const eta = new Eta({ views: VIEWS, autoEscape: true, cache: true, autoTrim: false });
  const css = (() => {
    try {
      return readFileSync(CSS, "utf8");
    } catch {
      return "";
    }
  })();
  const langOf = (req: Request): Locale => (one(req.query.lang) === "en" ? "en" : one(req.query.lang) === "ja" ? "ja" : ctx.dir.locale === "en" ? "en" : "ja");

  function fail(res: Response, status: number, lang: Locale, message: string): void {
    headers(res);
    res.status(status).type("html").send(eta.render("reports-error", { lang, message, base }));
  }

  /** the session's person, checked against the permission table for `op` (a refusal is audited) */
  async function person(req: Request, res: Response, op: string): Promise<Actor | null> {
    const lang = langOf(req);
    const actor = verifyToken(keys(), "session", cookieOf(req), ctx.clock.now());
    if (!actor) {
      fail(res, 401, lang, words(lang).linkExpired);
      return null;
    }
    try {
      await authorize(ctx, actor, op, "");
      return actor;
    } catch (e) {
      if (e instanceof DomainError && e.code === "forbidden") {
        fail(res, 403, lang, words(lang).forbidden);
        return null;
      }
      throw e;
    }
  }

  async function reportOf(req: Request): Promise<YearReport> {
    const years = await workflow.reports.years();
    const asked = Number.parseInt(one(req.query.year) ?? "", 10);
    const year = years.includes(asked) ? asked : workflow.reports.currentYear();
    const dept = one(req.query.department);
    const known = dept && /^[a-z0-9][a-z0-9-]{0,62}$/.test(dept) ? dept : null;
    return workflow.reports.year(year, { department: known, locale: langOf(req) });
  }

  const query = (r: YearReport, extra: Record<string, string> = {}) =>
    new URLSearchParams({ year: String(r.fiscalYear), ...(r.department ? { department: r.department } : {}), lang: r.locale, ...extra }).toString();

  http.get("/reports/assets/reports.css", (_req, res) => {
    res.set({ "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" }).type("text/css").send(css);
  });

  // the personal link from chat: a valid one opens a session for that person and goes to the page
  http.get("/reports/open", (req, res) => {
    const lang = langOf(req);
    const actor = verifyToken(keys(), "link", one(req.query.token), ctx.clock.now());
    if (!actor) return fail(res, 401, lang, words(lang).linkExpired);
    const session = issue(keys(), "session", actor, ctx.clock.now());
    headers(res);
    res.cookie(COOKIE, session, { httpOnly: true, sameSite: "lax", secure: deps.secure, path: `${base}/reports`, maxAge: SESSION_MINUTES * 60_000 });
    res.redirect(303, `${base}/reports`);
  });

  http.get("/reports", async (req, res, next) => {
    try {
      if (!(await person(req, res, PAGES.reports))) return;
      const report = await reportOf(req);
      const t = words(report.locale);
      const other: Locale = report.locale === "en" ? "ja" : "en";
      headers(res);
      res.type("html").send(
        eta.render("reports", {
          lang: report.locale,
          base,
          otherLang: other,
          switchHref: `${base}/reports?${query(report, { lang: other })}`,
          t,
          title: t.pageTitle(report.label),
          report,
          years: await workflow.reports.years(),
          summary: summaryLines(report),
          chartHref: (id: string) => `${base}/reports/charts/${id}.svg?${query(report)}`,
          fileHref: (format: string) => `${base}/reports/file?${query(report, { format })}`,
          describe: (f: YearReport["figures"][number]) => describeChart(f, report.locale),
          num: (v: number | null) => (v === null ? "–" : v.toLocaleString(report.locale === "en" ? "en-US" : "ja-JP")),
        }),
      );
    } catch (e) {
      next(e);
    }
  });

  http.get("/reports/charts/:figure.svg", async (req, res, next) => {
    try {
      if (!(await person(req, res, PAGES.reportChart))) return;
      const id = String(req.params.figure) as FigureId;
      if (!FIGURE_IDS.includes(id)) return fail(res, 404, langOf(req), words(langOf(req)).noData);
      const report = await reportOf(req);
      const svg = await chartSvg(report.figures.find((f) => f.id === id)!, report.locale);
      headers(res);
      res.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox").type("image/svg+xml").send(svg);
    } catch (e) {
      next(e);
    }
  });

  http.get("/reports/file", async (req, res, next) => {
    try {
      if (!(await person(req, res, PAGES.reportFile))) return;
      const report = await reportOf(req);
      const name = `partnership-report-FY${report.fiscalYear}${report.department ? `-${report.department}` : ""}`;
      headers(res);
      if (one(req.query.format) === "csv") {
        res.set("Content-Disposition", `attachment; filename="${name}.csv"`).type("text/csv; charset=utf-8").send(reportCsv(report));
      } else {
        res
          .set("Content-Disposition", `attachment; filename="${name}.xlsx"`)
          .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .send(Buffer.from(await reportXlsx(report)));
      }
    } catch (e) {
      next(e);
    }
  });

  // chart images posted to chat: the signed URL is the permission (Slack fetches them without a session)
  http.get("/reports/images/:id.png", async (req, res, next) => {
    try {
      const id = String(req.params.id);
      const sig = one(req.query.sig) ?? "";
      if (!/^[0-9a-f]{32}$/.test(id) || !keys().verify(`image.${id}`, sig)) return void res.status(404).end();
      const png = await ctx.store.reports.image(id);
      if (!png) return void res.status(404).end();
      res.set({ "Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" }).type("image/png").send(Buffer.from(png));
    } catch (e) {
      next(e);
    }
  });
}

/** The absolute URL of a stored chart image. */
export const imageUrl = (baseUrl: string, keys: Parameters<typeof imageSig>[0], id: string) => `${baseUrl}/reports/images/${id}.png?sig=${imageSig(keys, id)}`;
