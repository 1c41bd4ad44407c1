/**
 * Checks in front of Bolt's receiver on POST /slack/events, for what Bolt lets through:
 * - a signed timestamp more than 5 minutes in the future (Bolt only refuses the past): 401;
 * - a correctly signed payload holding a lone UTF-16 surrogate (half an emoji), a control character or a
 *   noncharacter: 400 naming the cause and where it is, nothing stored.
 * The raw body is handed on as `req.rawBody`, which Bolt's ExpressReceiver reads instead of the stream.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import express, { type Request, type RequestHandler, type Response, type NextFunction } from "express";
import { malformation, malformationText } from "../../app/kernel/text";

const MAX_SKEW_S = 5 * 60;

function signatureOk(secret: string, req: Request, raw: string): boolean {
  const ts = req.get("x-slack-request-timestamp") ?? "";
  const sig = req.get("x-slack-signature") ?? "";
  const expected = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${raw}`).digest("hex")}`;
  return sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
}

function parsed(raw: string, contentType: string): unknown {
  try {
    if (contentType.includes("application/x-www-form-urlencoded")) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      return typeof form.payload === "string" ? { ...form, payload: JSON.parse(form.payload) } : form;
    }
    return JSON.parse(raw);
  } catch {
    return null; // Bolt answers malformed bodies itself
  }
}

export function slackGuard(signingSecret: string, now = () => Date.now()): RequestHandler[] {
  return [
    express.raw({ type: () => true, limit: "1mb" }),
    (req: Request, res: Response, next: NextFunction) => {
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const raw = body.toString("utf8");
      (req as Request & { rawBody?: Buffer }).rawBody = body;
      const ts = Number(req.get("x-slack-request-timestamp"));
      if (Number.isFinite(ts) && ts > Math.floor(now() / 1000) + MAX_SKEW_S) {
        res.status(401).send("timestamp is in the future");
        return;
      }
      const bad = malformation(parsed(raw, req.get("content-type") ?? ""));
      if (bad && signatureOk(signingSecret, req, raw)) {
        res.status(400).send(`refused text: ${malformationText(bad)}`);
        return;
      }
      next();
    },
  ];
}
