import type { App } from "@slack/bolt";
import { FORMS } from "../../../../ports/chat";
import type { SlackDeps } from "../../context";
import { registerForm } from "./forms";

export function register(app: App, deps: SlackDeps): void {
  for (const formId of Object.values(FORMS)) registerForm(app, deps, formId);
}
