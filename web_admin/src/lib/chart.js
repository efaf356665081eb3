// Small SVG charts drawn by hand (no chart library, nothing from the
// internet). Each chart is an <svg role="img"> with a <title> and <desc>
// for screen readers, labelled axes and a legend; every bar has its own
// <title> giving the exact number.
import { svg } from './dom.js';

let chartCounter = 0;

// A round step for about `ticks` intervals up to `max` (1, 2, 5 × 10^n).
function niceStep(max, ticks) {
  if (max <= ticks) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * power) return m * power;
  return 10 * power;
}

/**
 * A grouped bar chart.
 *   barChart({
 *     title, description,                 // <title>, <desc>
 *     categories: [{ label, sublabel? , full }],  // x axis (full: the name used in bar titles)
 *     series: [{ name, className, color, values: [n per category] }],
 *     xLabel, yLabel,                     // axis titles
 *     valueText: (series, category, value) => string,   // each bar's <title>
 *   })
 */
export function barChart({ title, description, categories, series, xLabel, yLabel, valueText, width = 760, height = 300 }) {
  chartCounter += 1;
  const titleId = `chart-title-${chartCounter}`;
  const descId = `chart-desc-${chartCounter}`;
  const margin = { top: 40, right: 16, bottom: 64, left: 56 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const step = niceStep(Math.max(max, 1), 5);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const y = (v) => margin.top + plotH - (v / top) * plotH;

  const root = svg('svg', {
    class: 'chart', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img',
    'aria-labelledby': `${titleId} ${descId}`, preserveAspectRatio: 'xMidYMid meet',
  },
  svg('title', { id: titleId }, title),
  svg('desc', { id: descId }, description));

  // Grid and y axis ticks.
  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (let v = 0; v <= top; v += step) {
    grid.append(
      svg('line', { x1: margin.left, x2: margin.left + plotW, y1: y(v), y2: y(v), stroke: v === 0 ? '#8a94a3' : '#e3e7ed' }),
      svg('text', { x: margin.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, String(v)),
    );
  }
  root.append(grid);

  // Bars, grouped per category.
  const groupW = plotW / Math.max(categories.length, 1);
  const barW = Math.min(22, (groupW * 0.72) / Math.max(series.length, 1));
  const bars = svg('g', { class: 'bars' });
  categories.forEach((category, ci) => {
    const groupX = margin.left + ci * groupW + (groupW - barW * series.length) / 2;
    series.forEach((s, si) => {
      const value = s.values[ci] ?? 0;
      const x = groupX + si * barW;
      const barH = Math.max(0, y(0) - y(value));
      const text = valueText ? valueText(s, category, value) : `${category.full ?? category.label} ${s.name}: ${value}`;
      bars.append(svg('rect', { class: s.className, fill: s.color, x: x + 1, y: y(value), width: barW - 2, height: barH, rx: 2 },
        svg('title', {}, text)));
      if (value > 0) {
        bars.append(svg('text', { class: 'bar-value', x: x + barW / 2, y: y(value) - 4, 'text-anchor': 'middle',
          'aria-hidden': 'true' }, String(value)));
      }
    });
    const cx = margin.left + ci * groupW + groupW / 2;
    bars.append(svg('text', { class: 'x-label', x: cx, y: y(0) + 16, 'text-anchor': 'middle', 'aria-hidden': 'true' },
      category.label));
    if (category.sublabel) {
      bars.append(svg('text', { class: 'x-sublabel', x: cx, y: y(0) + 30, 'text-anchor': 'middle', 'aria-hidden': 'true' },
        category.sublabel));
    }
  });
  root.append(bars);

  // Axis titles.
  root.append(
    svg('text', { class: 'axis-title', x: margin.left + plotW / 2, y: height - 8, 'text-anchor': 'middle', 'aria-hidden': 'true' },
      xLabel),
    svg('text', { class: 'axis-title', x: 14, y: margin.top + plotH / 2, 'text-anchor': 'middle',
      transform: `rotate(-90 14 ${margin.top + plotH / 2})`, 'aria-hidden': 'true' }, yLabel),
  );

  // Legend, top right, in series order.
  const legend = svg('g', { class: 'legend', 'aria-hidden': 'true' });
  const textWidth = (text) => [...text].reduce((w, ch) => w + (ch.codePointAt(0) > 0xff ? 13 : 7), 0);
  let lx = width - margin.right - series.reduce((w, s) => w + textWidth(s.name) + 30, 0);
  for (const s of series) {
    legend.append(
      svg('rect', { class: s.className, fill: s.color, x: lx, y: 12, width: 12, height: 12, rx: 2 }),
      svg('text', { class: 'legend-text', x: lx + 18, y: 22 }, s.name),
    );
    lx += textWidth(s.name) + 30;
  }
  root.append(legend);
  return root;
}
