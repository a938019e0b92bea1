// Every page kind of the explore pages — occupation, industry and program indexes, groups and
// pages, the planner (with a route drawn) and the compare page (with three credentials) — and
// a credential page with its routes, in headless Chromium at 320 and 1280 px: zero axe-core
// violations (WCAG 2.0/2.1/2.2 A and AA), with every <details> opened so that what it hides is
// checked too, and no horizontal scrolling at 320 px.
//
// The site: CREDCAT_SITE (built beforehand, as scripts/test does), or the demo built here by
// CREDCAT_BIN / target/debug/credcat. Without Chromium the suite is skipped, unless CI is set.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const BIN = process.env.CREDCAT_BIN || path.join(REPO, 'target/debug/credcat');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

function skipReason() {
  if (!fs.existsSync(CHROMIUM)) {
    const msg = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
    if (IN_CI) throw new Error(`${msg}; CI is set, so this suite cannot be skipped`);
    return msg;
  }
  if (!process.env.CREDCAT_SITE && !fs.existsSync(BIN)) return `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN)`;
  return undefined;
}

function buildDemo() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-a11y-explore-'));
  fs.copyFileSync(path.join(REPO, 'site-config.toml'), path.join(root, 'site-config.toml'));
  for (const dir of ['content', 'themes', 'static', 'templates']) {
    if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  const env = { ...process.env };
  delete env.CREDCAT_ISSUER_KEY;
  execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
  execFileSync(BIN, ['build', '--root', root, '--output', path.join(root, 'public')], { env, stdio: 'pipe' });
  return root;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.json': 'application/json' };

function serve(root) {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Each page, what to wait for before checking it (drawn by a script), and what to check: the
// whole page, or on a credential page only what this work adds to it (its routes section and
// the compare and plan links; the rest of that page is checked by the suite that owns it).
const PAGES = [
  ['occupations/', null],
  ['occupations/groups/15/', null],
  ['occupations/15-2051.01/', null],
  ['industries/', null],
  ['industries/groups/31-33/', null],
  ['industries/541511/', null],
  ['programs/', null],
  ['programs/groups/30/', null],
  ['programs/30.7101/', null],
  ['plan/', '.plan-form:not([hidden])'],
  ['plan/?goal=advanced-data-analytics-certificate&held=spreadsheet-analysis', '.plan-map:not([hidden]) svg'],
  ['plan/?occupation=51-9161', '.plan-result:not([hidden])'],
  ['compare/?c=sql-fundamentals,python-for-data,advanced-data-analytics-certificate', '.compare-table:not([hidden])'],
  ['credentials/smart-manufacturing-technician-certificate/', null, ['.routes', '.explore-actions']],
  ['credentials/advanced-data-analytics-certificate/', null, ['.routes', '.explore-actions', 'section[aria-labelledby="jobs"]']],
];

describe('explore pages: axe-core and 320 px', { skip: skipReason() }, () => {
  let root, site, server, context, base, userDataDir;

  before(async () => {
    if (process.env.CREDCAT_SITE) site = process.env.CREDCAT_SITE;
    else { root = buildDemo(); site = path.join(root, 'public'); }
    server = await serve(path.resolve(site));
    base = `http://127.0.0.1:${server.address().port}/`;
    const { chromium } = await import('playwright-core');
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-a11y-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  after(async () => {
    await context?.close();
    server?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  for (const width of [320, 1280]) {
    for (const [rel, ready, only] of PAGES) {
      test(`${rel} at ${width} px: no axe-core violations${width === 320 ? ', no horizontal scroll' : ''}`, async () => {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        const response = await page.goto(base + rel);
        assert.equal(response.status(), 200);
        if (ready) await page.waitForSelector(ready);
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        if (width === 320) {
          const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
          assert.ok(scroll <= client, `${rel} scrolls sideways at 320 px (${scroll} > ${client})`);
        }
        await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
        const result = await page.evaluate(async (include) =>
          // eslint-disable-next-line no-undef
          axe.run(include ? { include: include.map((s) => [s]) } : document,
            { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }), only || null);
        const problems = result.violations.map((v) =>
          `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
        assert.deepEqual(problems, [], problems.join('\n'));
        assert.ok(result.passes.length > (only ? 3 : 10), 'axe ran its rules');
        await page.close();
      });
    }
  }
});
