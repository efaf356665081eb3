// The caseworkers' console end to end, on the 米原市 demo: dashboard, case
// list (search, paging, CSV), a new consultation referred through its forms,
// the coordinator moving it on until a guard refuses with its reason, the
// English view and 和暦 dates. No request may leave the server; no page may
// throw.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { login, screenshot, startConsole } from './harness.mjs';

let app;
const pages = [];
// The consultation opened in the test, shared by the later steps.
let newCaseId = null;
const complaint = '70代の父の介護と、40代の娘の失職が重なっている（E2E）';

async function openAs(username) {
  const page = await app.newPage();
  pages.push(page);
  await login(page, app.baseUrl, app.logins[username]);
  return page;
}

/** Waits until the toast has faded, so that it does not cover a screenshot. */
async function settle(page) {
  await page.waitForFunction(() => !document.getElementById('toast')?.classList.contains('visible'), null, { timeout: 10000 });
}

/** The text of the newest timeline entry. */
async function newestEvent(page) {
  return page.locator('ol.timeline > li').first().innerText();
}

before(async () => {
  app = await startConsole();
});

after(async () => {
  await app?.stop();
});

test('dashboard: cases by state, my tasks with deadlines, monthly chart', async () => {
  const page = await openAs('maibara-intake');
  await page.getByRole('heading', { name: '状態別のケース数' }).waitFor();

  // The seeded 米原市 cases this window sees, one per state.
  const byState = page.locator('section[aria-labelledby="dash-by-state"] table tbody tr');
  assert.ok(await byState.count() >= 4, 'one row per state');
  const intakeRow = byState.filter({ hasText: '相談受付（各課相談窓口）' });
  assert.equal(await intakeRow.count(), 1);
  assert.match(await intakeRow.innerText(), /1件/);
  assert.match(await page.locator('.stat-card').first().innerText(), /対応中のケース\s+\d+/);

  // My agency's open task from routing the newest consultation, with its deadline.
  const tasks = page.locator('section[aria-labelledby="dash-tasks"] tbody tr');
  assert.ok(await tasks.count() >= 1);
  assert.match(await tasks.first().innerText(), /相談受付（振り分け）/);
  assert.match(await tasks.first().innerText(), /\d{4}-\d{2}-\d{2}/);
  assert.match(await page.locator('section[aria-labelledby="dash-deadlines"]').innerText(), /期限超過（\d+）[\s\S]*14日以内に期限（\d+）/);

  // The chart: an accessible SVG with a title, axis titles, a legend and 12 months of bars.
  const chart = page.locator('svg.chart[role="img"]');
  assert.equal(await page.locator('svg.chart > title').textContent(), '月別の新規・終結ケース（直近12か月）');
  assert.match(await page.locator('svg.chart > desc').textContent(), /新規ケースは合計\d+件/);
  assert.equal(await chart.locator('text.axis-title').count(), 2);
  assert.deepEqual(await chart.locator('text.legend-text').allTextContents(), ['新規', '終結']);
  assert.equal(await chart.locator('text.x-label').count(), 12);
  assert.equal(await chart.locator('g.bars rect.bar-new').count(), 12);
  assert.equal(await chart.locator('g.bars rect.bar-closed').count(), 12);
  const newTotal = (await chart.locator('g.bars rect.bar-new title').allTextContents())
    .map((s) => Number(/(\d+)件$/.exec(s)[1])).reduce((a, b) => a + b, 0);
  assert.ok(newTotal >= 4, `the seeded cases of the last months are counted (got ${newTotal})`);
  await screenshot(page, 'cw-dashboard');
});

test('case list: search, paging, CSV export with a BOM', async () => {
  const page = await openAs('maibara-intake');
  await page.goto(`${app.baseUrl}/#/cases`);
  const rows = page.locator('.case-list tbody tr');
  await rows.first().waitFor();
  const all = await rows.count();
  assert.ok(all >= 5, `the window sees the seeded cases (got ${all})`);
  assert.equal(await page.locator('#load-more').isVisible(), false, 'no more pages for a handful of cases');
  await screenshot(page, 'cw-case-list');

  // Free-text search goes to the server (GET /cases?q=).
  await page.getByLabel('キーワード・ケース番号').fill('民生委員');
  await page.getByRole('button', { name: '検索' }).click();
  await page.waitForFunction(() => window.location.hash.includes('q='));
  await page.waitForFunction(() => document.querySelectorAll('.case-list tbody tr').length === 1);
  assert.match(await rows.first().innerText(), /一人暮らしの高齢者の安否/);

  // CSV of the listed rows: UTF-8 with a BOM, the header, the one row.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV出力' }).click()]);
  assert.match(download.suggestedFilename(), /^ケース一覧-\d{8}\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFF'), 'the CSV starts with the BOM');
  const lines = csv.slice(1).trim().split('\r\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /"番号","主訴","ワークフロー","状態"/);
  assert.match(lines[1], /一人暮らしの高齢者の安否/);

  // Paging: with two cases a page, さらに読み込む fetches the next ones.
  const casesApi = (url) => url.pathname === '/api/v1/cases';
  await page.route(casesApi, (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('limit', '2');
    return route.continue({ url: url.href });
  });
  await page.goto(`${app.baseUrl}/#/cases?workflow=maibara`);
  await page.waitForFunction(() => document.querySelectorAll('.case-list tbody tr').length === 2);
  await page.locator('#load-more').click();
  await page.waitForFunction(() => document.querySelectorAll('.case-list tbody tr').length === 4);
  const ids = await page.locator('.case-list tbody tr td:first-child').allTextContents();
  assert.equal(new Set(ids).size, 4, 'pages do not repeat cases');
  await page.unroute(casesApi);
});

test('a new consultation is opened and referred through its forms', async () => {
  const page = await openAs('maibara-intake');
  await page.goto(`${app.baseUrl}/#/cases`);
  await page.getByRole('button', { name: '＋ 新規相談' }).click();
  await page.locator('#new-case .form-fields').waitFor();
  assert.equal(await page.getByLabel('最初の状態').inputValue(), 'intake');

  // Required fields are checked before anything is sent.
  await page.getByRole('button', { name: '受付を登録' }).click();
  const mainField = page.locator('#new-case .field', { has: page.getByLabel(/^主訴/) });
  assert.match(await mainField.innerText(), /入力してください/);

  await page.getByLabel(/^主訴/).fill(complaint);
  await page.getByLabel('相談経路').selectOption({ label: '家族' });
  await page.getByLabel('高齢者', { exact: true }).check();
  await page.getByLabel('生活困窮者', { exact: true }).check();
  await page.locator('#new-case fieldset', { hasText: '世帯員' }).getByRole('button', { name: /行を追加/ }).click();
  await page.getByLabel('氏名（1行目）').fill('米原 太郎（仮名）');
  await page.getByLabel('年齢（1行目）').fill('76');
  await page.getByLabel('続柄（1行目）').fill('父');
  await page.getByRole('button', { name: '受付を登録' }).click();
  await page.waitForFunction(() => /^#\/cases\/\d+$/.test(window.location.hash));
  newCaseId = Number(/(\d+)$/.exec(page.url())[1]);
  await page.locator('.case-header').waitFor();
  const header = await page.locator('.case-header').innerText();
  assert.match(header, new RegExp(complaint.replace(/[()（）]/g, '.')));
  assert.match(header, /相談受付（各課相談窓口）/);
  assert.match(header, /定義 版#\d+/);
  assert.match(header, /本人同意（情報共有）\s*未確認/);
  assert.match(await newestEvent(page), /ケースを登録[\s\S]*世帯員[\s\S]*米原 太郎（仮名）/);
  await settle(page);
  await screenshot(page, 'cw-case-page');

  // Referring needs a consent answer: refused now, with the reason beside the
  // button, and the referral form offered to record it.
  const refer = page.locator('button.action-button[data-event="refer"]');
  assert.equal(await refer.isDisabled(), true);
  assert.match(await page.locator('li.action', { has: refer }).innerText(), /本人同意の有無（同意する／しない）が記録されていません/);
  await page.locator('button.try-form[data-event="refer"]').click();
  const form = page.locator('#action-form');
  await form.waitFor();
  await form.getByRole('button', { name: '記録して実行' }).click();
  assert.match(await form.innerText(), /入力内容を確認してください（1件）/);
  await form.getByLabel(/多機関協働につなぐ理由/).fill('父の介護と娘の就労・家計の課題が重なり、一つの窓口では対応が難しい');
  // Consent starts as 未記入 (not asked yet), never as "no"; unrecorded, the
  // server refuses the referral with the guard's reason.
  const consent = form.getByRole('group', { name: /本人同意/ });
  assert.equal(await consent.getByLabel('未記入').isChecked(), true);
  await form.getByRole('button', { name: '記録して実行' }).click();
  await form.locator('.error-box, [role="alert"]').filter({ hasText: /本人同意の有無/ }).first().waitFor();
  // The person was asked and declined to have their information shared.
  await consent.getByLabel('いいえ', { exact: true }).check();
  await settle(page);
  await screenshot(page, 'cw-action-form');
  await form.getByRole('button', { name: '記録して実行' }).click();

  await page.locator('#case-flash').waitFor();
  assert.match(await page.locator('#case-flash').innerText(), /を記録しました/);
  assert.match(await page.locator('.case-header').innerText(), /多機関協働へつなぐ（米原市社会福祉協議会）/);
  assert.match(await page.locator('.case-header').innerText(), /同意なし/);
  const entry = await newestEvent(page);
  assert.match(entry, /多機関協働（米原市社会福祉協議会）へつなぐ/);
  assert.match(entry, /相談受付（各課相談窓口） → 多機関協働へつなぐ（米原市社会福祉協議会）/);
  assert.match(entry, /多機関協働につなぐ理由\s+父の介護と娘の就労/);
  assert.match(entry, /maibara-intake（福祉政策課）/);
});

test('the coordinator moves the case on until the consent guard refuses', async () => {
  assert.ok(newCaseId, 'the consultation of the previous test exists');
  const page = await openAs('maibara-takikan');
  await page.goto(`${app.baseUrl}/#/cases/${newCaseId}`);
  await page.locator('ul.actions').waitFor();

  // 受理 needs the screening result, which the screening sheet records.
  const accept = page.locator('button.action-button[data-event="accept"]');
  assert.equal(await accept.isDisabled(), true);
  assert.match(await page.locator('li.action', { has: accept }).innerText(), /スクリーニング結果（対象／対象外）が記録されていない/);
  await page.locator('button.try-form[data-event="accept"]').click();
  await page.locator('#action-form').getByLabel('判定', { exact: true }).selectOption('target');
  await page.locator('#action-form').getByLabel('判定の根拠').fill('介護と就労・家計の課題が重なる');
  await page.locator('#action-form').getByRole('button', { name: '記録して実行' }).click();
  await page.locator('.case-header', { hasText: 'アセスメント' }).waitFor();
  assert.match(await page.locator('#case-flash').innerText(), /「受理（対象）」を記録しました/);
  assert.match(await newestEvent(page), /受理（対象）[\s\S]*→ アセスメント[\s\S]*判定\s+対象/);

  // プラン（案）作成へ leaves the assessment: its required summary is asked first.
  await page.locator('button.action-button[data-event="draft_plan"]').click();
  const form = page.locator('#action-form');
  await form.getByRole('button', { name: '記録して実行' }).click();
  assert.match(await form.innerText(), /入力してください/);
  await form.getByLabel(/世帯全体の課題整理/).fill('父は要介護1。娘は失職し求職中で、家計は父の年金に頼っている');
  await form.locator('fieldset', { hasText: '関係機関からの情報' }).getByRole('button', { name: /行を追加/ }).click();
  await form.getByLabel('機関（1行目）').fill('chiiki_houkatsu');
  await form.getByLabel('情報（1行目）').fill('父は要介護1。デイサービスを検討中');
  await form.getByRole('button', { name: '記録して実行' }).click();
  // The page is drawn again once the event is recorded.
  await page.locator('.case-header', { hasText: '支援プラン（案）作成（米原市社会福祉協議会）' }).waitFor();
  assert.match(await page.locator('#case-flash').innerText(), /「プラン（案）作成へ」を記録しました/);
  const entry = await newestEvent(page);
  assert.match(entry, /プラン（案）作成へ[\s\S]*アセスメント → 支援プラン（案）作成/);
  assert.match(entry, /関係機関からの情報[\s\S]*地域包括支援センター/, 'agency ids are shown by name');

  // 重層的支援会議に諮る needs the person's consent, which was declined.
  const convene = page.locator('button.action-button[data-event="convene_jusou"]');
  assert.equal(await convene.isDisabled(), true);
  const reason = page.locator('li.action', { has: convene }).locator('.reason');
  assert.match(await reason.innerText(), /本人同意が得られていない（同意しないと回答）ため重層的支援会議に諮れません/);
  assert.equal(await convene.getAttribute('aria-describedby'), await reason.getAttribute('id'));
  assert.equal(await page.locator('button.try-form[data-event="convene_jusou"]').count(), 0,
    'the plan form cannot give consent, so it is not offered');
  await page.locator('section[aria-labelledby="case-actions"]').scrollIntoViewIfNeeded();
  await settle(page);
  await screenshot(page, 'cw-guard-reason');
});

test('a stale form gets 409 and a reload; a network error is retried with the same key', async () => {
  const page = await openAs('maibara-takikan');
  await page.goto(`${app.baseUrl}/#/cases/${newCaseId}`);
  await page.locator('button.action-button[data-event="invite_departments"]').click();
  const form = page.locator('#action-form');
  await form.getByLabel('保健', { exact: true }).check();
  // Someone else records an event first (same API, another tab).
  const status = await page.evaluate(async (id) => {
    const me = await (await fetch('/api/v1/me')).json();
    const r = await fetch(`/api/v1/cases/${id}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': `e2e-${id}-other-tab` },
      body: JSON.stringify({ event: 'invite_departments', payload: { jusou_invitees: ['bu_fukushi'] } }),
    });
    return r.status;
  }, newCaseId);
  assert.equal(status, 201);
  await form.getByRole('button', { name: '記録して実行' }).click();
  await page.locator('#case-flash').waitFor();
  assert.match(await page.locator('#case-flash').innerText(), /他の職員が先にこのケースを更新しました/);
  assert.match(await newestEvent(page), /重層的支援会議に部署の参加を依頼[\s\S]*福祉分野/);

  // A network error: the retry sends the same Idempotency-Key and records once.
  const before = await page.locator('ol.timeline > li').count();
  const keys = [];
  const fire = (url) => url.pathname === `/api/v1/cases/${newCaseId}/events`;
  await page.route(fire, (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    return keys.length === 1 ? route.abort('connectionreset') : route.continue();
  });
  await page.locator('button.action-button[data-event="invite_departments"]').click();
  await form.getByLabel('教育', { exact: true }).check();
  await form.getByRole('button', { name: '記録して実行' }).click();
  await form.getByText('送信できませんでした（通信エラー）', { exact: false }).waitFor();
  await form.getByRole('button', { name: '記録して実行' }).click();
  await page.locator('#case-flash', { hasText: 'を記録しました' }).waitFor();
  await page.unroute(fire);
  assert.equal(keys.length, 2);
  assert.match(keys[0], /^[0-9a-f]{32}$/);
  assert.equal(keys[1], keys[0], 'the retry reuses the key');
  assert.equal(await page.locator('ol.timeline > li').count(), before + 1);
  assert.match(await newestEvent(page), /参加を依頼する部署\s+教育/);
});

test('English and back, and 和暦 dates', async () => {
  const page = await openAs('maibara-takikan');
  await page.goto(`${app.baseUrl}/#/cases/${newCaseId}`);
  await page.locator('.case-header').waitFor();

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: `Case #${newCaseId}` }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  const header = await page.locator('.case-header').innerText();
  assert.match(header, /Plan drafting by the Council of Social Welfare/);
  assert.match(header, /Consent to sharing\s+Not consented/);
  assert.match(await page.locator('section[aria-labelledby="case-actions"]').innerText(), /Put to the meeting/);
  assert.match(await page.locator('section[aria-labelledby="case-timeline"]').innerText(), /Draft the plan/);
  // Choices without an English label keep their Japanese name rather than an id.
  assert.doesNotMatch(await page.locator('section[aria-labelledby="case-timeline"]').innerText(), /bu_fukushi/);
  await screenshot(page, 'cw-english');
  await page.goto(`${app.baseUrl}/#/`);
  await page.getByRole('heading', { name: 'Cases by state' }).waitFor();
  assert.equal(await page.locator('svg.chart > title').textContent(), 'New and closed cases per month (last 12 months)');
  await screenshot(page, 'cw-english-dashboard');

  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByRole('heading', { name: '状態別のケース数' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');

  await page.goto(`${app.baseUrl}/#/cases/${newCaseId}`);
  await page.locator('.case-header').waitFor();
  assert.doesNotMatch(await page.locator('.case-header').innerText(), /令和/);
  await page.getByLabel('和暦で表示').check();
  await page.waitForFunction(() => /令和\d+年\d+月\d+日/.test(document.querySelector('.case-header')?.innerText ?? ''));
  assert.match(await page.locator('section[aria-labelledby="case-timeline"]').innerText(), /令和(元|\d+)年\d+月\d+日 \d{2}:\d{2}/);
  await screenshot(page, 'cw-wareki');
  await page.getByLabel('和暦で表示').uncheck();
});

test('nothing was requested from outside and no page threw', () => {
  assert.deepEqual(app.outsideRequests, []);
  for (const page of pages) assert.deepEqual(page.errors ?? [], []);
});
