// End-to-end harness: a fresh demo (kasane demo init) in a temporary folder,
// `kasane serve` on an ephemeral port serving the built console, and headless
// Chromium (Debian's /usr/bin/chromium through playwright-core).
//
// Environment:
//   KASANE_BINARY       the kasane executable (default: ../build/kasane)
//   KASANE_SCREENSHOTS  where screenshots go (default: ../build/screenshots)
//   CHROMIUM            the browser (default: /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
const kasane = process.env.KASANE_BINARY ?? path.join(repoRoot, 'build/kasane');
export const screenshotDir = process.env.KASANE_SCREENSHOTS ?? path.join(repoRoot, 'build/screenshots');

/** Parses logins.txt: { 'maibara-intake': { tenant: 'maibara', password } ... }. */
function readLogins(file) {
  const logins = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#') || line.startsWith('tenant ')) continue;
    const [tenant, , username, password] = line.trim().split(/\s+/);
    if (tenant && username && password) logins[username] = { tenant, username, password };
  }
  return logins;
}

/**
 * Starts everything. Returns { baseUrl, logins, browser, newPage(), stop(), outsideRequests }.
 * Every page refuses requests to any host but the server's and records them
 * in outsideRequests (the console must work with no internet access).
 */
export async function startConsole() {
  const dir = mkdtempSync(path.join(tmpdir(), 'kasane-e2e-'));
  const init = spawnSync(kasane, ['demo', 'init', '--dir', dir, '--force'], { cwd: repoRoot, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`kasane demo init failed:\n${init.stdout}\n${init.stderr}`);
  const logins = readLogins(path.join(dir, 'logins.txt'));

  const server = spawn(kasane, ['serve', '--config', path.join(dir, 'kasane.yaml'), '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kasane serve did not start:\n${stderr}`)), 60000);
    server.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = /listening on https?:\/\/[^:]+:(\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    server.on('exit', (code) => reject(new Error(`kasane serve exited (${code}):\n${stderr}`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--lang=ja-JP', '--font-render-hinting=none'],
  });
  mkdirSync(screenshotDir, { recursive: true });
  const outsideRequests = [];

  async function newPage({ locale = 'ja-JP' } = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale, timezoneId: 'Asia/Tokyo' });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === baseUrl || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      outsideRequests.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      page.errors = [...(page.errors ?? []), String(error)];
    });
    return page;
  }

  async function stop() {
    await browser.close().catch(() => {});
    server.kill('SIGTERM');
    await new Promise((resolve) => {
      if (server.exitCode !== null) resolve();
      else server.on('exit', resolve);
    });
    rmSync(dir, { recursive: true, force: true });
  }

  return { baseUrl, logins, browser, newPage, stop, outsideRequests, dir };
}

/** Logs in through the form and waits for the first page after login. */
export async function login(page, baseUrl, account) {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByLabel(/自治体ID|Municipality ID/).fill(account.tenant);
  await page.getByLabel(/ユーザー名|User name/).fill(account.username);
  await page.getByLabel(/パスワード|Password/).fill(account.password);
  await page.getByRole('button', { name: /ログイン|Log in/ }).click();
  await page.waitForFunction(() => !window.location.hash.startsWith('#/login'));
}

/** Saves a full-page screenshot as <screenshotDir>/<name>.png. */
export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
