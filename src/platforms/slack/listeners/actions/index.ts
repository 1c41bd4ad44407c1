import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context";
import { registerButtons } from "./buttons";
import { registerUnknown } from "./unknown";

export function register(app: App, deps: SlackDeps): void {
  registerButtons(app, deps);
  registerUnknown(app, deps);
}
