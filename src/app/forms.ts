/**
 * Neutral forms (Slack modals, Teams card forms) and how their values become use-case input. Field
 * names double as the error paths shown next to the field when input is refused.
 */
import { PATTERNS } from "../domain/proposal";
import { DomainError, type FieldIssue } from "../domain/errors";
import type { Messages } from "../i18n";
import { FORMS, type FormSpec, type FormValues } from "../ports/chat";
import type { OrgDirectory } from "./org-directory";

const str = (v: FormValues[string]) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

export function newProposalForm(t: Messages): FormSpec {
  const f = t.form;
  return {
    formId: FORMS.newProposal,
    title: f.newProposal,
    submitLabel: f.submit,
    context: "",
    fields: [
      { name: "companyName", label: f.companyName, kind: "text", required: true, maxLength: 200 },
      { name: "corporateNumber", label: f.corporateNumber, kind: "text", required: false, maxLength: 13 },
      { name: "contactName", label: f.contactName, kind: "text", required: true, maxLength: 100 },
      { name: "email", label: f.email, kind: "email", required: true },
      { name: "phone", label: f.phone, kind: "text", required: false, maxLength: 20 },
      { name: "title", label: f.title, kind: "text", required: true, maxLength: 200 },
      { name: "summary", label: f.summary, kind: "textarea", required: true, maxLength: 3000 },
      { name: "fields", label: f.fields, kind: "text", required: false, maxLength: 500 },
      {
        name: "pattern",
        label: f.pattern,
        kind: "select",
        required: true,
        options: PATTERNS.map((p) => ({ value: p, label: t.pattern[p] })),
      },
      { name: "costToCity", label: f.costToCity, kind: "checkbox", required: false },
      { name: "disaster", label: f.disaster, kind: "checkbox", required: false },
      { name: "desiredStart", label: f.desiredStart, kind: "date", required: false },
    ],
  };
}

/** Turns the new-proposal form into intake input (validated by the intake schema). */
export function proposalInputFromForm(v: FormValues): unknown {
  return {
    company: {
      name: str(v.companyName) ?? "",
      corporateNumber: str(v.corporateNumber),
      contactName: str(v.contactName) ?? "",
      email: str(v.email) ?? "",
      phone: str(v.phone),
    },
    title: str(v.title) ?? "",
    summary: str(v.summary) ?? "",
    fields: (str(v.fields) ?? "")
      .split(/[,、，\s]+/u)
      .map((s) => s.trim())
      .filter(Boolean),
    pattern: str(v.pattern) ?? "",
    costToCity: v.costToCity === true,
    disaster: v.disaster === true,
    desiredStart: str(v.desiredStart),
  };
}

const PROPOSAL_PATHS: Record<string, string> = {
  "company.name": "companyName",
  "company.corporateNumber": "corporateNumber",
  "company.contactName": "contactName",
  "company.email": "email",
  "company.phone": "phone",
};

/** Maps a refused input's issues onto form fields: { fieldName: message }. */
export function formErrors(e: DomainError, form: FormSpec, paths: Record<string, string> = {}): Record<string, string> {
  const names = new Set(form.fields.map((f) => f.name));
  const out: Record<string, string> = {};
  const issues: FieldIssue[] = e.issues.length ? e.issues : [{ path: form.fields[0].name, message: e.message }];
  for (const i of issues) {
    const head = i.path.split(".")[0];
    const name = paths[i.path] ?? PROPOSAL_PATHS[i.path] ?? (names.has(i.path) ? i.path : names.has(head) ? head : form.fields[0].name);
    out[name] ??= i.message;
  }
  return out;
}

export function sendBackForm(t: Messages, routingId: string): FormSpec {
  return {
    formId: FORMS.sendBack,
    title: t.form.sendBack,
    submitLabel: t.form.send,
    context: routingId,
    fields: [{ name: "reason", label: t.form.reason, kind: "textarea", required: true, maxLength: 1000 }],
  };
}

export function rerouteForm(t: Messages, dir: OrgDirectory, proposalId: string, current: string[]): FormSpec {
  const units = [dir.windowCode, ...dir.org.departments.map((d) => d.code)];
  return {
    formId: FORMS.reroute,
    title: t.form.reroute,
    submitLabel: t.form.send,
    context: proposalId,
    fields: [
      {
        name: "departments",
        label: t.form.departments,
        kind: "multiselect",
        required: true,
        options: units.map((code) => ({ value: code, label: dir.unitName(code) })),
        initial: current,
      },
    ],
  };
}
