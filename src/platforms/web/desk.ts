/**
 * The public desk (policy §6(1)(2)): companies propose, see the city's calls for proposals, and see the
 * partnerships the city has concluded. Server-rendered HTML on the same use cases as chat; every page is
 * in Japanese unless the visitor switches to English (?lang=en). Only the routes in PUBLIC_PAGES exist.
 *
 * A proposal goes 入力 → 確認 → 完了: the form posts to /propose, which stores nothing and shows what will
 * be sent (hidden fields carry it, without JavaScript); only "send" from there (/propose/send) stores it,
 * after every check again (the hidden fields are a stranger's input like any other).
 *
 * Defences: CSP without inline scripts and frame-ancestors 'none' (helmet); a signed double-submit
 * token tied to a per-visitor cookie (csrf-csrf), one per visitor for every tab and language; a honeypot
 * field (a robot that fills it is answered as if it had succeeded, and counted); a per-address limit on
 * proposals and on link requests (express-rate-limit, the address as TRUST_PROXY_HOPS says), checked on
 * every post and counting only what was stored or asked for; nothing stored unless every check passes.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import cookieParser from "cookie-parser";
import { doubleCsrf } from "csrf-csrf";
import { Eta } from "eta";
import express, { type Express, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import { z } from "zod";
import type { OrgDirectory } from "../../app/kernel/org-directory";
import { PUBLIC_PAGES } from "../../app/permissions";
import { partnershipsCsv } from "../../app/public-desk/register";
import { explain, reasonOfMessage, words, type Locale as Lang } from "../../i18n";
import { asciiDomain, proposalSchemaOf } from "../../app/proposals/submit.schema";
import { wellFormed } from "../../app/kernel/text";
import type { Workflow } from "../../app/workflow";
import { DomainError } from "../../domain/errors";
import { corporateNumberDigits, plainDigits } from "../../domain/company";
import { PATTERNS } from "../../domain/proposal";
import { PROJECT_ROOT } from "../../paths";
import type { Actor } from "../../ports/chat";

export { PUBLIC_PAGES };

export interface DeskOptions {
  workflow: Workflow;
  dir: OrgDirectory;
  log: Logger;
  /** signs form tokens; random per process when not set */
  secret?: string;
  /** https://… where companies reach the desk: absolute status links, Secure cookies */
  publicBaseUrl?: string;
  /** proposals per address per 15 minutes */
  formLimit: number;
  /** mail to companies is on: a lost status link can be sent again (else the page sends people to the window) */
  mail?: boolean;
  /** where this municipality's desk is mounted ("/m/<slug>"; "" for the default one at the root) */
  base?: string;
}

const WEB_ACTOR: Actor = { platform: "web", userId: "public-desk" };
const WINDOW_MS = 15 * 60_000;
/** the lost-link page answers no sooner than this, hit or miss (well above the use case's own time) */
const LINK_ANSWER_MS = 400;
const VIEWS = join(PROJECT_ROOT, "src/platforms/web/views");
const ASSETS = { "style.css": join(PROJECT_ROOT, "src/platforms/web/assets/style.css"), "propose.js": join(PROJECT_ROOT, "dist/public/propose.js") };

/** form field ← the intake schema's path */
const FIELD_OF: Record<string, string> = {
  "company.name": "companyName",
  "company.corporateNumber": "corporateNumber",
  "company.contactName": "contactName",
  "company.email": "email",
  "company.phone": "phone",
};
const FIELD_ORDER = ["companyName", "corporateNumber", "contactName", "email", "phone", "title", "summary", "fields", "pattern", "costToCity", "desiredStart", "consent", "challenge"];

interface FormValues {
  companyName: string;
  corporateNumber: string;
  contactName: string;
  email: string;
  phone: string;
  title: string;
  summary: string;
  fields: string[];
  pattern: string;
  costToCity: string;
  desiredStart: string;
  consent: boolean;
}

const EMPTY: FormValues = { companyName: "", corporateNumber: "", contactName: "", email: "", phone: "", title: "", summary: "", fields: [], pattern: "", costToCity: "", desiredStart: "", consent: false };

const one = (v: unknown) => (typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : "");
const many = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);

function valuesOf(body: Record<string, unknown>): FormValues {
  return {
    companyName: one(body.companyName),
    // full-width digits and dashes of any kind, as people type them, are read as the number they are
    corporateNumber: corporateNumberDigits(one(body.corporateNumber)),
    contactName: one(body.contactName),
    email: one(body.email).normalize("NFKC"),
    phone: plainDigits(one(body.phone)),
    title: one(body.title),
    summary: one(body.summary),
    fields: many(body.fields).slice(0, 50),
    pattern: one(body.pattern),
    costToCity: one(body.costToCity),
    desiredStart: one(body.desiredStart),
    consent: one(body.consent) === "yes",
  };
}

/** A page's words: the desk's own, with the dates and joiners chat uses. */
function deskWords(lang: Lang, org: DeskOptions["dir"]["org"]) {
  const t = words(lang, org);
  return { ...t.desk, date: t.date, shortDate: t.shortDate, aside: t.aside, errorTitle: t.errorTitle };
}
type WebWords = ReturnType<typeof deskWords>;

function labelOf(w: WebWords["propose"], field: string): string {
  const labels: Record<string, string> = {
    companyName: w.companyName, corporateNumber: w.corporateNumber, contactName: w.contactName, email: w.email, phone: w.phone,
    title: w.titleField, summary: w.summary, fields: w.fields, pattern: w.pattern, costToCity: w.cost, desiredStart: w.desiredStart, consent: w.consent,
  };
  return labels[field] ?? "";
}

const blank = (s: string) => (s.trim() === "" ? undefined : s);
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function mountPublicDesk(app: Express, opts: DeskOptions): void {
  const base = opts.base ?? "";
  const secure = opts.publicBaseUrl?.startsWith("https://") ?? false;
  const secret = opts.secret ?? randomBytes(32).toString("hex");
  if (!opts.secret) opts.log.warn("PUBLIC_FORM_SECRET is not set: form tokens are signed with a key of this process only");
  if (!opts.publicBaseUrl) opts.log.warn("PUBLIC_BASE_URL is not set: the status links the desk gives companies are relative (set the desk's https address)");
  const eta = new Eta({ views: VIEWS, autoEscape: true, cache: true, autoTrim: false });

  const langOf = (req: Request): Lang => (req.query.lang === "en" ? "en" : "ja");
  const wordsOf = (lang: Lang): WebWords => deskWords(lang, opts.dir.org);
  const href = (lang: Lang) => (path: string, query: Record<string, string> = {}) => {
    const q = new URLSearchParams({ ...(lang === "en" ? { lang } : {}), ...query }).toString();
    return q ? `${base}${path}?${q}` : `${base}${path}`;
  };
  const departmentName = (lang: Lang) => (code: string) => opts.dir.unitName(code, lang);
  /** how to reach the window, for the footer of every page */
  const contactOf = (lang: Lang) => {
    const c = opts.dir.org.window.contact;
    return { office: opts.dir.org.window.name[lang], phone: c?.phone, email: c?.email, hours: c?.hours?.[lang] };
  };
  // text people typed (titles, names) is mostly Japanese: on the English page it is marked so (WCAG 3.1.2)
  const langAttr = (lang: Lang) => (text: string) => (lang === "en" && JAPANESE.test(text) ? ' lang="ja"' : "");

  /**
   * A page. `noindex`: private or transient (a status page, a confirmation): search engines are told not to
   * keep it. `switchPath`: where the language switch leads when this page answered a post (the form's GET).
   */
  /**
   * A form's errors as its page shows them: English messages are predicates ("is required"), so under
   * their field they read with its name; the summary at the top has each with its field's name, the
   * form's own (field "") first, then in `order`.
   */
  const errorSummary = (lang: Lang, errors: Record<string, string>, order: readonly string[], label: (field: string) => string) => {
    if (lang === "en") for (const [f, m] of Object.entries(errors)) if (/^(is|must) /.test(m)) errors[f] = `${label(f)} ${m}`;
    return ["", ...order]
      .filter((f) => errors[f])
      .map((f) => ({ field: f, text: !label(f) || errors[f].startsWith(label(f)) ? errors[f] : `${label(f)}${wordsOf(lang).colon}${errors[f]}` }));
  };
  const page = (req: Request, res: Response, view: string, data: Record<string, unknown> & { title: string; section?: string; httpStatus?: number; noindex?: boolean; switchPath?: string }) => {
    const lang = langOf(req);
    const w = wordsOf(lang);
    const other = new URLSearchParams(req.query as Record<string, string>);
    if (w.other.lang === "en") other.set("lang", "en");
    else other.delete("lang");
    const qs = other.toString();
    // the path as the visitor asked for it (not relative to a mount point), never "//host" (another site)
    const path = data.switchPath ? `${base}${data.switchPath}` : `/${new URL(req.originalUrl, "http://desk.invalid").pathname.replace(/^\/+/, "")}`;
    const switchHref = typeof data.switchHref === "string" ? data.switchHref : `${path}${qs ? `?${qs}` : ""}`;
    const html = eta.render(view, { contact: contactOf(lang), ...data, w, lang, base, href: href(lang), switchHref, department: departmentName(lang), langAttr: langAttr(lang) });
    if (data.noindex) res.set("X-Robots-Tag", "noindex, nofollow");
    res.status(data.httpStatus ?? 200).type("html").set("Cache-Control", "no-store").send(html);
  };
  const errorPage = (req: Request, res: Response, status: number, kind: "notFound" | "badRequest" | "generic" | "methodNotAllowed") => {
    const w = wordsOf(langOf(req)).errors;
    const text = { notFound: w.notFoundText, badRequest: w.badRequestText, generic: w.genericText, methodNotAllowed: w.methodNotAllowedText }[kind];
    // a wrong status link may have been lost: the page leads to a new one
    const lostLink = status === 404 && /^\/propose\/status\//.test(req.path);
    page(req, res, "./error", { title: w[kind], heading: w[kind], text, httpStatus: status, lostLink, noindex: status === 404 || status === 405 });
  };

  const desk = express.Router();
  desk.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: secure ? { maxAge: 31_536_000 } : false,
      xFrameOptions: { action: "deny" },
      referrerPolicy: { policy: "no-referrer" }, // the status link's token must not leak to another site
    }),
  );

  // assets: two files, by name only
  desk.get("/assets/:name", (req, res, next) => {
    const file = ASSETS[req.params.name as keyof typeof ASSETS];
    if (!file) return next();
    res.sendFile(file, { maxAge: "1h" }, (err) => err && next());
  });

  desk.get("/", (req, res) => res.redirect(303, href(langOf(req))("/propose")));

  // --- the proposal form ---
  const visitorCookie = secure ? "__Host-desk.visitor" : "desk.visitor";
  const cookieOptions = { httpOnly: true, sameSite: "strict" as const, secure, path: "/" };
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => (req as Request & { visitor?: string }).visitor ?? "",
    cookieName: secure ? "__Host-desk.csrf" : "desk.csrf",
    cookieOptions,
    getCsrfTokenFromRequest: (req) => (typeof req.body?._csrf === "string" ? req.body._csrf : undefined),
  });
  // one token per visitor, kept while it is valid: a second tab, or the other language, gets the same one
  // (a fresh token on every page made the first tab's form fail with 403)
  const csrfOf = (req: Request, res: Response) => generateCsrfToken(req, res, { overwrite: false });
  const form = express.Router();
  form.use(cookieParser(), (req, res, next) => {
    // an anonymous visitor id that the form token is bound to (no session, nothing stored)
    let id = req.cookies?.[visitorCookie];
    if (typeof id !== "string" || !/^[A-Za-z0-9_-]{22,64}$/.test(id)) {
      id = randomBytes(18).toString("base64url");
      if (req.method === "GET") res.cookie(visitorCookie, id, cookieOptions);
      else id = ""; // a POST without the cookie cannot carry a valid token
    }
    (req as Request & { visitor?: string }).visitor = id;
    next();
  });

  /** the call a form answers (open or not), by its number */
  const callOf = async (ref: unknown) => {
    if (typeof ref !== "string" || !ref) return null;
    return opts.workflow.publicChallenge(ref);
  };
  const renderForm = async (req: Request, res: Response, values: FormValues, errors: Record<string, string>, status = 200, submission: string = randomUUID(), challengeRef?: unknown) => {
    const lang = langOf(req);
    const w = wordsOf(lang).propose;
    const errorList = errorSummary(lang, errors, FIELD_ORDER, (f) => labelOf(w, f)).map((x) => (x.field === "challenge" ? { ...x, field: "" } : x));
    // only an open call is kept on the form; a closed one is said so in the errors, and the form goes as a general proposal
    const call = await callOf(challengeRef ?? req.query.challenge);
    const challenge = call?.open ? call : null;
    // an old link to a call that has closed: said so, and the form is a general one
    const closedCall = call && !call.open && !errors.challenge ? w.callClosed(call.number) : null;
    page(req, res, "./propose", {
      title: errorList.length ? wordsOf(lang).errorTitle(w.title) : w.title,
      section: "propose",
      script: true,
      httpStatus: status,
      values,
      errors,
      errorList,
      csrf: csrfOf(req, res),
      submission,
      challenge,
      closedCall,
      fieldOptions: opts.dir.fieldOptions(lang),
      patterns: PATTERNS,
      step: "input",
      noindex: req.method === "POST",
      switchPath: "/propose",
    });
  };

  form.get("/propose", async (req, res) => {
    await renderForm(req, res, EMPTY, {});
  });

  /**
   * A per-address limit. Every post is checked against it (over the limit: 429), but only what was done
   * counts (a proposal stored, a link asked for, a robot caught): a form sent back for corrections, a
   * confirmation page and the repeat of a proposal already stored are taken off again (`uncounted`).
   */
  const limiterOf = (over: (req: Request, res: Response) => void) =>
    rateLimit({
      windowMs: WINDOW_MS,
      limit: opts.formLimit,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      // X-Forwarded-For is ignored on purpose unless TRUST_PROXY_HOPS says which proxies to believe
      validate: { xForwardedForHeader: false },
      skipFailedRequests: true,
      requestWasSuccessful: (_req, res) => res.statusCode < 400 && res.locals.uncounted !== true,
      handler: over,
    });
  const limiter = limiterOf((req, res) => {
    const w = wordsOf(langOf(req)).propose;
    void renderForm(req, res, valuesOf((req.body ?? {}) as Record<string, unknown>), { "": w.tooMany }, 429, one(req.body?.submission) || undefined, one(req.body?.challenge));
  });
  const linkLimiter = limiterOf((req, res) => {
    const w = wordsOf(langOf(req)).link;
    renderLink(req, res, linkValuesOf(req.body ?? {}), { "": w.tooMany }, 429);
  });
  /** runs `limit`; false when it answered (429) */
  const withinLimit = async (limit: ReturnType<typeof rateLimit>, req: Request, res: Response, counted: boolean) => {
    if (!counted) res.locals.uncounted = true;
    await new Promise<void>((resolve, reject) => limit(req, res, (e?: unknown) => (e ? reject(e) : resolve())));
    return !res.headersSent;
  };
  /**
   * A filled honeypot: a robot. It is answered as a success is (303 to a page that says it was sent, shows
   * no number and stores nothing), so it learns nothing, and it counts against the address's limit.
   */
  const trapped = async (req: Request, res: Response, limit: ReturnType<typeof rateLimit>, to: string, query: Record<string, string> = {}) => {
    if (one(req.body?.website) === "") return false;
    if (await withinLimit(limit, req, res, true)) res.redirect(303, href(langOf(req))(to, query));
    return true;
  };

  /** A proposal form as posted (from the form or from the confirmation's hidden fields), read and checked. */
  const checkProposal = async (req: Request, lang: Lang) => {
    const w = wordsOf(lang).propose;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = valuesOf(body);
    const submission = /^[0-9a-f-]{36}$/.test(one(body.submission)) ? one(body.submission) : randomUUID();
    let challenge = one(body.challenge);
    const errors: Record<string, string> = {};
    if (!wellFormed(body)) errors[""] = w.rejected;
    let call: Awaited<ReturnType<typeof callOf>> = null;
    if (challenge) {
      call = await callOf(challenge);
      if (!call?.open) {
        errors.challenge = call ? w.callClosed(call.number) : w.callUnknown;
        challenge = "";
        call = null;
      }
    }
    const input = {
      company: { name: values.companyName, corporateNumber: blank(values.corporateNumber), contactName: values.contactName, email: values.email, phone: blank(values.phone) },
      title: values.title,
      summary: values.summary.replace(/\r\n/g, "\n"),
      fields: values.fields,
      pattern: values.pattern,
      costToCity: values.costToCity === "yes",
      desiredStart: blank(values.desiredStart),
      challenge: blank(challenge),
      // the language the company wrote in: what the city sends it later is in it
      locale: lang,
    };
    // the intake schema's own rules (with the org's fields), worded in the page's language (its messages are codes; zod's own in the page's language too)
    const t = words(lang, opts.dir.org);
    const parsed = proposalSchemaOf(opts.dir).safeParse(input, { error: lang === "en" ? z.locales.en().localeError : z.locales.ja().localeError });
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String), message: explain(t, reasonOfMessage(i.message)) }));
    for (const i of issues) errors[FIELD_OF[i.path.join(".")] ?? i.path[0] ?? ""] ??= i.message;
    // an empty e-mail field is missing, not malformed
    if (values.email.trim() === "") errors.email = w.required;
    if (!(PATTERNS as readonly string[]).includes(values.pattern)) errors.pattern = w.patternRequired;
    if (values.costToCity !== "yes" && values.costToCity !== "no") errors.costToCity = w.costRequired;
    if (!values.consent) errors.consent = w.consentRequired;
    return { values, submission, challenge, call, errors, input };
  };

  // 入力 → 確認: the form's post stores nothing; it shows what will be sent
  form.post("/propose", express.urlencoded({ extended: false, limit: "64kb", parameterLimit: 200 }), async (req, res) => {
    const lang = langOf(req);
    const w = wordsOf(lang).propose;
    const body = (req.body ?? {}) as Record<string, unknown>;
    // a form that cannot be checked (no cookie, a token from another browser or another key) is shown
    // again with what was typed and a fresh token: nothing is stored, nothing is lost
    if (!validateRequest(req)) return renderForm(req, res, valuesOf(body), { "": w.unchecked }, 403, undefined, one(body.challenge));
    if (await trapped(req, res, limiter, "/propose/received")) return;
    // over the limit, even the confirmation is refused (429, what was typed kept); below it, it does not count
    if (!(await withinLimit(limiter, req, res, false))) return;
    const c = await checkProposal(req, lang);
    if (Object.keys(c.errors).length) return renderForm(req, res, c.values, c.errors, 422, c.submission, c.challenge);
    renderConfirm(req, res, c);
  });

  // 確認 → 完了: "send" stores the proposal (every check again), "back to edit" shows the form filled in
  form.post("/propose/send", express.urlencoded({ extended: false, limit: "64kb", parameterLimit: 200 }), async (req, res) => {
    const lang = langOf(req);
    const w = wordsOf(lang).propose;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!validateRequest(req)) return renderForm(req, res, valuesOf(body), { "": w.unchecked }, 403, undefined, one(body.challenge));
    if (one(body.edit) !== "") {
      const submission = /^[0-9a-f-]{36}$/.test(one(body.submission)) ? one(body.submission) : undefined;
      return renderForm(req, res, valuesOf(body), {}, 200, submission, one(body.challenge));
    }
    if (await trapped(req, res, limiter, "/propose/received")) return;
    if (!(await withinLimit(limiter, req, res, true))) return;
    const c = await checkProposal(req, lang);
    if (Object.keys(c.errors).length) return renderForm(req, res, c.values, c.errors, 422, c.submission, c.challenge);

    try {
      const result = await opts.workflow.submitProposal(c.input, WEB_ACTOR, `web:${c.submission}`);
      if (result.repeated) {
        // the same submission again (a second tab, a double send): not a new proposal, so it does not count,
        // and the first link, which only its sender has seen, keeps working
        res.locals.uncounted = true;
        const r = wordsOf(lang).repeat;
        return page(req, res, "./received", { title: r.title, section: "propose", heading: r.title, text: r.text(result.number ?? ""), lost: r.lost, noindex: true, switchPath: "/propose" });
      }
      // post/redirect/get: the receipt is the status page itself, so a reload shows it again instead of
      // sending the form again
      res.redirect(303, href(lang)(`/propose/status/${result.statusToken}`, { received: "1" }));
    } catch (e) {
      if (e instanceof DomainError && (e.code === "invalid" || e.code === "conflict")) {
        const t = words(lang, opts.dir.org);
        const errors: Record<string, string> = {};
        for (const i of e.issues) errors[FIELD_OF[i.path] ?? i.path.split(".")[0]] ??= explain(t, i);
        if (!Object.keys(errors).length) errors[""] = w.rejected;
        // the submission id was used for other content (a first answer lost, then an edit): the next try is a new one
        return renderForm(req, res, c.values, errors, 422, e.code === "conflict" ? randomUUID() : c.submission, c.challenge);
      }
      throw e;
    }
  });

  // what a caught robot is shown (and what a person whose browser filled the hidden field would see): sent, nothing more
  desk.get("/propose/received", (req, res) => {
    const r = wordsOf(langOf(req)).received;
    page(req, res, "./received", { title: r.title, section: "propose", heading: r.title, text: r.text, noindex: true });
  });

  // --- a lost status link: the proposal number and the e-mail it gave; a new link goes to that address ---
  const linkValuesOf = (body: Record<string, unknown>) => ({ number: one(body.number).normalize("NFKC").trim(), email: one(body.email).normalize("NFKC").trim() });
  const linkEmail = z.email();
  function renderLink(req: Request, res: Response, values: { number: string; email: string }, errors: Record<string, string>, status = 200) {
    const lang = langOf(req);
    const w = wordsOf(lang).link;
    const errorList = errorSummary(lang, errors, ["number", "email"], (f) => (f === "number" ? w.number : f === "email" ? w.email : ""));
    page(req, res, "./link", {
      title: errorList.length ? wordsOf(lang).errorTitle(w.title) : w.title,
      section: "propose",
      script: true,
      httpStatus: status,
      values,
      errors,
      errorList,
      sent: req.method === "GET" && req.query.sent === "1",
      // nothing could be mailed: the window gives a new link (the form would promise what cannot happen)
      noMail: !opts.mail,
      csrf: csrfOf(req, res),
      noindex: true,
      switchPath: "/propose/link",
    });
  }
  form.get("/propose/link", (req, res) => renderLink(req, res, { number: "", email: "" }, {}));
  form.post("/propose/link", express.urlencoded({ extended: false, limit: "8kb", parameterLimit: 20 }), async (req, res) => {
    const lang = langOf(req);
    const w = wordsOf(lang).link;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = linkValuesOf(body);
    if (!validateRequest(req)) return renderLink(req, res, values, { "": w.unchecked }, 403);
    // the same answer as a real request, and it counts
    if (await trapped(req, res, linkLimiter, "/propose/link", { sent: "1" })) return;
    if (!(await withinLimit(linkLimiter, req, res, true))) return;
    const errors: Record<string, string> = {};
    if (!wellFormed(body)) errors[""] = wordsOf(lang).propose.rejected;
    if (!values.number) errors.number = w.required;
    else if (values.number.length > 20) errors.number = w.tooLong;
    if (!values.email) errors.email = w.required;
    else if (values.email.length > 254 || !linkEmail.safeParse(asciiDomain(values.email)).success) errors.email = w.email_;
    if (Object.keys(errors).length) return renderLink(req, res, values, errors, 422);
    // whether the pair exists is never told: the same answer either way, and after the same time (a match
    // writes to the database, a miss does not: the answer waits for the longer of the work and a floor)
    await Promise.all([opts.workflow.requestStatusLink({ number: values.number, email: values.email, locale: lang }), new Promise((resolve) => setTimeout(resolve, LINK_ANSWER_MS))]);
    res.redirect(303, href(lang)("/propose/link", { sent: "1" }));
  });

  /** 確認: every value as it will be sent, and hidden fields that carry them to "send" or back to the form */
  function renderConfirm(req: Request, res: Response, c: Awaited<ReturnType<typeof checkProposal>>) {
    const lang = langOf(req);
    const w = wordsOf(lang);
    const v = c.values;
    const hidden: Array<[string, string]> = [
      ["submission", c.submission],
      ...(c.challenge ? [["challenge", c.challenge] as [string, string]] : []),
      ["companyName", v.companyName],
      ["corporateNumber", v.corporateNumber],
      ["contactName", v.contactName],
      ["email", v.email],
      ["phone", v.phone],
      ["title", v.title],
      ["summary", v.summary.replace(/\r\n/g, "\n")],
      ...v.fields.map((f) => ["fields", f] as [string, string]),
      ["pattern", v.pattern],
      ["costToCity", v.costToCity],
      ["desiredStart", v.desiredStart],
      ["consent", "yes"],
    ];
    const fieldName = new Map(opts.dir.fieldOptions(lang).map((f) => [f.value, f.label]));
    page(req, res, "./confirm", {
      title: w.confirm.title,
      section: "propose",
      values: v,
      hidden,
      csrf: csrfOf(req, res),
      call: c.call,
      fieldNames: v.fields.map((f) => fieldName.get(f) ?? f),
      noindex: true,
      // the other language keeps what was typed: a button of the confirmation's own form posts it there
      // (a link could only open an empty form); the header's switch leads to that button
      switchHref: "#switch-language",
      switchPost: lang === "en" ? `${base}/propose` : `${base}/propose?lang=en`,
    });
  }

  desk.get("/propose/privacy", (req, res) => {
    page(req, res, "./privacy", { title: wordsOf(langOf(req)).privacy.title, section: "propose" });
  });

  // --- the company's private status page ---
  desk.get("/propose/status/:token", async (req, res) => {
    try {
      const status = await opts.workflow.publicStatus(req.params.token);
      const w = wordsOf(langOf(req));
      const path = href(langOf(req))(`/propose/status/${req.params.token}`);
      // absolute only from the configured address: never from the request's Host header, which anyone can write
      const statusUrl = opts.publicBaseUrl ? `${opts.publicBaseUrl.replace(/\/+$/, "")}${path}` : path;
      const received = req.query.received === "1";
      // private to the company: never kept by a search engine (the link may leak through a browser's history)
      page(req, res, "./status", { title: received ? w.receipt.title : w.status.title, section: "propose", status, received, statusUrl, step: received ? "done" : undefined, noindex: true });
    } catch (e) {
      if (e instanceof DomainError && e.code === "not_found") return errorPage(req, res, 404, "notFound");
      throw e;
    }
  });

  // --- calls for proposals ---
  desk.get("/challenges", async (req, res) => {
    page(req, res, "./challenges", { title: wordsOf(langOf(req)).challenges.title, section: "challenges", challenges: await opts.workflow.publicChallenges() });
  });

  // --- the partnership register and its open data ---
  desk.get("/partnerships", async (req, res) => {
    const lang = langOf(req);
    const w = wordsOf(lang);
    page(req, res, "./partnerships", {
      title: w.partnerships.title,
      section: "partnerships",
      rows: await opts.workflow.publicPartnerships(),
      pattern: (p: string) => w.propose.patterns[p]?.[0] ?? p,
    });
  });
  desk.get("/partnerships.csv", async (_req, res) => {
    const rows = await opts.workflow.publicPartnerships();
    const ja = wordsOf("ja").propose.patterns;
    res.type("text/csv; charset=utf-8").attachment("partnerships.csv").send(partnershipsCsv(rows, departmentName("ja"), (p) => ja[p]?.[0] ?? p));
  });
  desk.get("/partnerships.json", async (_req, res) => {
    const rows = await opts.workflow.publicPartnerships();
    const ja = wordsOf("ja").propose.patterns;
    const en = wordsOf("en").propose.patterns;
    res.json({
      partnerships: rows.map((p) => ({
        number: p.number,
        company: p.company,
        corporateNumber: p.corporateNumber,
        title: p.title,
        pattern: p.pattern,
        patternName: { ja: ja[p.pattern]?.[0] ?? p.pattern, en: en[p.pattern]?.[0] ?? p.pattern },
        departmentCode: p.department,
        department: { ja: departmentName("ja")(p.department), en: departmentName("en")(p.department) },
        startDate: p.startDate,
        endDate: p.endDate,
        state: p.state,
      })),
    });
  });

  desk.use(form);
  // the desk's own errors, as pages in the visitor's language (API routes keep their JSON errors)
  const deskErrors = (err: unknown, req: Request, res: Response, next: (e?: unknown) => void) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
    const status = e.status ?? e.statusCode ?? 500;
    // a stranger's malformed request (a charset, an encoding, a bad %-escape) is theirs, not ours: no error log
    if (status >= 400 && status < 500) {
      opts.log.debug({ err: e.message, status }, "public desk request refused");
      return errorPage(req, res, status, status === 404 ? "notFound" : "badRequest");
    }
    opts.log.error({ err: e.message }, "public desk request failed");
    errorPage(req, res, 500, "generic");
  };
  desk.use(deskErrors);
  const methodsOf = new Map<string, string[]>();
  for (const route of PUBLIC_PAGES) {
    const [method, path] = route.split(" ");
    if (method === "GET") app.get(path, desk);
    else app.post(path, desk);
    methodsOf.set(path, [...(methodsOf.get(path) ?? []), ...(method === "GET" ? ["GET", "HEAD"] : [method])]);
  }
  // a desk path asked with another method (PUT /partnerships.csv): 405 with the methods it takes, as the
  // desk's own page (through the desk's router, for its headers), never Express's default HTML
  for (const [path, methods] of methodsOf) {
    const allow = methods.join(", ");
    app.all(path, (req: Request, _res: Response, next: (e?: unknown) => void) => (methods.includes(req.method) ? next("route") : next()), desk, (req: Request, res: Response) => {
      res.set("Allow", allow);
      errorPage(req, res, 405, "methodNotAllowed");
    });
  }
  // assets are matched by name inside; any other path under the desk's prefixes is a 404 page
  const prefixes = ["/propose", "/challenges", "/partnerships", "/assets"];
  app.use(prefixes, desk, (req: Request, res: Response) => errorPage(req, res, 404, "notFound"));
  // what fails before the desk's router runs (a path parameter that is not valid %-encoding) is answered as a page too
  app.use(prefixes, deskErrors);
}
