// Japanese era (和暦) dates. The API gives ISO 8601 times in JST
// ("2024-04-05T09:00:00+09:00") or dates ("2024-04-05").

const ERAS = [
  { name: '令和', en: 'Reiwa', start: [2019, 5, 1] },
  { name: '平成', en: 'Heisei', start: [1989, 1, 8] },
  { name: '昭和', en: 'Showa', start: [1926, 12, 25] },
];

function parts(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(String(iso ?? ''));
  if (!m) return null;
  return { y: +m[1], mo: +m[2], d: +m[3], hh: m[4], mm: m[5] };
}

function eraOf(y, mo, d) {
  for (const era of ERAS) {
    const [sy, sm, sd] = era.start;
    if (y > sy || (y === sy && (mo > sm || (mo === sm && d >= sd)))) return { era, year: y - sy + 1 };
  }
  return null;
}

/** "令和6年4月5日" (元年 for the first year); the ISO date when before 昭和. */
export function toWareki(iso, { withTime = false } = {}) {
  const p = parts(iso);
  if (!p) return String(iso ?? '');
  const e = eraOf(p.y, p.mo, p.d);
  const time = withTime && p.hh ? ` ${p.hh}:${p.mm}` : '';
  if (!e) return `${p.y}年${p.mo}月${p.d}日${time}`;
  const year = e.year === 1 ? '元' : String(e.year);
  return `${e.era.name}${year}年${p.mo}月${p.d}日${time}`;
}

/** "2024-04-05" or "2024-04-05 09:00" (JST as given). */
export function toIsoDisplay(iso, { withTime = false } = {}) {
  const p = parts(iso);
  if (!p) return String(iso ?? '');
  const date = `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
  return withTime && p.hh ? `${date} ${p.hh}:${p.mm}` : date;
}
