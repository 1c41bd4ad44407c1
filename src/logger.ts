/**
 * JSON logs (pino): tokens and connection strings redacted; e-mail addresses, phone numbers and the
 * fields that hold people's names or contacts masked. Platform ids stay readable: a Slack message
 * timestamp (1732212345.000100) is no phone number, a Teams channel (19:…@thread.tacv2) no e-mail.
 */
import { pino, type Logger } from "pino";

// an address whose domain ends in letters, and not a Teams thread id (…@thread.tacv2, …@thread.skype)
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]+@(?!thread\.)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g;
// phone numbers as people write them: separated groups (03-1234-5678, +81 3 1234 5678) or 0 and 9–10 digits
const PHONE = /(?<![\w.])(?:(?:\+\d{1,3}[- ]?)?\(?\d{1,4}\)?[- ]\d{1,4}[- ]\d{3,4}|0\d{9,10})(?![\w.])/g;
const TOKEN = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|Bearer\s+\S+|postgres(?:ql)?:\/\/\S+)/g;
// fields that hold a person's name or contact, whatever their content
const PERSONAL_KEYS = new Set(["contactName", "contact", "consentBy", "email", "phone"]);

export function mask(value: string): string {
  return value.replace(TOKEN, "[redacted]").replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}

function maskDeep(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return mask(v);
  if (depth > 4 || v === null || typeof v !== "object") return v;
  if (v instanceof Error) return { type: v.name, message: mask(v.message) };
  if (Array.isArray(v)) return v.map((x) => maskDeep(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, PERSONAL_KEYS.has(k) && x != null ? "[masked]" : maskDeep(x, depth + 1)]));
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: ["token", "*.token", "password", "*.password", "authorization", "*.authorization", "headers.authorization"], censor: "[redacted]" },
      formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? mask(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination as never,
  );
}
