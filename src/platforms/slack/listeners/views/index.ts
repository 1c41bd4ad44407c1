import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context";
import { registerForms } from "./forms";

export function register(app: App, deps: SlackDeps): void {
  registerForms(app, deps);
}
