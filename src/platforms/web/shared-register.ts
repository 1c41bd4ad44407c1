/**
 * The shared register's open data at the deployment's root (§4(3)): /register.csv and /register.json, the
 * rows of OPEN_DATA_ROUTES only (another method: 405 with Allow). What they list is the use case's
 * (src/app/shared-register): the consenting municipalities' concluded public partnerships, nothing else.
 */
import type { Express, Request, Response } from "express";
import type { Logger } from "pino";
import { OPEN_DATA_ROUTES } from "../../app/permissions";
import { sharedCsv, sharedJson, type SharedRegister } from "../../app/shared-register/register";
import { words, type PlaceConfig } from "../../i18n";

export interface SharedRegisterOptions {
  register: SharedRegister;
  /** the deployment's own words (pattern names do not depend on the municipality) */
  org: PlaceConfig;
  log: Logger;
}

export function mountSharedRegister(app: Express, opts: SharedRegisterOptions): void {
  const patternName = (p: string, lang: "ja" | "en") => (words(lang, opts.org).pattern as Record<string, string>)[p] ?? p;
  const send = (res: Response) => res.set("X-Content-Type-Options", "nosniff");
  const fail = (res: Response, e: unknown) => {
    opts.log.error({ err: (e as Error).message }, "shared register failed");
    res.status(500).type("text/plain").send("error");
  };
  const handlers: Record<keyof typeof OPEN_DATA_ROUTES, (req: Request, res: Response) => Promise<void>> = {
    "GET /register.csv": async (_req, res) => {
      const rows = await opts.register.entries();
      send(res).type("text/csv; charset=utf-8").attachment("register.csv").send(sharedCsv(rows, (p) => patternName(p, "ja")));
    },
    "GET /register.json": async (_req, res) => {
      send(res).json(sharedJson(await opts.register.entries(), patternName));
    },
  };
  for (const [route, handler] of Object.entries(handlers)) {
    const path = route.split(" ")[1];
    app.get(path, (req, res) => void handler(req, res).catch((e) => fail(res, e)));
    app.all(path, (_req, res) => {
      res.set("Allow", "GET, HEAD").status(405).type("text/plain").send("method not allowed");
    });
  }
}
