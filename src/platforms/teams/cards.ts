/**
 * Neutral messages and forms → Adaptive Cards 1.5 with Universal Actions (Action.Execute, invoke
 * `adaptiveCard/action`), each with an Action.Submit fallback for clients older than 1.4.
 */
import { MENTION_PATTERN, type ActionButton, type ChatMessage, type FormSpec, type FormValues } from "../../ports/chat";
import { shorten as cut } from "../../app/text";

export type Card = Record<string, unknown>;
const SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
/** Mentions become plain names (a Teams mention needs the user's display name and an entity). */
export const plainText = (s: string) => s.replace(MENTION_PATTERN, (_m, _p, id: string) => `@${id}`);

function execute(a: ActionButton): Card {
  const data = { value: a.value };
  return {
    type: "Action.Execute",
    verb: a.actionId,
    title: cut(a.label, 60),
    data,
    ...(a.style ? { style: a.style === "primary" ? "positive" : "destructive" } : {}),
    fallback: { type: "Action.Submit", title: cut(a.label, 60), data: { ...data, verb: a.actionId } },
  };
}

export function toCard(message: ChatMessage, banner?: string): Card {
  const body: Card[] = [];
  if (banner) body.push({ type: "TextBlock", text: plainText(banner), wrap: true, color: "attention", weight: "bolder" });
  for (const b of message.blocks) {
    switch (b.type) {
      case "header":
        body.push({ type: "TextBlock", text: cut(plainText(b.text), 200), size: "large", weight: "bolder", wrap: true });
        break;
      case "text":
        body.push({ type: "TextBlock", text: cut(plainText(b.text), 4000), wrap: true });
        break;
      case "fields":
        body.push({ type: "FactSet", facts: b.fields.map((f) => ({ title: cut(f.label, 100), value: cut(plainText(f.value), 1000) })) });
        break;
      case "context":
        body.push({ type: "TextBlock", text: cut(plainText(b.text), 2000), isSubtle: true, size: "small", wrap: true });
        break;
      case "divider":
        body.push({ type: "TextBlock", text: " ", separator: true });
        break;
      case "actions":
        body.push({ type: "ActionSet", actions: b.actions.map(execute) });
        break;
    }
  }
  return { type: "AdaptiveCard", $schema: SCHEMA, version: "1.5", body };
}

/** A form as a card: inputs named like the form's fields, submitted with verb = form id. */
export function formCard(form: FormSpec, errors: Record<string, string> = {}, values: FormValues = {}): Card {
  const body: Card[] = [{ type: "TextBlock", text: form.title, size: "large", weight: "bolder", wrap: true }];
  if (form.intro) body.push({ type: "TextBlock", text: plainText(form.intro), wrap: true, isSubtle: true });
  for (const f of form.fields) {
    const err = errors[f.name];
    if (err) body.push({ type: "TextBlock", text: `${f.label}: ${err}`, color: "attention", wrap: true });
    const current = values[f.name] ?? f.initial;
    const common = { id: f.name, label: f.label, isRequired: f.required, ...(err ? { errorMessage: err } : {}) };
    const str = typeof current === "string" ? current : Array.isArray(current) ? current.join(",") : undefined;
    switch (f.kind) {
      case "checkbox":
        body.push({ type: "Input.Toggle", id: f.name, title: f.label, value: current === true ? "true" : "false", valueOn: "true", valueOff: "false" });
        break;
      case "date":
        body.push({ type: "Input.Date", ...common, ...(str ? { value: str } : {}) });
        break;
      case "select":
      case "multiselect":
        body.push({
          type: "Input.ChoiceSet",
          ...common,
          style: "compact",
          isMultiSelect: f.kind === "multiselect",
          choices: (f.options ?? []).map((o) => ({ title: o.label, value: o.value })),
          ...(str ? { value: str } : {}),
        });
        break;
      default:
        body.push({
          type: "Input.Text",
          ...common,
          isMultiline: f.kind === "textarea",
          ...(f.kind === "email" ? { style: "email" } : f.kind === "url" ? { style: "url" } : {}),
          ...(f.maxLength ? { maxLength: f.maxLength } : {}),
          ...(str ? { value: str } : {}),
        });
    }
  }
  const data = { context: form.context };
  return {
    type: "AdaptiveCard",
    $schema: SCHEMA,
    version: "1.5",
    body,
    actions: [
      {
        type: "Action.Execute",
        verb: form.formId,
        title: form.submitLabel,
        style: "positive",
        data,
        fallback: { type: "Action.Submit", title: form.submitLabel, data: { ...data, verb: form.formId } },
      },
    ],
  };
}

/** Reads submitted inputs back into neutral values, by the form's field kinds. */
export function formValues(form: FormSpec, data: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const f of form.fields) {
    const v = data[f.name];
    if (v === undefined || v === null) continue;
    const s = String(v);
    if (f.kind === "checkbox") out[f.name] = s === "true";
    else if (f.kind === "multiselect") out[f.name] = s.split(",").map((x) => x.trim()).filter(Boolean);
    else out[f.name] = s;
  }
  return out;
}

export function attachment(card: Card) {
  return { contentType: "application/vnd.microsoft.card.adaptive", content: card };
}
