/**
 * npm run package:teams -- [--out FILE]: writes the Teams app package (manifest.json with the app id
 * and domain filled in, and the two icons) to upload in Teams. Reads MICROSOFT_APP_ID and PUBLIC_BASE_URL.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { zipSync } from "fflate";
import { loadDotEnv } from "../src/config/dotenv";
import { publicBase, teamsEnglish, teamsManifest } from "./manifests";
import { validateTeamsLocalization, validateTeamsManifest } from "./teams-schema";

const { values } = parseArgs({ options: { out: { type: "string" } } });
loadDotEnv();
try {
  const { domain } = publicBase(process.env.PUBLIC_BASE_URL);
  const version = JSON.parse(readFileSync("package.json", "utf8")).version as string;
  const manifest = teamsManifest(process.env.MICROSOFT_APP_ID, domain, version);
  const problems = await validateTeamsManifest(manifest);
  if (problems.length) throw new Error(`manifest does not match the Teams schema:\n${problems.join("\n")}`);
  const english = teamsEnglish();
  const localization = await validateTeamsLocalization(english, String(manifest.manifestVersion));
  if (localization.length) throw new Error(`en.json does not match the Teams localization schema:\n${localization.join("\n")}`);
  const zip = zipSync({
    "manifest.json": new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    "en.json": new TextEncoder().encode(JSON.stringify(english, null, 2)),
    "color.png": readFileSync("manifests/teams/color.png"),
    "outline.png": readFileSync("manifests/teams/outline.png"),
  });
  const out = values.out ?? "dist/teams-app.zip";
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`wrote ${out} (app id ${process.env.MICROSOFT_APP_ID}, domain ${domain})`);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
