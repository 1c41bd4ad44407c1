/** Checks a Teams manifest against Microsoft's published JSON schema for its version (shipped by @microsoft/app-manifest). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ManifestUtil } from "@microsoft/app-manifest";

export async function validateTeamsManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const version = String(manifest.manifestVersion);
  const require = createRequire(import.meta.url);
  const root = require.resolve("@microsoft/app-manifest/package.json").replace(/package\.json$/, "");
  const schema = JSON.parse(readFileSync(`${root}build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`, "utf8"));
  return ManifestUtil.validateManifestAgainstSchema(manifest as never, schema);
}
