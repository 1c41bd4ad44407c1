/** 調査: the window's survey rounds of departments' own partnerships and disaster agreements (§3, §6(1)). */
export function formatSurveyNumber(n: number): string {
  return `S-${String(n).padStart(3, "0")}`;
}

/** Items one answer form asks about (a Slack modal holds 100 blocks; four a item, and room for the rest). */
export const SURVEY_ITEMS_PER_FORM = 20;
