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

/** Checks a Teams localization file (the English strings) against the published schema of the manifest's version. */
export async function validateTeamsLocalization(strings: Record<string, unknown>, manifestVersion: string): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const root = require.resolve("@microsoft/app-manifest/package.json").replace(/package\.json$/, "");
  const schema = JSON.parse(readFileSync(`${root}build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.Localization.schema.json`, "utf8"));
  // Microsoft's schema has patterns with an unescaped "]" that a Unicode-mode validator refuses to compile
  // (activities[…]): escaped here, or dropped if still invalid; this bot localizes none of those keys.
  const patterns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema.patternProperties ?? {})) {
    const fixed = key.replace(/\\b\]/g, "\\b\\]");
    try {
      new RegExp(fixed, "u");
      patterns[fixed] = value;
    } catch {
      // not a key this bot uses
    }
  }
  schema.patternProperties = patterns;
  return ManifestUtil.validateManifestAgainstSchema(strings as never, schema);
}
