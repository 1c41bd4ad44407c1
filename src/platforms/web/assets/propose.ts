/// <reference lib="dom" />
/**
 * The proposal form's only script (served from /assets, CSP script-src 'self'): checks the 法人番号 as
 * it is typed, with the same rule the server applies, and moves focus to the error summary. The form
 * works the same without it.
 */
import { corporateNumberDigits, isValidCorporateNumber } from "../../../domain/company";

function corporateNumberCheck(): void {
  const input = document.getElementById("corporateNumber") as HTMLInputElement | null;
  const live = document.getElementById("corporateNumber-live");
  if (!input || !live) return;
  const say = (key: string, n?: number) => {
    const template = live.dataset[key] ?? "";
    live.textContent = n === undefined ? template : template.replace("{n}", String(n));
  };
  const check = () => {
    const v = corporateNumberDigits(input.value); // as the server reads it: full-width, hyphens
    if (v === "") return void (live.textContent = "");
    if (!/^\d+$/.test(v)) return say("digits");
    if (v.length !== 13) return say("length", v.length);
    say(isValidCorporateNumber(v) ? "ok" : "check");
  };
  input.addEventListener("input", check);
  input.addEventListener("blur", check);
}

function focusErrors(): void {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
}

corporateNumberCheck();
focusErrors();
