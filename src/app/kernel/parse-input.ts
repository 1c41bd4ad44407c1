/** Turns a schema failure into the domain's "invalid" error with field paths. */
import type { z } from "zod";
import { invalid } from "../../domain/errors";

/**
 * Parses use-case input. With `labels` (field path → the name people know it by, in the configured
 * language), each message starts with the field's name: 「企業名：無効な入力…」.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, labels?: { heading: string; fields: Record<string, string> }): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw invalid(
      labels?.heading ?? "invalid input",
      r.error.issues.map((i) => {
        const path = i.path.join(".") || "(body)";
        const label = labels?.fields[path];
        return { path, message: label ? `${label}${labels!.heading.endsWith("。") ? "：" : ": "}${i.message}` : i.message };
      }),
    );
  }
  return r.data;
}
