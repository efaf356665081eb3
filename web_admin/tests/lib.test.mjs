// The console's pure helpers: 和暦 dates and Excel-safe CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toIsoDisplay, toWareki } from '../src/lib/wareki.js';
import { toCsv } from '../src/lib/csv.js';

test('和暦: era boundaries and 元年', () => {
  assert.equal(toWareki('2019-04-30'), '平成31年4月30日');
  assert.equal(toWareki('2019-05-01'), '令和元年5月1日');
  assert.equal(toWareki('2024-04-05T09:30:00+09:00'), '令和6年4月5日');
  assert.equal(toWareki('2024-04-05T09:30:00+09:00', { withTime: true }), '令和6年4月5日 09:30');
  assert.equal(toWareki('1989-01-07'), '昭和64年1月7日');
  assert.equal(toWareki('1989-01-08'), '平成元年1月8日');
  assert.equal(toWareki('not a date'), 'not a date');
});

test('ISO display keeps JST as given', () => {
  assert.equal(toIsoDisplay('2024-04-05T09:30:00+09:00'), '2024-04-05');
  assert.equal(toIsoDisplay('2024-04-05T09:30:00+09:00', { withTime: true }), '2024-04-05 09:30');
});

test('CSV opens in Excel: BOM, CRLF, quoting, formulas defused', () => {
  const csv = toCsv(['ID', '主訴'], [[1, '介護, "子育て"'], [2, '=HYPERLINK("x")'], [3, null]]);
  assert.ok(csv.startsWith('\uFEFF'));
  assert.equal(
    csv,
    '\uFEFF"ID","主訴"\r\n"1","介護, ""子育て"""\r\n"2","\'=HYPERLINK(""x"")"\r\n"3",""\r\n',
  );
});
