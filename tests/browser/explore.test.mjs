// Occupations, the "what next" planner and the compare page, in Chromium with real clicks, on
// the demo catalog built by the credcat binary (CREDCAT_SITE: a demo built beforehand, as
// scripts/test does; otherwise built here from CREDCAT_BIN or target/debug/credcat).
//
// The planner's script mirrors the Rust route solver (src/derive/routes.rs). Two checks hold
// it to it: for every goal of the demo, with nothing held, the script finds exactly the route
// the build wrote (`base`, computed in Rust); and on the data-analytics stack the page shows
// the routes and totals tests/explore.rs asserts for the Rust solver from the same starting
// points (nothing, Spreadsheet Analysis, the certificate itself).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipReason, launch, serve } from './lib/harness.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.CREDCAT_BIN || path.join(REPO, 'target/debug/credcat');
const ADA = 'advanced-data-analytics-certificate';

function buildDemo() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-explore-'));
  fs.copyFileSync(path.join(REPO, 'site-config.toml'), path.join(root, 'site-config.toml'));
  for (const dir of ['content', 'themes', 'static']) {
    if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  const env = { ...process.env };
  delete env.CREDCAT_ISSUER_KEY;
  execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
  execFileSync(BIN, ['build', '--root', root, '--output', path.join(root, 'public')], { env, stdio: 'pipe' });
  return root;
}

const skip = skipReason() || (!process.env.CREDCAT_SITE && !fs.existsSync(BIN)
  ? `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN / CREDCAT_SITE)` : undefined);

describe('occupations, planner and compare in Chromium', { skip }, () => {
  let browser, server, built, site;

  before(async () => {
    if (process.env.CREDCAT_SITE) site = process.env.CREDCAT_SITE;
    else { built = buildDemo(); site = path.join(built, 'public'); }
    server = await serve(site, '/');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (built) fs.rmSync(built, { recursive: true, force: true });
  });

  /** A page that fails the test on a script error or a request to another origin. */
  async function open(url) {
    const page = await browser.context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:')) problems.push(`request to ${r.url()}`);
    });
    await page.goto(server.url(url));
    page.problems = problems;
    return page;
  }

  async function route(page, { map = true } = {}) {
    await page.waitForSelector('.plan-result:not([hidden])');
    // The map is read from the stack's page after the route is shown.
    if (map) await page.waitForSelector('.plan-map:not([hidden]) svg');
    return page.evaluate(() => ({
      summary: document.querySelector('.plan-summary').textContent,
      steps: [...document.querySelectorAll('.plan-steps li')].map((li) => li.querySelector('a').textContent),
      hours: document.querySelector('[data-total="hours"]')?.textContent ?? null,
      cost: document.querySelector('[data-total="cost"]')?.textContent ?? null,
      credit: document.querySelector('[data-total="credit"]')?.textContent ?? null,
      onMap: [...document.querySelectorAll('.plan-map a.plan-earn')].length,
      held: [...document.querySelectorAll('.plan-map a.plan-held')].length,
    }));
  }

  test('an employer finds credentials by job title through the occupations index', async () => {
    const page = await open('');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.waitForURL(/\/occupations\/$/);
    assert.equal(await page.textContent('h1'), 'Occupations');
    await page.getByRole('link', { name: 'Business Intelligence Analysts' }).click();
    await page.waitForURL(/\/occupations\/15-2051\.01\/$/);
    assert.equal(await page.textContent('h1'), 'Business Intelligence Analysts');
    const listed = await page.$$eval('.code-credentials a', (as) => as.map((a) => a.textContent));
    assert.deepEqual(listed.sort(), ['Advanced Data Analytics Certificate', 'Python for Data', 'SQL Fundamentals', 'Spreadsheet Analysis']);
    assert.match(await page.textContent('.lead'), /30–360 hours · \$154–\$2,970/);
    await page.locator('.code-credentials').getByRole('link', { name: 'SQL Fundamentals' }).click();
    await page.waitForURL(/\/credentials\/sql-fundamentals\/$/);
    assert.equal(await page.textContent('h1'), 'SQL Fundamentals');
    // Industries and programs are one click away from the index.
    await page.goto(server.url('occupations/'));
    await page.getByRole('navigation', { name: 'Browse by' }).getByRole('link', { name: 'Industries' }).click();
    await page.waitForURL(/\/industries\/$/);
    await page.getByRole('link', { name: 'Manufacturing' }).first().click();
    await page.waitForURL(/\/industries\/groups\/31-33\/$/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('the planner script finds the Rust route for every goal, with nothing held', async () => {
    const page = await open('plan/');
    await page.waitForSelector('.plan-form:not([hidden])');
    const index = JSON.parse(fs.readFileSync(path.join(site, 'plan/index.json'), 'utf8'));
    const mismatches = await page.evaluate(async (goals) => {
      const out = [];
      for (const [slug] of goals) {
        const g = await window.credcatPlanner.loadGoal(slug);
        const r = window.credcatPlanner.solve(g, g.nodes.map(() => false), g.currencies);
        const got = { earn: r.earn, uses: r.uses, hours: r.totals.hours, cost: r.totals.cost, credit: r.totals.credit, exhaustive: r.exhaustive };
        const want = { earn: g.base.earn, uses: g.base.uses, hours: g.base.hours, cost: g.base.cost, credit: g.base.credit, exhaustive: g.base.exhaustive };
        if (JSON.stringify(got) !== JSON.stringify(want)) out.push({ slug, got, want });
      }
      return out;
    }, index.goals);
    assert.deepEqual(mismatches, []);
    assert.equal(index.goals.length, 18);
    await page.close();
  });

  test('the planner on the data-analytics stack: nothing held, one badge held, the goal held', async () => {
    const page = await open('plan/');
    await page.waitForSelector('.plan-form:not([hidden])');
    await page.getByLabel('Goal').selectOption(`c:${ADA}`);
    let r = await route(page);
    assert.deepEqual(r.steps, ['Spreadsheet Analysis', 'SQL Fundamentals', 'Python for Data', 'Advanced Data Analytics Certificate']);
    assert.equal(r.hours, '360');
    assert.equal(r.cost, '$2,970');
    assert.equal(r.credit, '15 semester hours');
    assert.equal(r.onMap, 4, 'the route is drawn on the stack map');

    // A real click on the checkbox's label.
    await page.locator('.plan-held').getByText('Spreadsheet Analysis (Digital Badge)', { exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('.plan-steps li').length === 3);
    r = await route(page);
    assert.deepEqual(r.steps, ['SQL Fundamentals', 'Python for Data', 'Advanced Data Analytics Certificate']);
    assert.equal(r.hours, '330');
    assert.equal(r.cost, '$2,816');
    assert.equal(r.onMap, 3);
    assert.equal(r.held, 1);
    // Linkable, in the fragment, which no server sees.
    assert.match(page.url(), /\/plan\/#goal=advanced-data-analytics-certificate&held=spreadsheet-analysis$/, 'the plan is linkable');
    assert.ok(!server.requests.some((r) => r.url.includes('held=')), 'what is held never reaches the server');

    await page.getByLabel('Advanced Data Analytics Certificate (Certificate)').check();
    await page.waitForFunction(() => !document.querySelector('.plan-steps'));
    r = await route(page);
    assert.match(r.summary, /You already hold Advanced Data Analytics Certificate\. Nothing is left to earn\./);
    assert.equal(r.steps.length, 0);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a linked plan opens with its goal and holdings, and an occupation goal takes its cheapest credential', async () => {
    const page = await open(`plan/#goal=${ADA}&held=spreadsheet-analysis,sql-fundamentals,python-for-data`);
    let r = await route(page);
    assert.deepEqual(r.steps, ['Advanced Data Analytics Certificate']);
    assert.equal(r.hours, '195');
    assert.equal(r.cost, '$2,112');
    assert.ok(await page.getByLabel('Python for Data (Micro-credential)').isChecked());

    // The occupation page shows the Rust answer without a script; the planner must agree.
    const occ = await open('occupations/15-2051.01/');
    const rust = await occ.$$eval('#best ~ .route-steps li > a, section:has(#best) .route-steps li > a', (as) => [...new Set(as.map((a) => a.textContent))]);
    await occ.close();
    await page.goto(server.url('plan/?occupation=15-2051.01'));
    r = await route(page);
    assert.ok(rust.length > 0);
    assert.deepEqual(r.steps, rust);
    assert.match(r.summary, /For Business Intelligence Analysts, the shortest route leads to/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('compare shows three credentials side by side, by keyboard, and is linkable', async () => {
    const page = await open('credentials/sql-fundamentals/');
    await page.getByRole('link', { name: 'Compare with others' }).click();
    await page.waitForURL(/\/compare\/\?c=sql-fundamentals$/);
    await page.waitForSelector('.compare-table:not([hidden])');
    // Add two more with the keyboard: the select, then Enter submits the form.
    for (const name of ['Python for Data (Micro-credential)', 'Spreadsheet Analysis (Digital Badge)']) {
      await page.getByLabel('Add a credential').focus();
      await page.getByLabel('Add a credential').selectOption({ label: name });
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.querySelector('.compare-status').textContent.includes('Added'), name);
    }
    await page.waitForFunction(() => document.querySelectorAll('thead th[scope="col"]').length === 3);
    const table = await page.evaluate(() => ({
      cols: [...document.querySelectorAll('thead th[scope="col"] a')].map((a) => a.textContent),
      rows: [...document.querySelectorAll('tbody th[scope="row"]')].map((th) => th.textContent),
      costs: [...document.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th').textContent === 'Cost to earn')
        .querySelectorAll('td').length,
      disabled: document.querySelector('.compare-form button').disabled,
      caption: document.querySelector('caption').textContent,
    }));
    assert.deepEqual(table.cols, ['SQL Fundamentals', 'Python for Data', 'Spreadsheet Analysis']);
    assert.deepEqual(table.rows, ['Type', 'Hours', 'Cost to earn', 'Credit', 'Level', 'Assessment', 'What a holder can do', 'Outcomes']);
    assert.equal(table.costs, 3);
    assert.ok(table.disabled, 'no fourth');
    assert.match(page.url(), /\?c=sql-fundamentals,python-for-data,spreadsheet-analysis$/);
    const cells = await page.$$eval('tbody tr:nth-child(3) td', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(cells, ['$214', '$490', '$154']);

    await page.getByRole('button', { name: 'Remove Python for Data from the comparison' }).click();
    await page.waitForFunction(() => document.querySelectorAll('thead th[scope="col"]').length === 2);
    assert.match(page.url(), /\?c=sql-fundamentals,spreadsheet-analysis$/);
    // A link with an unknown slug says so and shows the rest.
    await page.goto(server.url('compare/?c=excel-essentials,no-such-thing'));
    await page.waitForFunction(() => document.querySelector('.compare-status').textContent.includes('no-such-thing'));
    assert.equal(await page.locator('thead th[scope="col"]').count(), 1);
    assert.deepEqual(page.problems.filter((p) => !p.includes('no-such-thing')), []);
    await page.close();
  });
});
