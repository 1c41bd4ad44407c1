/**
 * Charts drawn on the server: echarts renders each figure to an SVG string in Node (no browser), and
 * resvg turns it into a PNG for chat with Noto Sans JP embedded (no system font needed, no kanji as
 * boxes). The libraries are loaded on first use, so a bot that never draws a chart never loads them.
 * Charts carry counts and names of departments, fields and calls only: no personal data.
 */
import { createRequire } from "node:module";
import type { Locale } from "../../i18n";
import { words, type Figure } from "./figures";

export const CHART_FONT = "Noto Sans JP";
const require = createRequire(import.meta.url);

/** The TTF the PNGs are drawn with (shipped in @expo-google-fonts/noto-sans-jp). */
export function chartFontFile(): string {
  return require.resolve("@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf");
}

const PALETTE = ["#1f5fa8", "#d9822b", "#2f8f5b", "#8e44ad", "#b03a2e", "#5d6d7e", "#117a8b"];

/** The words a chart says in text (its alternative): every row with its drawn values. */
export function describeChart(f: Figure, locale: Locale): string {
  const t = words(locale);
  const sep = t.listSep;
  const parts = f.rows.length
    ? f.rows
        .map((r) => {
          const vals = f.chartColumns.map((c) => (f.chartColumns.length > 1 ? `${f.columns[c].label} ${r.values[c] ?? "–"}` : `${r.values[c] ?? "–"}`));
          return `${r.label} ${vals.join(t.valueSep)}`;
        })
        .join(sep)
    : t.noData;
  return t.chartDescription(f.title, parts);
}

/** One figure as an SVG document (title on top, bars or a line, the values written on them). */
export async function chartSvg(f: Figure, locale: Locale, size = { width: 760, height: 400 }): Promise<string> {
  const echarts = await import("echarts");
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  const labels = f.rows.map((r) => (r.label.length > 18 ? `${r.label.slice(0, 17)}…` : r.label));
  const series = f.chartColumns.map((c, i) => ({
    name: f.columns[c].label,
    type: f.chart === "line" ? ("line" as const) : ("bar" as const),
    data: f.rows.map((r) => r.values[c] ?? 0),
    label: { show: true, position: "top" as const, fontSize: 11 },
    itemStyle: { color: PALETTE[i % PALETTE.length] },
  }));
  chart.setOption({
    animation: false,
    backgroundColor: "#ffffff",
    textStyle: { fontFamily: CHART_FONT },
    title: { text: f.title, left: "center", textStyle: { fontFamily: CHART_FONT, fontSize: 16 } },
    legend: f.chartColumns.length > 1 ? { bottom: 0, textStyle: { fontFamily: CHART_FONT } } : undefined,
    grid: { left: 60, right: 24, top: 56, bottom: f.chartColumns.length > 1 ? 80 : 56, containLabel: true },
    xAxis: { type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > 4 ? 20 : 0, fontFamily: CHART_FONT } },
    yAxis: { type: "value", minInterval: 1 },
    series,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** The SVG as a PNG, drawn with the embedded Japanese font only (`withFont: false` to prove the difference). */
export async function svgToPng(svg: string, opts: { withFont?: boolean } = {}): Promise<Uint8Array> {
  const { Resvg } = await import("@resvg/resvg-js");
  const withFont = opts.withFont !== false;
  const r = new Resvg(svg, {
    background: "#ffffff",
    font: { loadSystemFonts: false, fontFiles: withFont ? [chartFontFile()] : [], defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return new Uint8Array(r.render().asPng());
}

/** One figure as a PNG (for chat). */
export async function chartPng(f: Figure, locale: Locale): Promise<Uint8Array> {
  return svgToPng(await chartSvg(f, locale));
}
