/** What every form shares: reading a submitted value, and showing a refused input's errors next to the fields they concern. */
import { DomainError, type FieldIssue } from "../../domain/errors";
import { explain, type Messages } from "../../i18n";
import { type FormSpec, type FormValues } from "../../ports/chat";

export const str = (v: FormValues[string]) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** Maps a refused input's issues onto form fields, worded in `t`'s language: { fieldName: message }; `paths` names the field of an input path that differs. */
export function formErrors(t: Messages, e: DomainError, form: FormSpec, paths: Record<string, string> = {}): Record<string, string> {
  const names = new Set(form.fields.map((f) => f.name));
  const out: Record<string, string> = {};
  const issues: FieldIssue[] = e.issues.length ? e.issues : [{ path: form.fields[0].name, reason: e.reason, params: e.params }];
  for (const i of issues) {
    const head = i.path.split(".")[0];
    const name = paths[i.path] ?? (names.has(i.path) ? i.path : names.has(head) ? head : form.fields[0].name);
    out[name] ??= explain(t, i);
  }
  return out;
}
