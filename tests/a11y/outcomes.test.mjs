// The outcomes dashboard, the quality report page and credential pages with outcome charts,
// rendered in headless Chromium and checked by axe-core (WCAG 2.0/2.1/2.2 A and AA rules):
// zero violations. Also checks, in the rendered page, that every chart has a name from its
// <title>, that its bars lie inside the plot and that no chart draws a line across a gap.
//
// The binary: CREDCAT_BIN, or target/debug/credcat (run `cargo build` first). The demo is
// built in a temporary folder with `[report] page = true` and a throwaway issuer key.
// Without Chromium the suite is skipped, unless CI is set.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { AXE_TAGS, CHROMIUM, buildDemo, serve, skipReason } from './lib.mjs';

const require = createRequire(import.meta.url);

const PAGES = [
  'outcomes/',
  'quality/',
  'credentials/spreadsheet-analysis/',
  'credentials/advanced-data-analytics-certificate/',
  'credentials/telehealth-coordination/',
  'credentials/excel-essentials/',
];

describe('outcomes and quality pages in Chromium', { skip: skipReason() }, () => {
  let root, server, context, base, userDataDir;

  before(async () => {
    root = buildDemo({ suffix: '\n[report]\npage = true\n' });
    server = await serve(path.join(root, 'public'));
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

  for (const rel of PAGES) {
    test(`${rel}: no axe-core violations`, async () => {
      const page = await context.newPage();
      const response = await page.goto(base + rel);
      assert.equal(response.status(), 200);
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const result = await page.evaluate(async (tags) =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
      const problems = result.violations.map((v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`);
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.ok(result.passes.length > 10, 'axe ran its rules');
      await page.close();
    });
  }

  test('charts render with accessible names, bars inside the plot, and nothing across gaps', async () => {
    const page = await context.newPage();
    await page.goto(base + 'credentials/spreadsheet-analysis/');
    const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((svg) => {
      const axes = [...svg.querySelectorAll('line.chart-axis')].map((l) => l.getBBox());
      const plot = { left: axes[1].x, right: axes[0].x + axes[0].width, top: axes[1].y, bottom: axes[1].y + axes[1].height };
      const bars = [...svg.querySelectorAll('rect.chart-bar')].map((r) => r.getBBox());
      return {
        // The accessible name Chromium computes from aria-labelledby.
        title: svg.querySelector('title').textContent,
        labelledby: svg.getAttribute('aria-labelledby'),
        rendered: svg.getBoundingClientRect().width,
        plot,
        bars: bars.map((b) => ({ x: b.x, y: b.y, w: b.width, h: b.height })),
        gaps: svg.querySelectorAll('text.chart-gap').length,
        lines: svg.querySelectorAll('path, polyline').length,
      };
    }));
    assert.equal(charts.length, 3);
    for (const c of charts) {
      assert.ok(c.rendered > 100, `${c.title} is drawn (${c.rendered}px wide)`);
      assert.equal(c.bars.length, 4, `${c.title}: one bar per cohort`);
      assert.equal(c.gaps, 1, `${c.title}: 2023 is a gap`);
      assert.equal(c.lines, 0);
      for (const b of c.bars) {
        assert.ok(b.x >= c.plot.left - 0.5 && b.x + b.w <= c.plot.right + 0.5, `${c.title}: x inside`);
        assert.ok(b.y >= c.plot.top - 0.5 && b.y + b.h <= c.plot.bottom + 0.5, `${c.title}: y inside`);
        assert.ok(Math.abs(b.y + b.h - c.plot.bottom) < 0.5, `${c.title}: stands on the zero axis`);
      }
    }
    const names = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => s.getAttribute('role')));
    assert.deepEqual(names, ['img', 'img', 'img']);
    const snapshot = await page.accessibility?.snapshot?.().catch(() => null);
    if (snapshot) {
      const text = JSON.stringify(snapshot);
      assert.ok(text.includes('Pass rate by cohort'), 'the chart is named in the accessibility tree');
    }
    const dir = process.env.SCREENSHOT_DIR || os.tmpdir();
    await page.locator('section[aria-labelledby="outcomes-series"]').screenshot({ path: path.join(dir, 'credcat-outcomes-credential.png') });
    await page.close();
  });
});
