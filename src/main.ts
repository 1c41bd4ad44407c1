/** Composition root for `npm start`. */
import { ConfigError } from "./config/env";
import { environmentOrExit } from "./config/dotenv";
import { createLogger } from "./logger";
import { boot } from "./bootstrap";

async function main(): Promise<void> {
  const env = environmentOrExit(1);
  const log = createLogger(env.LOG_LEVEL);
  let running;
  try {
    running = await boot(env, log);
  } catch (e) {
    log.fatal({ err: (e as Error).message }, e instanceof ConfigError ? "configuration error" : "start-up failed");
    process.exit(1);
  }
  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

void main();
