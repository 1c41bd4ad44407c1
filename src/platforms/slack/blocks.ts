/** Neutral messages and forms → Block Kit (and modal state → form values). Limits from Slack's docs. */
import type { KnownBlock, View } from "@slack/types";
import { bold, MARK, MENTION_PATTERN, unmarked, type ChatMessage, type FormSpec, type FormValues } from "../../ports/chat";
import { shorten as cut } from "../../app/kernel/text";

const FORMATTING = ["*", "_", "~", "`"] as const;
const ZWSP = "\u200B";

/**
 * Text from outside as mrkdwn: `&`, `<`, `>` as entities (no `<!channel>`, no links, no mentions), and
 * formatting characters that could pair up (`*特別*`) kept apart from their words by zero-width spaces,
 * since mrkdwn has no escape character. A lone `_` (an e-mail address) is left as it is.
 */
function literal(text: string, pairs: Set<string>): string {
  let out = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  for (const c of pairs) out = out.split(c).join(`${ZWSP}${c}${ZWSP}`);
  return out;
}

/** A neutral text as mrkdwn: outside text escaped, neutral bold as `*…*`, mentions as Slack mentions. */
export function mrkdwn(text: string): string {
  const plainParts = text.replace(MENTION_PATTERN, "").replace(/[\uFDD0-\uFDD4]/g, "");
  // a lone `*` pairs with a bold mark's `*`: counted with them
  const boldStars = text.includes(MARK.boldOpen) ? 2 : 0;
  const pairs = new Set(FORMATTING.filter((c) => plainParts.split(c).length - 1 + (c === "*" ? boldStars : 0) >= 2));
  let out = "";
  let last = 0;
  const marks = new RegExp(`${MENTION_PATTERN.source}|[\uFDD0\uFDD1]`, "g");
  for (const m of text.matchAll(marks)) {
    out += literal(text.slice(last, m.index), pairs);
    last = m.index + m[0].length;
    if (m[0] === MARK.boldOpen || m[0] === MARK.boldClose) out += "*";
    else {
      const [, slack, , name] = m;
      out += /^[UW][A-Z0-9]{2,}$/.test(slack) ? `<@${slack}>` : literal(`@${name || slack || m[2]}`, pairs);
    }
  }
  return out + literal(text.slice(last), pairs);
}

/** Plain text (headers, buttons): marks taken out, mentions as @name. */
export function plain(text: string): string {
  return unmarked(text);
}

export function toBlocks(message: ChatMessage): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  message.blocks.forEach((b, i) => {
    switch (b.type) {
      case "header":
        blocks.push({ type: "header", text: { type: "plain_text", text: cut(plain(b.text), 150), emoji: true } });
        break;
      case "text":
        blocks.push({ type: "section", text: { type: "mrkdwn", text: cut(mrkdwn(b.text), 3000) } });
        break;
      case "fields":
        for (let k = 0; k < b.fields.length; k += 10) {
          blocks.push({
            type: "section",
            fields: b.fields.slice(k, k + 10).map((f) => ({ type: "mrkdwn" as const, text: cut(`${mrkdwn(bold(f.label))}\n${mrkdwn(f.value)}`, 2000) })),
          });
        }
        break;
      case "context":
        blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: cut(mrkdwn(b.text), 3000) }] });
        break;
      case "divider":
        blocks.push({ type: "divider" });
        break;
      case "link":
        blocks.push({ type: "section", text: { type: "mrkdwn", text: `<${b.url.replace(/[|<> ]/g, encodeURIComponent)}|${cut(mrkdwn(b.text), 500)}>` } });
        break;
      case "image":
        blocks.push({ type: "image", image_url: b.url, alt_text: cut(plain(b.alt), 2000) });
        break;
      case "actions":
        blocks.push({
          type: "actions",
          block_id: `actions-${i}`,
          elements: b.actions.slice(0, 25).map((a) => ({
            type: "button" as const,
            action_id: a.actionId,
            text: { type: "plain_text" as const, text: cut(a.label, 75), emoji: true },
            value: a.value.slice(0, 2000),
            ...(a.style ? { style: a.style } : {}),
          })),
        });
        break;
    }
  });
  return blocks.slice(0, 50);
}

export function toView(form: FormSpec): View {
  const blocks: KnownBlock[] = [];
  if (form.intro) blocks.push({ type: "section", text: { type: "mrkdwn", text: cut(mrkdwn(form.intro), 3000) } });
  for (const f of form.fields) {
    const label = { type: "plain_text" as const, text: cut(f.label, 2000) };
    const hint = f.hint ? { hint: { type: "plain_text" as const, text: cut(f.hint, 2000) } } : {};
    const base = { type: "input" as const, block_id: f.name, label, optional: !f.required, ...hint };
    const options = (f.options ?? []).slice(0, 100).map((o) => ({ text: { type: "plain_text" as const, text: cut(o.label, 75) }, value: o.value }));
    const str = typeof f.initial === "string" ? f.initial : undefined;
    switch (f.kind) {
      case "text":
      case "email":
      case "url":
      case "textarea":
        blocks.push({
          ...base,
          element: {
            type: f.kind === "email" ? "email_text_input" : f.kind === "url" ? "url_text_input" : "plain_text_input",
            action_id: f.name,
            ...(f.kind === "textarea" ? { multiline: true } : {}),
            ...(f.maxLength && (f.kind === "text" || f.kind === "textarea") ? { max_length: f.maxLength } : {}),
            ...(str ? { initial_value: str } : {}),
          } as never,
        });
        break;
      case "date":
        blocks.push({ ...base, element: { type: "datepicker", action_id: f.name, ...(str ? { initial_date: str } : {}) } });
        break;
      case "select":
        blocks.push({
          ...base,
          element: {
            type: "static_select",
            action_id: f.name,
            options,
            ...(str ? { initial_option: options.find((o) => o.value === str) } : {}),
          },
        });
        break;
      case "multiselect": {
        const initial = Array.isArray(f.initial) ? options.filter((o) => (f.initial as string[]).includes(o.value)) : [];
        blocks.push({
          ...base,
          element: { type: "multi_static_select", action_id: f.name, options, ...(initial.length ? { initial_options: initial } : {}) },
        });
        break;
      }
      case "checkbox": {
        const option = { text: { type: "plain_text" as const, text: cut(f.label, 75) }, value: "yes" };
        blocks.push({
          ...base,
          optional: true,
          element: { type: "checkboxes", action_id: f.name, options: [option], ...(f.initial === true ? { initial_options: [option] } : {}) },
        });
        break;
      }
    }
  }
  return {
    type: "modal",
    callback_id: form.formId,
    private_metadata: form.context.slice(0, 3000),
    title: { type: "plain_text", text: cut(form.title, 24) },
    submit: { type: "plain_text", text: cut(form.submitLabel, 24) },
    close: { type: "plain_text", text: "×" },
    blocks: blocks.slice(0, 100),
  };
}

type StateValue = {
  type?: string;
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }>;
};

/** Reads a submitted modal's state back into neutral values, by the form's field names. */
export function fromViewState(form: FormSpec, values: Record<string, Record<string, StateValue>>): FormValues {
  const out: FormValues = {};
  for (const f of form.fields) {
    const v = values?.[f.name]?.[f.name];
    if (!v) continue;
    switch (f.kind) {
      case "date":
        out[f.name] = v.selected_date ?? undefined;
        break;
      case "select":
        out[f.name] = v.selected_option?.value;
        break;
      case "multiselect":
        out[f.name] = (v.selected_options ?? []).map((o) => o.value);
        break;
      case "checkbox":
        out[f.name] = (v.selected_options ?? []).length > 0;
        break;
      default:
        out[f.name] = v.value ?? undefined;
    }
  }
  return out;
}

/** Long Markdown (templates, checklists) as sections of at most 3,000 characters, split at lines. */
export function markdownBlocks(markdown: string): KnownBlock[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of markdown.split("\n")) {
    const l = line.replace(/^#+\s*(.*)$/, "*$1*"); // Slack mrkdwn has no headings
    if (current.length + l.length + 1 > 2900) {
      chunks.push(current);
      current = "";
    }
    current += `${l}\n`;
  }
  if (current.trim()) chunks.push(current);
  return chunks.slice(0, 50).map((text) => ({ type: "section", text: { type: "mrkdwn", text } }));
}
