import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  home: {
    title: "企業連携ボット",
    open: "進行中の連携提案",
    endingSoon: (days: number) => `${days}日以内に終了する協定`,
    none: "（なし）",
  },
  help: [
    "/partner new — 連携提案を登録",
    "/partner company <企業名> — 企業の提案と状態",
    "/partner agreements [ページ] — 協定の一覧",
    "/partner template <co_hosting|tech_trial|other> — 協定様式と手順",
    "/partner challenge — 地域課題・テーマ型募集を公開（部署の職員）",
  ].join("\n"),
  /** Teams: the text commands typed to the bot (Markdown list) */
  helpTeams: [
    "- **new** — 連携提案を登録",
    "- **company** \\<企業名\\> — 企業の提案と状態",
    "- **agreements** [ページ] — 協定の一覧",
    "- **template** co\\_hosting | tech\\_trial | other — 協定様式と手順",
    "- **challenge** — 地域課題・テーマ型募集を公開（部署の職員）",
    "- **bind** \\<部署コード\\> — このチャットを部署のチャネルにする（窓口の担当者のみ）",
    "- **unbind** — その結び付けを解除する（窓口の担当者のみ）",
    "- **help** — この一覧",
  ].join("\n"),
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  home: {
    title: "Partnership bot",
    open: "Proposals in progress",
    endingSoon: (days) => `Agreements ending within ${days} days`,
    none: "(none)",
  },
  help: [
    "/partner new — register a proposal",
    "/partner company <name> — a company's proposals and their states",
    "/partner agreements [page] — agreements by state and end date",
    "/partner template <co_hosting|tech_trial|other> — agreement template and procedure",
    "/partner challenge — publish a local challenge or theme call (department staff)",
  ].join("\n"),
  helpTeams: [
    "- **new** — register a proposal",
    "- **company** \\<name\\> — a company's proposals and their states",
    "- **agreements** [page] — agreements by state and end date",
    "- **template** co\\_hosting | tech\\_trial | other — agreement template and procedure",
    "- **challenge** — publish a local challenge or theme call (department staff)",
    "- **bind** \\<department code\\> — make this chat that department's channel (window staff only)",
    "- **unbind** — undo that (window staff only)",
    "- **help** — this list",
  ].join("\n"),
});
