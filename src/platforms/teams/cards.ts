/**
 * Neutral messages and forms → Adaptive Cards 1.5 with Universal Actions (Action.Execute, invoke
 * `adaptiveCard/action`), each with an Action.Submit fallback for clients older than 1.4.
 */
import { MARK, MENTION_PATTERN, unmarked, type ActionButton, type ChatMessage, type FormSpec, type FormValues } from "../../ports/chat";
import { shorten as cut } from "../../app/kernel/text";

export type Card = Record<string, unknown>;
const SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
/** Plain text (a form's intro, the activity's fallback): marks taken out, mentions as @name. */
export const plainText = (s: string) => unmarked(s);

/** A Teams mention entity: `text` must appear in the card's text as it is. */
export interface MentionEntity {
  type: "mention";
  text: string;
  mentioned: { id: string; name: string };
}

/**
 * Adaptive Card Markdown of text from outside: every character Markdown could read as markup is
 * backslash-escaped (CommonMark allows it before any ASCII punctuation), so `*特別*` stays as typed and
 * `<at>` or `[link](…)` is only text.
 */
export function escapeCardMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()<>#+|~!]/g, "\\$&")
    .replace(/^(\s*)(\d+)\.(?=\s)/gm, "$1$2\\.")
    .replace(/^(\s*)-(?=\s)/gm, "$1\\-")
    // a line of = or - under text is a heading (setext), a line of - or * a rule: escaped
    .replace(/^(\s*)([=-])(?=\2*\s*$)/gm, "$1\\$2")
    // four spaces at the start of a line make code: kept as no-break spaces
    .replace(/^ {4,}/gm, (spaces) => "\u00A0".repeat(spaces.length));
}

/**
 * A neutral text as Adaptive Card Markdown: outside text escaped, bold as `**…**`, and a mention of a
 * person whose Azure AD object id is known as a real Teams mention (`<at>` with an entity); anyone else by
 * name.
 */
export function cardMarkdown(text: string, entities: MentionEntity[]): string {
  let out = "";
  let last = 0;
  const marks = new RegExp(`${MENTION_PATTERN.source}|[\uFDD0\uFDD1]`, "g");
  for (const m of text.matchAll(marks)) {
    out += escapeCardMarkdown(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === MARK.boldOpen || m[0] === MARK.boldClose) out += "**";
    else {
      const [, slack, teams, name] = m;
      const shown = (name || teams || slack).replace(/[<>]/g, "");
      if (teams && !teams.startsWith("unverified:")) {
        const tag = `<at>${shown}</at>`;
        if (!entities.some((e) => e.text === tag && e.mentioned.id === teams)) entities.push({ type: "mention", text: tag, mentioned: { id: teams, name: shown } });
        out += tag;
      } else out += escapeCardMarkdown(`@${shown}`);
    }
  }
  return out + escapeCardMarkdown(text.slice(last));
}

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

/**
 * A neutral message as a card. With `viewers` (the MRIs of its perViewer list), the card refreshes itself
 * for each of them (Universal Actions: Teams asks the bot for that person's view when they open it) and
 * everyone else sees it without its viewers-only buttons; without, everyone sees every button.
 */
export function toCard(message: ChatMessage, banner?: string, viewers?: readonly string[] | null): Card {
  const personal = message.perViewer && viewers?.length ? message.perViewer : undefined;
  const body: Card[] = [];
  const entities: MentionEntity[] = [];
  const md = (text: string, max: number) => cardMarkdown(cut(text, max), entities);
  if (banner) body.push({ type: "TextBlock", text: md(banner, 500), wrap: true, color: "attention", weight: "bolder" });
  for (const b of message.blocks) {
    switch (b.type) {
      case "header":
        body.push({ type: "TextBlock", text: md(b.text, 200), size: "large", weight: "bolder", wrap: true });
        break;
      case "text":
        body.push({ type: "TextBlock", text: md(b.text, 4000), wrap: true });
        break;
      case "fields":
        body.push({ type: "FactSet", facts: b.fields.map((f) => ({ title: md(f.label, 100), value: md(f.value, 1000) })) });
        break;
      case "context":
        body.push({ type: "TextBlock", text: md(b.text, 2000), isSubtle: true, size: "small", wrap: true });
        break;
      case "divider":
        body.push({ type: "TextBlock", text: " ", separator: true });
        break;
      case "link":
        body.push({ type: "ActionSet", actions: [{ type: "Action.OpenUrl", title: b.text.slice(0, 200), url: b.url }] });
        break;
      case "image":
        body.push({ type: "Image", url: b.url, altText: b.alt.slice(0, 2000) });
        break;
      case "actions":
        if (b.viewersOnly && personal) break;
        body.push({ type: "ActionSet", actions: b.actions.map(execute) });
        break;
    }
  }
  const refresh = personal && { action: { type: "Action.Execute", verb: personal.view, data: { value: personal.value } }, userIds: [...viewers!] };
  return { type: "AdaptiveCard", $schema: SCHEMA, version: "1.5", ...(refresh ? { refresh } : {}), body, ...(entities.length ? { msteams: { entities } } : {}) };
}

/** A form as a card: inputs named like the form's fields, submitted with verb = form id. */
export function formCard(form: FormSpec, errors: Record<string, string> = {}, values: FormValues = {}): Card {
  const body: Card[] = [{ type: "TextBlock", text: form.title, size: "large", weight: "bolder", wrap: true }];
  if (form.intro) body.push({ type: "TextBlock", text: escapeCardMarkdown(plainText(form.intro)), wrap: true, isSubtle: true });
  for (const f of form.fields) {
    const err = errors[f.name];
    if (err) body.push({ type: "TextBlock", text: escapeCardMarkdown(`${f.label}: ${err}`), color: "attention", wrap: true });
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
