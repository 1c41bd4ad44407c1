/** Neutral messages and forms → Block Kit (and modal state → form values). Limits from Slack's docs. */
import type { KnownBlock, View } from "@slack/types";
import { MENTION_PATTERN, type ChatMessage, type FormSpec, type FormValues } from "../../ports/chat";
import { shorten as cut } from "../../app/text";

/** Escapes mrkdwn control characters, then turns neutral mention tokens into Slack mentions. */
export function mrkdwn(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return escaped.replace(/&lt;@(slack|teams|api|system|cli):([^&]+)&gt;/g, (_m, platform: string, id: string) =>
    platform === "slack" && /^[A-Z0-9]+$/.test(id) ? `<@${id}>` : `@${id}`,
  );
}

export function plain(text: string): string {
  return text.replace(MENTION_PATTERN, (_m, _p, id: string) => `@${id}`);
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
            fields: b.fields.slice(k, k + 10).map((f) => ({ type: "mrkdwn" as const, text: cut(`*${mrkdwn(f.label)}*\n${mrkdwn(f.value)}`, 2000) })),
          });
        }
        break;
      case "context":
        blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: cut(mrkdwn(b.text), 3000) }] });
        break;
      case "divider":
        blocks.push({ type: "divider" });
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
