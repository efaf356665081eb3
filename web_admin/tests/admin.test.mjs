// End-to-end: the administrators' and auditors' console. A tenant admin
// edits Maibara's workflow (an error shown at its line, fixed, scenarios run,
// deployed as a new version) while a caseworker's running case stays on its
// version; plugins, directory and the audit log (with chain verification and
// CSV export) are checked on the way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { login, screenshot, startConsole } from './harness.mjs';

let app;
const pages = [];

before(async () => {
  app = await startConsole();
});

after(async () => {
  await app?.stop();
});

async function openAs(username, options) {
  const page = await app.newPage(options);
  pages.push(page);
  const account = app.logins[username];
  assert.ok(account, `demo login ${username} exists`);
  await login(page, app.baseUrl, account);
  return page;
}

function go(page, path) {
  return page.goto(`${app.baseUrl}/#${path}`);
}

/** The API answer for `path` fetched inside the page (its session). */
function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const response = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: await response.json() };
  }, path);
}

/** Waits until the code editor has drawn what its scroll position shows. */
function settle(page) {
  return page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 30)));
  }));
}

/**
 * Scrolls the code editor (which draws only the lines near its viewport)
 * until a line matching `pattern` is drawn, centres it and returns its locator.
 */
async function editorLine(page, pattern) {
  const line = page.locator('#editor-panel .cm-line').filter({ hasText: pattern });
  const scroller = page.locator('#editor-panel .cm-scroller');
  await scroller.evaluate((el) => { el.scrollTop = 0; });
  await settle(page);
  for (let i = 0; i < 300 && (await line.count()) === 0; i += 1) {
    const moved = await scroller.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollTop += el.clientHeight / 2;
      return el.scrollTop !== before;
    });
    await settle(page);
    if (!moved && (await line.count()) === 0) break;
  }
  assert.equal(await line.count(), 1, `exactly one editor line matches ${pattern}`);
  await line.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await settle(page);
  return line;
}

/** Replaces the text of an editor line (selected from its start to its end) by typing. */
async function retypeLine(page, pattern, text) {
  const line = await editorLine(page, pattern);
  await line.click();
  // Home goes to the end of the indentation first (as in most code editors);
  // the indentation stays and the rest of the line is replaced.
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(text.trimStart());
}

async function downloadText(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(file) };
}

const state = { oldVersion: 0, newVersion: 0, caseId: 0 };

test('the workflows page lists the tenant workflows with the state diagram and history', async () => {
  const page = await openAs('maibara-admin');
  // Admins have no case list: the first page after login is the workflow list.
  await page.waitForSelector('h1:has-text("ワークフロー")');
  const row = page.locator('table.data tbody tr').filter({ hasText: '米原市 重層的支援体制整備事業' });
  await assert.doesNotReject(row.waitFor());
  assert.match(await row.innerText(), /版#\d+/);
  assert.match(await row.innerText(), /startup/);

  await go(page, '/workflows?id=maibara');
  const diagram = page.locator('.diagram-canvas svg');
  await diagram.waitFor();
  assert.match(await diagram.getAttribute('aria-label'), /米原市/);
  // The SVG is a real element tree: its labels are text of the drawing.
  assert.ok(await diagram.locator('text', { hasText: '相談受付（各課相談窓口）' }).count() > 0, 'the state label is drawn');
  assert.equal(await diagram.locator('script').count(), 0);
  const versions = page.locator('.versions table.data tbody tr');
  assert.equal(await versions.count(), 1);
  assert.match(await versions.first().innerText(), /反映中/);
  state.oldVersion = Number(await versions.first().getAttribute('data-version'));
  assert.ok(state.oldVersion > 0);
  assert.ok(await page.getByRole('link', { name: /米原市 重層的支援体制整備事業 を編集/ }).isVisible());
  await screenshot(page, 'admin-workflows');
});

test('the editor marks an error at its line, live-updates the diagram, runs scenarios and deploys', async () => {
  const page = pages[0];
  await page.getByRole('link', { name: /米原市 重層的支援体制整備事業 を編集/ }).click();
  await page.waitForSelector('#editor-panel .cm-content');
  const status = page.locator('#validation-status');
  await assert.doesNotReject(status.filter({ hasText: '問題はありません' }).waitFor());
  await page.locator('.diagram-column .diagram-canvas svg').waitFor();
  assert.equal(await page.locator('#active-version').innerText(), `版#${state.oldVersion}`);

  // Break a state reference: the transition to the 支援会議 names a state that does not exist.
  const line = await editorLine(page, /^\s*to: shien_kaigi$/);
  await line.click();
  await page.keyboard.press('End');
  await page.keyboard.type('i');
  const item = page.locator('#diagnostics li').filter({ hasText: "undefined state 'shien_kaigii'" });
  await item.waitFor();
  const itemText = await item.innerText();
  const lineNumber = Number(/^行 (\d+):/.exec(itemText)?.[1]);
  assert.ok(lineNumber > 1, `the error names its line: ${itemText}`);
  assert.match(itemText, /did you mean 'shien_kaigi'/);
  assert.match(await status.innerText(), /エラーが 1 件あります/);
  // Inline: the wrong name is underlined in the editor and the gutter of that line has a marker.
  const mark = page.locator('#editor-panel .cm-lintRange-error');
  await mark.waitFor();
  assert.equal(await mark.innerText(), 'shien_kaigii');
  const gutterLine = await page.locator('#editor-panel .cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${lineNumber}$`) })
    .boundingBox();
  const markerBox = await page.locator('#editor-panel .cm-lint-marker-error').first().boundingBox();
  assert.ok(gutterLine && markerBox && Math.abs(gutterLine.y - markerBox.y) < gutterLine.height, 'the gutter marker is on the error line');
  // The last good diagram stays, marked as such.
  assert.ok(await page.locator('#diagram-stale').isVisible());
  assert.ok(await page.locator('.diagram-column .diagram-canvas svg').isVisible());
  await screenshot(page, 'admin-editor-error');

  // Fix it from the error list: the button puts the cursor on the wrong name.
  await item.getByRole('button').click();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await status.filter({ hasText: '問題はありません' }).waitFor();
  assert.equal(await page.locator('#diagnostics li').count(), 0);
  assert.equal(await page.locator('#editor-panel .cm-lintRange-error').count(), 0);
  assert.ok(await page.locator('#diagram-stale').isHidden());

  // A visible change: the support state's label. The live diagram shows it.
  await retypeLine(page, /^\s*label: \{ ja: 支援実施, en: Support \}$/, '    label: { ja: 支援実施・見守り, en: Support and watching over }');
  const newLabel = page.locator('.diagram-column .diagram-canvas svg text', { hasText: '支援実施・見守り' });
  await newLabel.waitFor();
  assert.match(await page.locator('#dirty-state').innerText(), /未反映の変更あり/);
  await page.getByRole('button', { name: '拡大' }).nth(0).click();
  await page.getByRole('button', { name: '拡大' }).nth(0).click();
  await newLabel.first().scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-editor-fixed');

  // The town's scenarios against the edited source.
  await page.getByRole('button', { name: 'シナリオ実行' }).click();
  const results = page.locator('#scenario-results');
  await results.locator('table.data').waitFor();
  const rows = results.locator('tbody tr');
  assert.ok(await rows.count() >= 1, 'Maibara has scenarios');
  assert.equal(await results.locator('tr.scenario-fail').count(), 0, await results.innerText());
  assert.equal(await results.locator('tr.scenario-pass').count(), await rows.count());
  assert.match(await results.innerText(), new RegExp(`合格 ${await rows.count()} 件・不合格 0 件`));
  assert.match(await results.innerText(), /MAI-01/);
  await results.scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-scenarios');

  // The difference from the deployed version.
  await page.getByRole('tab', { name: /差分/ }).click();
  const diff = page.locator('#diff-panel');
  await diff.locator('.cm-deletedChunk').first().waitFor();
  assert.match(await diff.locator('.cm-deletedChunk').first().innerText(), /支援実施, en: Support \}/);
  assert.match(await diff.locator('.cm-changedLine').first().innerText(), /支援実施・見守り/);
  await page.locator('#diff-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-diff');
  await page.getByRole('tab', { name: '編集' }).click();

  // Deploy, confirming in the dialog that running cases keep their version.
  await page.getByRole('button', { name: '新しい版として反映' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /進行中のケースは、開始したときの版/);
  await dialog.getByRole('button', { name: '反映する' }).click();
  const message = page.locator('#deploy-message');
  await message.waitFor();
  const deployed = /版#(\d+)として反映しました（前の版は版#(\d+)）/.exec(await message.innerText());
  assert.ok(deployed, await message.innerText());
  state.newVersion = Number(deployed[1]);
  assert.equal(Number(deployed[2]), state.oldVersion);
  assert.ok(state.newVersion > state.oldVersion);
  assert.match(await message.innerText(),
    new RegExp(`版#${state.oldVersion}で進行中のケースは版#${state.oldVersion}のまま進みます。これから始まるケースは版#${state.newVersion}を使います。`));
  assert.equal(await page.locator('#active-version').innerText(), `版#${state.newVersion}`);
  assert.match(await page.locator('#dirty-state').innerText(), /反映中の版と同じ/);

  // The history now has both versions, the new one active.
  const active = page.locator(`#versions tr[data-version="${state.newVersion}"]`);
  await active.waitFor();
  assert.match(await active.innerText(), /反映中/);
  assert.match(await active.innerText(), /maibara-admin/);
  assert.match(await page.locator(`#versions tr[data-version="${state.oldVersion}"]`).innerText(), /過去の版/);
  await page.locator('#versions').scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-history');

  // The server agrees: the active definition is the new one with the new label.
  const def = await apiGet(page, '/workflows/maibara');
  assert.equal(def.body.version, state.newVersion);
  assert.equal(def.body.states.find((s) => s.id === 'support').label.ja, '支援実施・見守り');
});

test('a running case stays on the version it started with', async () => {
  const worker = await openAs('maibara-takikan');
  const list = await apiGet(worker, '/cases?workflow=maibara');
  assert.equal(list.status, 200);
  const running = list.body.cases.find((c) => !c.state.final);
  assert.ok(running, 'the takikan sees a running Maibara case');
  assert.equal(running.definition_version, state.oldVersion);
  await go(worker, `/cases/${running.id}`);
  await worker.locator('main').getByText(`定義 版#${state.oldVersion}`).waitFor();
  assert.equal(await worker.locator('main').getByText(`定義 版#${state.newVersion}`).count(), 0);
  await screenshot(worker, 'admin-case-pinned');
});

test('the plugins page shows a config schema and the source', async () => {
  const page = pages[0];
  await go(page, '/plugins');
  await page.locator('#plugin-detail table.data').waitFor();
  await page.getByRole('link', { name: 'routing の詳細' }).click();
  const detail = page.locator('#plugin-detail');
  await detail.locator('h2', { hasText: 'routing' }).waitFor();
  const schema = detail.locator('table.data').first();
  const categoryFields = schema.locator('tr', { hasText: 'category_fields' });
  assert.match(await categoryFields.innerText(), /リスト<文字列>/);
  assert.match(await categoryFields.innerText(), /分野を持つ項目/);
  assert.ok(await schema.locator('tr', { hasText: 'routes.*.agencies' }).count() === 1, 'nested fields are listed');
  assert.match(await detail.locator('pre.lua-source').innerText(), /return \{/);
  await screenshot(page, 'admin-plugins');
});

test('the directory lists users, roles and agencies and exports CSV with a BOM', async () => {
  const page = pages[0];
  await go(page, '/directory');
  const panel = page.locator('#directory-panel');
  await panel.locator('table.data').waitFor();
  assert.match(await panel.innerText(), /maibara-takikan/);
  assert.match(await panel.innerText(), /鈴木 健一/);
  assert.match(await panel.innerText(), /米原市社会福祉協議会/);
  const csv = await downloadText(page, page.getByRole('button', { name: 'CSV出力' }));
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = csv.bytes.toString('utf8').slice(1);
  assert.match(text.split('\r\n')[0], /"ユーザー名","氏名","役割","所属機関"/);
  assert.match(text, /"maibara-takikan","鈴木 健一"/);
  await screenshot(page, 'admin-directory');

  await page.getByRole('tab', { name: /役割/ }).click();
  assert.match(await panel.innerText(), /アカウントの役割/);
  assert.match(await panel.innerText(), /ワークフローの役割/);
  await page.getByRole('tab', { name: /機関/ }).click();
  assert.match(await panel.innerText(), /takikan_jimukyoku/);
  await page.getByLabel('名前・IDで絞り込み').fill('社会福祉協議会');
  const rows = await panel.locator('tbody tr').count();
  assert.ok(rows >= 1 && rows < 10, `the filter narrows the agencies (${rows})`);
});

test('the auditor sees the log, filters it, verifies the chain and exports CSV', async () => {
  const page = await openAs('maibara-auditor');
  await go(page, '/audit');
  const results = page.locator('#audit-results');
  await results.locator('table.data').waitFor();
  assert.ok(await results.locator('tbody tr').count() > 0);

  await page.getByLabel('操作', { exact: true }).fill('workflow.deploy');
  await page.getByRole('button', { name: '絞り込む' }).click();
  const deploy = results.locator('tbody tr', { hasText: `maibara v${state.newVersion}` });
  await deploy.waitFor();
  assert.match(await deploy.innerText(), /maibara-admin/);
  assert.equal(await results.locator('tbody tr').count(), 1);

  await page.getByRole('button', { name: '条件をクリア' }).click();
  await results.locator('tbody tr').nth(1).waitFor();
  await page.getByRole('button', { name: 'チェーン検証' }).click();
  const verified = page.locator('#verify-result');
  await verified.locator('.ok-box').waitFor();
  const verifiedText = await verified.innerText();
  const checked = Number(/（(\d+) 件を検証しました）/.exec(verifiedText)?.[1]);
  assert.match(verifiedText, /^✓ OK/);
  assert.ok(checked > 10, verifiedText);

  await page.getByRole('button', { name: '次のページ →' }).waitFor();
  await screenshot(page, 'admin-audit');

  const csv = await downloadText(page, page.getByRole('button', { name: 'CSV出力' }));
  assert.equal(csv.name, 'kasane-audit.csv');
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = csv.bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
  assert.match(lines[0], /^"番号","日時","操作した人"/);
  assert.ok(lines.length - 1 >= checked, `the export holds every entry (${lines.length - 1} of ${checked})`);
  assert.ok(lines.some((l) => l.includes('"workflow.deploy"')));
});

test('English works too', async () => {
  const page = pages[0];
  await go(page, '/workflows?id=maibara');
  await page.locator('.diagram-canvas svg').waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Workflows', level: 1 }).waitFor();
  await page.locator('.diagram-canvas svg').waitFor();
  assert.match(await page.locator('.versions').innerText(), /Active/);
  await page.getByRole('button', { name: '日本語' }).click();
  await page.getByRole('heading', { name: 'ワークフロー', level: 1 }).waitFor();
});

test('no page error and no request to another host', () => {
  assert.deepEqual(app.outsideRequests, []);
  for (const page of pages) assert.deepEqual(page.errors ?? [], []);
});
