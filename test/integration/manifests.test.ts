/** Both apps' manifests: filled from their templates and checked against the platforms' schemas. */
import { commandsOn } from "../../src/app/help";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { fill, publicBase, slackManifest, teamsEnglish, teamsManifest } from "../../scripts/manifests";
import { validateSlackManifest } from "../../scripts/slack-schema";
import { validateTeamsLocalization, validateTeamsManifest } from "../../scripts/teams-schema";
import { testOrg } from "../helpers/org";

const APP_ID = "3f1c9a52-7d4e-4b8a-9c1d-2e5f6a7b8c9d";

/** Width, height and RGBA pixels of an 8-bit RGBA, non-interlaced PNG. */
function readPng(file: string) {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  expect([buf[24], buf[25]]).toEqual([8, 6]);
  const idat: Buffer[] = [];
  for (let o = 8; o < buf.length; ) {
    const len = buf.readUInt32BE(o);
    if (buf.toString("ascii", o + 4, o + 8) === "IDAT") idat.push(buf.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const alpha = (x: number, y: number) => raw[y * (width * 4 + 1) + 1 + x * 4 + 3];
  const rgb = (x: number, y: number) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 4 + x * 4)];
  return { width, height, alpha, rgb };
}

describe("Slack app manifest", () => {
  it("fills {{BASE_URL}} and matches Slack's manifest schema: command, interactivity, events, App Home", () => {
    const manifest = parseYaml(slackManifest("https://partner-bot.city.example.jp"));
    expect(validateSlackManifest(manifest)).toEqual([]);
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: "/partner", url: "https://partner-bot.city.example.jp/slack/events" });
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: "https://partner-bot.city.example.jp/slack/events" });
    expect(manifest.settings.event_subscriptions.bot_events).toContain("app_home_opened");
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(["chat:write", "commands"]));
  });

  it("the schema check catches a broken manifest", () => {
    const manifest = parseYaml(slackManifest("https://x.example.jp"));
    manifest.display_information.name = "x".repeat(40);
    manifest.features.slash_commands[0].command = "partner";
    manifest.settings.surprise = true;
    const problems = validateSlackManifest(manifest);
    expect(problems.join("\n")).toMatch(/display_information\.name/);
    expect(problems.join("\n")).toMatch(/slash_commands\.0\.command/);
    expect(problems.join("\n")).toMatch(/surprise/);
  });

  it("npm run manifest:slack prints it filled; a missing or plain-http URL is refused", () => {
    const out = execFileSync("npx", ["tsx", "scripts/manifest-slack.ts", "https://bot.example.jp"], { encoding: "utf8" });
    expect(out).toContain("request_url: \"https://bot.example.jp/slack/events\"");
    expect(() => publicBase("http://bot.example.jp")).toThrow(/https/);
    expect(() => fill("{{A}} {{B}}", { A: "1" })).toThrow(/missing values for: B/);
  });
});

describe("Teams app manifest", () => {
  it("fills the app id and domain and matches Microsoft's published schema (v1.30)", async () => {
    const manifest = teamsManifest(APP_ID, "partner-bot.city.example.jp", "0.1.0");
    expect(await validateTeamsManifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({ manifestVersion: "1.30", id: APP_ID, validDomains: ["partner-bot.city.example.jp"] });
    const bot = (manifest.bots as any[])[0];
    expect(bot.botId).toBe(APP_ID);
    // the suggested commands are exactly the chat command table's commands on Teams (a list holds at most
    // 10: channels and group chats get one list, the personal chat another)
    const suggested = new Set((bot.commandLists as any[]).flatMap((l) => l.commands.map((c: any) => c.title)));
    expect([...suggested].sort()).toEqual(commandsOn("teams").map((c) => c.word).sort());
    for (const l of bot.commandLists) expect(l.commands.length).toBeLessThanOrEqual(10);
  });

  it("English strings (localizationInfo) match the localization schema and name the city from the org config", async () => {
    const org = testOrg({ city: { name: { ja: "架空区", en: 'Kaku "City"' }, policy: { ja: "架空区方針", en: "Kaku policy" } } });
    const english = teamsEnglish(org);
    expect(await validateTeamsLocalization(english, "1.30")).toEqual([]);
    expect(english["description.full"]).toContain('Kaku "City"');
    expect(english["name.full"]).toContain("Kaku policy");
    const manifest = teamsManifest(APP_ID, "x.example.jp", "1.0.0", org) as any;
    expect(manifest.description.full).not.toMatch(/[A-Za-z]{4,} [A-Za-z]{4,}/); // the default language is Japanese only
    expect(await validateTeamsLocalization({ ...english, "name.short": "" }, "1.30")).not.toEqual([]);
  });

  it("the schema check catches a broken manifest", async () => {
    const manifest = teamsManifest(APP_ID, "x.example.jp", "0.1.0") as any;
    manifest.name.short = "x".repeat(31);
    delete manifest.accentColor;
    const problems = await validateTeamsManifest(manifest);
    expect(problems.length).toBeGreaterThan(0);
    expect(() => teamsManifest("not-a-guid", "x", "1")).toThrow(/MICROSOFT_APP_ID/);
  });

  it("ships a 192×192 colour icon and a 32×32 white outline icon on transparency", () => {
    const color = readPng("manifests/teams/color.png");
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.alpha(0, 0)).toBe(255);
    const outline = readPng("manifests/teams/outline.png");
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.alpha(0, 0)).toBe(0); // transparent background
    let drawn = 0;
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) if (outline.alpha(x, y) > 0) {
      drawn++;
      expect(outline.rgb(x, y)).toEqual([255, 255, 255]); // the outline is white
    }
    expect(drawn).toBeGreaterThan(50);
  });

  it("npm run package:teams writes the zip to upload, with the app id from the environment", () => {
    const out = join(mkdtempSync(join(tmpdir(), "teams-zip-")), "app.zip");
    execFileSync("npx", ["tsx", "scripts/package-teams.ts", "--out", out], { env: { ...process.env, MICROSOFT_APP_ID: APP_ID, PUBLIC_BASE_URL: "https://bot.example.jp" }, encoding: "utf8" });
    const files = unzipSync(readFileSync(out));
    expect(Object.keys(files).sort()).toEqual(["color.png", "en.json", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"]));
    // Japanese by default, English added
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: "ja-jp", additionalLanguages: [{ languageTag: "en", file: "en.json" }] });
    const english = JSON.parse(new TextDecoder().decode(files["en.json"]));
    expect(english["name.short"]).toBe("Partnership bot");
    expect(english["bots[0].commandLists[0].commands[1].description"]).toBe("Register a proposal");
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(["bot.example.jp"]);
    expect(() => execFileSync("npx", ["tsx", "scripts/package-teams.ts", "--out", out], { env: { ...process.env, MICROSOFT_APP_ID: "", PUBLIC_BASE_URL: "https://bot.example.jp" }, stdio: "pipe" })).toThrow();
  });
});

/** The Slack Web API methods the code calls, and the bot scopes each one needs (Slack's method docs). */
const METHOD_SCOPES: Record<string, string[]> = {
  "chat.postMessage": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "chat.update": ["chat:write"],
  "views.open": [],
  "views.publish": [],
  "auth.test": [],
};

function slackMethodsCalled(): Set<string> {
  const files = execFileSync("git", ["ls-files", "src/platforms/slack", "src/cli.ts"], { encoding: "utf8" }).split("\n").filter((f) => f.endsWith(".ts"));
  const found = new Set<string>();
  for (const f of files) {
    for (const m of readFileSync(f, "utf8").matchAll(/\bclient\.(\w+)\.(\w+)\(/g)) found.add(`${m[1]}.${m[2]}`);
  }
  return found;
}

describe("least privilege", () => {
  it("the Slack manifest asks for exactly the scopes of the Web API methods the code calls (and the slash command)", () => {
    const called = slackMethodsCalled();
    expect([...called].sort()).toEqual(Object.keys(METHOD_SCOPES).sort()); // a new call needs a row above
    const needed = new Set([...called].flatMap((m) => METHOD_SCOPES[m]));
    needed.add("commands"); // the /partner slash command
    const manifest = parseYaml(slackManifest("https://x.example.jp"));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it("the Teams manifest asks for no device or resource permission the bot does not use", () => {
    const manifest = teamsManifest(APP_ID, "x.example.jp", "1.0.0") as any;
    expect(manifest.permissions ?? []).toEqual([]);
    expect(manifest.devicePermissions ?? []).toEqual([]);
    expect(manifest.authorization?.permissions?.resourceSpecific ?? []).toEqual([]);
  });
});

describe("the city comes from the org config", () => {
  it("manifests and the privacy and terms pages name the configured city, and no city is written in the templates", async () => {
    const { loadOrg } = await import("../../src/config/org");
    const example = loadOrg("config/org.example.yml");
    expect(readFileSync("manifests/slack/manifest.yml", "utf8") + readFileSync("manifests/teams/manifest.json", "utf8")).not.toMatch(/港区|Minato/);
    const other = { ...example, city: { name: { ja: "架空市", en: "Fictional City" }, kind: "市" as const, policy: { ja: "架空市企業連携方針", en: "Fictional City policy", sections: {} } }, window: { ...example.window, name: { ja: "連携窓口", en: "Window" } } };
    expect(slackManifest("https://x.example.jp", other)).toContain("架空市企業連携方針に沿って");
    const teams = teamsManifest(APP_ID, "x.example.jp", "1.0.0", other) as any;
    expect(teams.developer.name).toBe("架空市 連携窓口");
    expect(teams.name.full).toContain("架空市企業連携方針");
    expect(await validateTeamsManifest(teamsManifest(APP_ID, "x.example.jp", "1.0.0", example))).toEqual([]);
  });
});
