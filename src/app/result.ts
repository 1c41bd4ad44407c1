/** Turns a schema failure into the domain's "invalid" error with field paths. */
import type { z } from "zod";
import { invalid } from "../domain/errors";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw invalid(
      "invalid input",
      r.error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message })),
    );
  }
  return r.data;
}
