/**
 * The HTTP edge: intake API for the web form, health, and the mount point for Slack's receiver
 * (and Teams' /api/messages). Handlers only parse, call one use case, and map its outcome.
 */
import { timingSafeEqual, createHash } from "node:crypto";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import { malformation } from "../app/kernel/text";
import type { Workflow } from "../app/workflow";
import { AGREEMENT_STATES } from "../domain/agreement";
import { DomainError } from "../domain/errors";
import { explain, explainIssue, words, type Messages, type PlaceConfig } from "../i18n";
import type { Actor } from "../ports/chat";

export const MAX_BODY = "256kb";

/** A page in both languages, Japanese first (the Teams manifest links one address for both). */
function bilingual(org: PlaceConfig, title: "privacyTitle" | "termsTitle", text: "privacy" | "terms"): string {
  const ja = words("ja", org).pages;
  const en = words("en", org).pages;
  return `${ja[title]} / ${en[title]}\n\n${ja[text]}\n\n${en[text]}\n`;
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so that lengths never leak and timingSafeEqual gets equal-length buffers.
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function statusOf(e: DomainError): number {
  return { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 }[e.code];
}

export interface HttpDeps {
  workflow: Workflow;
  intakeToken?: string;
  /**
   * Another municipality's workflow for an intake token of its own (src/app/tenants): the token selects the
   * municipality. Absent: one city, INTAKE_API_TOKEN only.
   */
  intakeFor?: (token: string) => Promise<Workflow | null>;
  log: Logger;
  ping: () => Promise<void>;
  /** the org config: how the pages name the city and its policy */
  org: PlaceConfig;
  /** messages waiting to be delivered (shown on /healthz for monitoring) */
  pendingMessages?: () => Promise<number>;
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  // every answer of this process, not only the desk's: a browser never guesses another type than the one
  // sent (a text page read as HTML). Pages and files that may be cached say so themselves.
  app.use((_req, res, next) => {
    res.set("X-Content-Type-Options", "nosniff");
    next();
  });

  app.get("/healthz", async (_req, res) => {
    res.set("Cache-Control", "no-store");
    try {
      await deps.ping();
      res.json({ ok: true, pendingMessages: (await deps.pendingMessages?.()) ?? 0 });
    } catch {
      res.status(503).json({ ok: false, error: "database unavailable" });
    }
  });

  // The Teams manifest links to these; they say plainly what the bot keeps and why.
  app.get("/privacy", (_req, res) => {
    res.type("text/plain; charset=utf-8").set("Cache-Control", "no-cache").send(bilingual(deps.org, "privacyTitle", "privacy"));
  });
  app.get("/terms", (_req, res) => {
    res.type("text/plain; charset=utf-8").set("Cache-Control", "no-cache").send(bilingual(deps.org, "termsTitle", "terms"));
  });

  const authorized: express.RequestHandler = async (req, res, next) => {
    if (!deps.intakeToken && !deps.intakeFor) {
      res.status(503).json({ error: "the API is disabled: set INTAKE_API_TOKEN" });
      return;
    }
    const header = req.get("authorization") ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    const found = !token
      ? null
      : deps.intakeToken && sameSecret(token, deps.intakeToken)
        ? deps.workflow
        : ((await deps.intakeFor?.(token)) ?? null);
    if (!found) {
      res.status(401).set("WWW-Authenticate", "Bearer").json({ error: "missing or wrong bearer token" });
      return;
    }
    res.locals.workflow = found;
    next();
  };
  /** the municipality the request's token selected (set by `authorized`) */
  const wf = (res: express.Response): Workflow => res.locals.workflow as Workflow;
  const api = express.Router();
  api.use(authorized, express.json({ limit: MAX_BODY, type: () => true }), (req, res, next) => {
    // half an emoji cannot be stored or shown: refused here, before any use case runs
    const bad = malformation(req.body);
    if (bad) {
      res.status(400).json({ error: "invalid text", issues: [{ path: bad.path, message: bad.cause }] });
      return;
    }
    next();
  });

  const apiActor: Actor = { platform: "api", userId: "intake" };

  // Express 5 hands a rejected handler to the error middleware (errorHandler below), so no try/catch here.
  api.post("/", async (req, res) => {
    const key = req.get("idempotency-key");
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
      res.status(400).json({ error: "invalid Idempotency-Key", issues: [{ path: "Idempotency-Key", message: "1-200 visible ASCII characters" }] });
      return;
    }
    res.status(201).json(await wf(res).submitProposal(req.body, apiActor, key));
  });

  api.get("/:id", async (req, res) => {
    res.json(await wf(res).proposalView(req.params.id));
  });

  const agreements = express.Router();
  agreements.use(authorized);
  agreements.get("/", async (req, res) => {
    const state = typeof req.query.state === "string" ? req.query.state : undefined;
    const department = typeof req.query.department === "string" ? req.query.department : undefined;
    if (state && !AGREEMENT_STATES.includes(state as never)) {
      res.status(400).json({ error: "unknown state", issues: [{ path: "state", message: `one of ${AGREEMENT_STATES.join(", ")}` }] });
      return;
    }
    res.json({ agreements: await wf(res).listAgreements({ state: state as never, departmentCode: department }) });
  });
  agreements.get("/:id", async (req, res) => {
    res.json(await wf(res).agreementView(req.params.id));
  });

  // Only these paths: /api/messages belongs to Teams (mounted by its platform folder).
  app.use("/api/proposals", api);
  app.use("/api/agreements", agreements);

  return app;
}

/** Mounted last: turns errors into JSON with a clear message in the configured language (`t`), and never leaks internals. */
export function errorHandler(log: Logger, t: Messages) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (err instanceof DomainError) {
      res.status(statusOf(err)).json({ error: explain(t, err), issues: err.issues.map((i) => ({ path: i.path, message: explainIssue(t, i) })) });
      return;
    }
    if (e.type === "entity.too.large") {
      res.status(413).json({ error: `request body is larger than ${MAX_BODY}` });
      return;
    }
    if (e.type === "entity.parse.failed") {
      res.status(400).json({ error: "malformed JSON", issues: [{ path: "(body)", message: "not valid JSON" }] });
      return;
    }
    if (e.status && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: e.message ?? "bad request" });
      return;
    }
    log.error({ err: e.message }, "request failed");
    res.status(500).json({ error: "internal error" });
  };
}
