/** The routing forms: a department sends a proposal back with a reason; the window re-routes it. */
import type { Messages } from "../../i18n";
import { FORMS, type FormSpec } from "../../ports/chat";
import type { OrgDirectory } from "../kernel/org-directory";


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
