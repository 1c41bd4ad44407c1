/** JSON logs (pino) with tokens redacted and e-mail addresses and phone numbers masked. */
import { pino, type Logger } from "pino";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /\+?\d[\d\- ()]{8,}\d/g;
const TOKEN = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|Bearer\s+\S+)/g;

export function mask(value: string): string {
  return value.replace(TOKEN, "[redacted]").replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}

function maskDeep(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return mask(v);
  if (depth > 4 || v === null || typeof v !== "object") return v;
  if (v instanceof Error) return { type: v.name, message: mask(v.message) };
  if (Array.isArray(v)) return v.map((x) => maskDeep(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskDeep(x, depth + 1)]));
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
