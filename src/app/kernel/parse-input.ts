/** Turns a schema failure into the domain's "invalid" error with field paths and message codes. */
import type { z } from "zod";
import { invalid } from "../../domain/errors";
import { reasonOfMessage, type ReasonCode } from "../../i18n";

/**
 * Parses use-case input. With `labels` (field path → the code of the name people know it by), an
 * issue shown away from its field starts with that name: 「企業名：入力してください」.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, labels?: Record<string, ReasonCode>): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw invalid(
      "errors.invalidInput",
      [],
      r.error.issues.map((i) => {
        const path = i.path.join(".") || "(body)";
        return { path, ...reasonOfMessage(i.message), ...(labels?.[path] ? { label: labels[path] } : {}) };
      }),
    );
  }
  return r.data;
}
