/** npm run manifest:slack -- [https://bot.example.city] [--out FILE]: prints the Slack manifest with the URLs filled in. */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { publicBase, slackManifest } from "./manifests";
import { validateSlackManifest } from "./slack-schema";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } });
try {
  const { baseUrl } = publicBase(positionals[0] ?? process.env.PUBLIC_BASE_URL);
  const text = slackManifest(baseUrl);
  const problems = validateSlackManifest(parseYaml(text));
  if (problems.length) throw new Error(`manifest does not match Slack's manifest schema:\n${problems.join("\n")}`);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
