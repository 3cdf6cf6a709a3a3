// Shared set-up of the real-browser tests: Debian's Chromium driven by playwright-core, a fresh
// profile per browser, pages served on 127.0.0.1 only, axe-core injected past the page's CSP.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WWW = join(ROOT, 'www');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A reason to skip the browser tests, or false. */
export function skipReason() {
  if (!existsSync(join(WWW, 'pkg', 'koder.js'))) {
    return 'www/pkg/koder.js tidak ada / is missing: jalankan / run `bash scripts/build-wasm.sh` dulu / first';
  }
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} tidak ada / not found (set CHROMIUM=/path/to/chromium)`;
  return false;
}

/** Launches Chromium with a fresh profile. Returns { context, page, close }. */
export async function launch(options = {}) {
  const { chromium } = await import('playwright-core');
  await mkdir(ARTIFACTS, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'koder-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 900 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    args: CHROMIUM_ARGS,
    ...options,
  });
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `url` and waits until the page says its engine is ready (`<body data-ready="true">`). */
export async function openReady(page, url) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}

let axeSource = null;

/**
 * Runs axe-core on the current page (WCAG 2 A/AA rules and best practices) and returns the
 * violations. axe is evaluated through the DevTools protocol, which the page's CSP does not
 * govern (a <script> tag added by Playwright would be refused by `script-src 'self'`).
 */
export async function axe(page) {
  axeSource ??= readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(`${axeSource}\n;void 0`);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split('\n')[1] ?? ''}`),
    }));
  });
}
