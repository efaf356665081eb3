// The console without a mouse: log in, move through the menu, open a case and
// reach its actions with Tab and Enter only; every control has a name and a
// visible focus outline.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, startConsole } from './harness.mjs';

let app;

before(async () => {
  app = await startConsole();
});

after(async () => {
  await app?.stop();
});

/** Presses Tab until the focused element matches `predicate` (at most `limit` times). */
async function tabTo(page, predicate, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? { tag: el.tagName, text: (el.textContent || '').trim(), href: el.getAttribute('href') || '' } : null;
    });
    if (focused && predicate(focused)) return focused;
  }
  throw new Error('the element was not reached with Tab');
}

/** Every button, link and form field on the page has an accessible name. */
async function unnamedControls(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('main button, main a[href], main input, main select, main textarea')) {
      if (el.closest('.cm-editor') || el.type === 'hidden' || el.hidden) continue;
      const labelled = el.labels?.length > 0 || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') ||
        el.getAttribute('title') || (el.textContent || '').trim();
      if (!labelled) bad.push(el.outerHTML.slice(0, 120));
    }
    return bad;
  });
}

test('a caseworker logs in and works a case with the keyboard only', async () => {
  const account = app.logins['maibara-takikan'];
  const page = await app.newPage();
  await page.goto(`${app.baseUrl}/#/login`);
  await page.locator('#tenant').waitFor();
  // The first field has the focus; Tab moves through the form, Enter submits.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tenant');
  await page.keyboard.type(account.tenant);
  await page.keyboard.press('Tab');
  await page.keyboard.type(account.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(account.password);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.location.hash === '#/');
  await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
  assert.deepEqual(await unnamedControls(page), []);

  // Through the side menu to the case list.
  await tabTo(page, (el) => el.tag === 'A' && el.href === '#/cases');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused link shows a focus outline');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.location.hash === '#/cases');
  await page.locator('table.data tbody tr').first().waitFor();
  assert.deepEqual(await unnamedControls(page), []);

  // Into the first case of the list.
  await tabTo(page, (el) => el.tag === 'A' && /^#\/cases\/\d+$/.test(el.href));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^#\/cases\/\d+$/.test(window.location.hash));
  await page.locator('ol.timeline > li').first().waitFor();
  assert.deepEqual(await unnamedControls(page), []);

  // An action button is reachable and shows its focus.
  const action = await tabTo(page, (el) => el.tag === 'BUTTON' && el.text.length > 0 &&
    !/ログアウト|English|一覧/.test(el.text));
  assert.ok(action.text.length > 0);
  await screenshot(page, 'kb-case-focus');
  assert.deepEqual(app.outsideRequests, []);
  assert.deepEqual(page.errors ?? [], []);
});
