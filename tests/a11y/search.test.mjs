// The home page's search UI in headless Chromium, checked by axe-core (WCAG 2.0/2.1/2.2 A
// and AA rules) at 320 and 1280 px wide, with results on screen: zero violations. Checked in
// three states: result cards in place of a paginated list (with a typo-correction note, then
// filters alone), the page's own cards filtered on an unpaginated list, and no match.
//
// The binary: CREDCAT_BIN, or target/debug/credcat (run `cargo build` first). The demo is
// built twice in temporary folders (as it ships, and with `paginate_by = 5`), with a
// throwaway issuer key. Without Chromium the suite is skipped, unless CI is set.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { AXE_TAGS, CHROMIUM, buildDemo, serve, skipReason } from './lib.mjs';

const require = createRequire(import.meta.url);

describe('home page search UI in Chromium: axe-core', { skip: skipReason() }, () => {
  let roots = [], servers = [], context, userDataDir;

  before(async () => {
    roots = [buildDemo(), buildDemo({ prefix: 'paginate_by = 5\n' })];
    servers = await Promise.all(roots.map((r) => serve(path.join(r, 'public'))));
    const { chromium } = await import('playwright-core');
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-a11y-search-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });

  after(async () => {
    await context?.close();
    for (const s of servers) s.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  const base = (i) => `http://127.0.0.1:${servers[i].address().port}/`;

  async function axe(page) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const result = await page.evaluate(async (tags) =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
    const problems = result.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.ok(result.passes.length > 10, 'axe ran its rules');
  }

  async function search(page, words) {
    await page.fill('#q', '');
    await page.click('#q');
    await page.keyboard.type(words, { delay: 10 });
    await page.waitForFunction(() => document.getElementById('filters').dataset.state === 'done');
  }

  for (const width of [320, 1280]) {
    test(`${width} px, result cards and a typo note: no violations`, async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(base(1));
      await search(page, 'pyhton');
      assert.equal(await page.$eval('#search-note', (e) => e.hidden), false, 'the typo note shows');
      assert.ok(await page.$$eval('#search-results > li', (l) => l.length) > 0, 'result cards show');
      await axe(page);
      // Filters alone, sorted by name.
      await page.fill('#q', '');
      await page.selectOption('#f-sort', 'name');
      await page.waitForFunction(() => document.getElementById('filters').dataset.state === 'done');
      await page.selectOption('#f-cost', '2000');
      await page.waitForFunction(() => document.getElementById('filters').dataset.state === 'done');
      await axe(page);
      await page.close();
    });

    test(`${width} px, the page's own cards filtered, and no match: no violations`, async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(base(0));
      await search(page, 'data analyst');
      const shown = await page.$$eval('#credential-list > li', (l) => l.filter((e) => !e.hidden).length);
      assert.ok(shown > 0 && shown < 18, `${shown} cards shown`);
      await axe(page);
      await search(page, 'qwxzvbn');
      assert.equal(await page.$eval('#no-results', (e) => e.hidden), false);
      await axe(page);
      await page.close();
    });
  }
});
