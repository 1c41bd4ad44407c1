/**
 * Issue 19: every word the bot says lives in src/i18n. A Japanese literal anywhere else in src/ (or
 * visible text in a desk template) is a word that escaped; comments may still be Japanese.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { explain, words } from "../../src/i18n";
import { testOrg } from "../helpers/org";

const root = join(import.meta.dirname, "..", "..");
// hiragana, katakana, CJK (incl. extension A), full-width forms, CJK punctuation (「」、。 and the ideographic space)
const JAPANESE = /[\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]/;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : ext.test(name) ? [path] : [];
  });
}

/** Every string, template and regular-expression literal with Japanese in it, found by TypeScript's own scanner. */
export function japaneseLiterals(fileName: string, text: string): number[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node) ||
        ts.isRegularExpressionLiteral(node) ||
        ts.isJsxText(node)) &&
      JAPANESE.test(node.getText(source))
    ) {
      lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

/** Lines of an Eta template with Japanese outside its tags (`<% … %>`, `<%= … %>`, `<%~ … %>`). */
export function japaneseInTemplate(text: string): number[] {
  const lines: number[] = [];
  let at = 0;
  for (const match of text.matchAll(/<%[\s\S]*?%>/g)) {
    markOutside(text.slice(at, match.index), text, at, lines);
    at = match.index + match[0].length;
  }
  markOutside(text.slice(at), text, at, lines);
  return [...new Set(lines)].sort((a, b) => a - b);
}
function markOutside(chunk: string, text: string, offset: number, lines: number[]): void {
  for (let i = 0; i < chunk.length; i++) {
    if (JAPANESE.test(chunk[i])) lines.push(text.slice(0, offset + i).split("\n").length);
  }
}

function offenders(): string[] {
  const src = join(root, "src");
  const out: string[] = [];
  for (const file of files(src, /\.(ts|tsx|mts)$/)) {
    const rel = relative(root, file).split(sep).join("/");
    if (rel.startsWith("src/i18n/") || rel.startsWith("src/generated/")) continue;
    for (const line of new Set(japaneseLiterals(file, readFileSync(file, "utf8")))) out.push(`${rel}:${line}`);
  }
  for (const file of files(join(src, "platforms", "web", "views"), /\.eta$/)) {
    const rel = relative(root, file).split(sep).join("/");
    for (const line of japaneseInTemplate(readFileSync(file, "utf8"))) out.push(`${rel}:${line}`);
  }
  return out;
}

describe("one home for every word", () => {
  it("the scanner finds Japanese in strings, templates and regexes, and not in comments or tags", () => {
    const code = [
      "// 区のコメント",
      'const a = "企業";',
      "const b = `${a}「x」`;",
      "const c = /株式会社$/;",
      "const d = `x${a}、`;",
      "/* 市 */ const e = 'plain';",
      "const f = \"\\uff01\";",
    ].join("\n");
    expect(japaneseLiterals("x.ts", code)).toEqual([2, 3, 4, 5]);
    expect(japaneseInTemplate('<p><%= it.w.title %></p>\n<p>件名</p>\n<%= "市" %>')).toEqual([2]);
  });

  it("every reason a refusal raises (invalid, conflict, says, `reason:` …) names a word in both languages", () => {
    const ja = words("ja", testOrg());
    const en = words("en", testOrg());
    const RAISERS = new Set(["invalid", "forbidden", "notFound", "conflict", "says"]);
    const found: Array<[string, string]> = [];
    for (const file of files(join(root, "src"), /\.ts$/)) {
      const rel = relative(root, file);
      if (rel.includes("generated")) continue;
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
          const name = node.expression.text;
          const arg = name === "invalidField" ? node.arguments[1] : RAISERS.has(name) ? node.arguments[0] : undefined;
          if (arg && ts.isStringLiteral(arg)) found.push([rel, arg.text]);
        }
        if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "DomainError" && node.arguments?.[1] && ts.isStringLiteral(node.arguments[1])) {
          found.push([rel, node.arguments[1].text]);
        }
        if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && ["reason", "label"].includes(node.name.text) && ts.isStringLiteral(node.initializer) && /^[a-z]+\.[\w.]+$/i.test(node.initializer.text)) {
          found.push([rel, node.initializer.text]);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    // term() in src/domain/agreement.ts takes the rule as its second argument
    const rules = [...readFileSync(join(root, "src", "domain", "agreement.ts"), "utf8").matchAll(/term\("\w+", "(\w+)"/g)].map((m) => `agreement.terms.${m[1]}`);
    const codes = [...found, ...rules.map((c) => ["src/domain/agreement.ts", c] as [string, string])];
    expect(codes.length).toBeGreaterThan(30);
    const unknown = codes.filter(([, c]) => explain(ja, { reason: c, params: ["x", "y"] }) === c || explain(en, { reason: c, params: ["x", "y"] }) === c);
    expect(unknown.map(([f, c]) => `${f}: ${c}`)).toEqual([]);
    expect(explain(ja, { reason: "conflicts.noSuchWord" })).toBe("conflicts.noSuchWord");
  });

  it("the domain reads only the vocabulary of src/i18n, and the vocabulary imports nothing", () => {
    const importsOf = (file: string) =>
      ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((i) => i.fileName);
    for (const file of files(join(root, "src", "domain"), /\.ts$/)) {
      for (const spec of importsOf(file).filter((f) => f.includes("i18n"))) expect(spec, relative(root, file)).toBe("../i18n/vocabulary");
    }
    expect(importsOf(join(root, "src", "i18n", "vocabulary.ts"))).toEqual([]);
  });

  it("no Japanese literal in src/ outside src/i18n/ and src/generated/, nor in the desk's templates", () => {
    const found = offenders();
    expect(found, `Japanese literals outside src/i18n:\n${found.join("\n")}`).toEqual([]);
  });
});
