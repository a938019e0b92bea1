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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { AXE_TAGS, CHROMIUM, buildDemo, serve, skipReason } from './lib.mjs';

const require = createRequire(import.meta.url);

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

describe('explore pages: axe-core and 320 px', { skip: skipReason({ siteGiven: !!process.env.CREDCAT_SITE }) }, () => {
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
        const result = await page.evaluate(async ([include, tags]) =>
          // eslint-disable-next-line no-undef
          axe.run(include ? { include: include.map((s) => [s]) } : document,
            { runOnly: { type: 'tag', values: tags } }), [only || null, AXE_TAGS]);
        const problems = result.violations.map((v) =>
          `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
        assert.deepEqual(problems, [], problems.join('\n'));
        assert.ok(result.passes.length > (only ? 3 : 10), 'axe ran its rules');
        await page.close();
      });
    }
  }
});
