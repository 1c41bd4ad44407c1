/**
 * The Slack install pages (OAuth mode: /slack/install and /slack/oauth_redirect, src/platforms/slack/install.ts).
 * Shown in both languages, Japanese first: whoever opens them may not have chosen a language yet.
 */
import type { Place, Words } from "./words";

export const ja = (p: Place) => ({
  slackInstall: {
    title: "Slack へのインストール",
    /** no link, a link that is not ours, or one cut short */
    noLink: `このページは、${p.window.ja}が発行したインストール用のリンクからだけ開けます。リンクをお持ちでない場合は、${p.window.ja}にお問い合わせください。`,
    expired: `このインストール用のリンクは期限が切れています。${p.window.ja}に新しいリンクの発行を依頼してください。`,
    used: `このインストール用のリンクはすでに使われています。もう一度インストールするには、${p.window.ja}に新しいリンクの発行を依頼してください。`,
    taken: `このワークスペースは、別の自治体の設定でインストール済みです。変更が必要な場合は、${p.window.ja}にお問い合わせください。`,
    badState: "インストールの手続きを確認できませんでした（時間が経ちすぎたか、別のブラウザーで開かれました）。インストール用のリンクからやり直してください。",
    cancelled: "インストールは取り消されました。何も変更していません。",
    failed: "Slack とのやり取りに失敗したため、インストールできませんでした。しばらくしてからインストール用のリンクでやり直してください。",
    installed: "インストールが完了しました。Slack に戻って、ボットをチャンネルに招待してください。",
    installedOrg: "組織全体へのインストールが完了しました。Slack の管理画面で、ボットを使うワークスペースに追加してください。",
  },
});

export const en = (p: Place): Words<ReturnType<typeof ja>> => ({
  slackInstall: {
    title: "Install in Slack",
    noLink: `This page opens only from an install link issued by the ${p.window.en}. If you have none, please ask the ${p.window.en}.`,
    expired: `This install link has expired. Please ask the ${p.window.en} for a new one.`,
    used: `This install link has already been used. To install again, please ask the ${p.window.en} for a new one.`,
    taken: `This workspace is already installed for another municipality. If that needs to change, please ask the ${p.window.en}.`,
    badState: "The installation could not be verified (too much time passed, or it was opened in another browser). Please start again from your install link.",
    cancelled: "The installation was cancelled. Nothing was changed.",
    failed: "The installation failed while talking to Slack. Please try again later from your install link.",
    installed: "The app is installed. Go back to Slack and invite the bot to your channels.",
    installedOrg: "The app is installed for the whole organisation. In Slack's admin pages, add it to the workspaces that will use it.",
  },
});
