/** The privacy and terms pages the Teams manifest links to (/privacy, /terms): both languages on one page. */
import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  pages: {
    privacyTitle: "企業連携ボット プライバシーについて",
    privacy: `このボットは、企業からの連携提案の受付と処理のために、提案の内容、企業名・法人番号、企業の担当者の氏名・連絡先、
職員のチャット上の利用者ID、審査会の投票、協定とその実施状況を、${p.city.ja}のデータベースに保存します。
すべての操作は監査記録に残り、特定の企業を優遇していないことを示すために使われます。ログには連絡先を残しません。`,
    termsTitle: "企業連携ボット 利用条件",
    terms: `このボットは${p.city.ja}の職員が${p.policy.ja}に沿って企業連携の事務を行うためのものです。`,
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  pages: {
    privacyTitle: "Privacy",
    privacy: `The bot stores proposals, company names and corporate numbers, the company contact's name and contact details,
staff members' chat user ids, review-board votes, agreements and their status reports in ${p.city.en}'s database,
to handle partnership proposals. Every action is kept in an audit trail, used to show that no company was
favoured. Logs carry no contact details.`,
    termsTitle: "Terms of use",
    terms: `This bot is for ${p.city.en} staff handling corporate partnerships under the ${p.policy.en}.`,
  },
});
