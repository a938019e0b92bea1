// Every page kind of the site, in headless Chromium at 320, 375 and 1280 px, checked by
// axe-core (WCAG 2.0/2.1/2.2 A and AA rules: zero violations) and for sideways scrolling
// (the page is never wider than the window). Two catalogs: the demo, and the demo with the
// long names, addresses and emails real catalogs have. Also checks keyboard use: the first
// Tab lands on a visible skip link, every control on the page gets a visible focus, and the
// links inside a stack map are reachable with Tab.
//
// The binary: CREDCAT_BIN, or target/debug/credcat (run `cargo build` first). Without
// Chromium the suite is skipped, unless CI is set.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { AXE_TAGS, CHROMIUM, buildDemo, serve, skipReason } from './lib.mjs';

const require = createRequire(import.meta.url);
const WIDTHS = [320, 375, 1280];

function replaceIn(file, from, to) {
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${file} holds ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

// The demo, paginated so that list pages exist, with the quality page on; `long` gives it
// the names and addresses real catalogs have.
function buildCatalog(long) {
  return buildDemo({
    prefix: 'paginate_by = 6\n',
    suffix: '\n[report]\npage = true\n',
    prepare: (root) => {
      if (long) {
        const c = (f) => path.join(root, 'content', f);
        replaceIn(c('credentials/sql-fundamentals.md'), 'name = "SQL Fundamentals"',
          'name = "Structured Query Language Fundamentals for Institutional Research, Enrollment Management and Workforce Analytics Professionals"');
        replaceIn(c('credentials/advanced-data-analytics-certificate.md'), 'name = "Advanced Data Analytics Certificate"',
          'name = "Advanced Data Analytics and Business Intelligence Certificate of Achievement (Postsecondary, Lower Division)"');
        replaceIn(c('organizations/keystone-precision.md'), 'url = "https://www.keystoneprecision.example.com"',
          'url = "https://workforce-development-and-apprenticeships.keystoneprecisionmanufacturing-incorporated.example.com/programs/credentials/catalog/index.html"');
        replaceIn(c('organizations/keystone-precision.md'), 'careers@keystoneprecision.example.com',
          'apprenticeship-and-workforce-development-office@keystoneprecisionmanufacturing-incorporated.example.com');
        replaceIn(c('organizations/keystone-precision.md'), 'name = "Keystone Precision Manufacturing"',
          'name = "Keystone Precision Manufacturing and Robotic Assembly Incorporated of the Greater Harlow Valley"');
        replaceIn(c('pages/how-to-enroll.md'), 'title = "How to enroll"',
          'title = "How to enroll, pay, transfer credit and get your prior learning recognized"');
        // Lists too long for one page: 110 badges that recommend starting with Linux
        // Command Line and count toward the cybersecurity certificate, so that a credential's
        // related lists and a stack are cut into pages of their own (and those two draw no
        // map: the keyboard test reaches maps on other pages).
        for (let i = 0; i < 110; i++) {
          const n = String(i).padStart(3, '0');
          fs.writeFileSync(c(`credentials/generated-${n}.md`), [
            '+++',
            `ctid = "ce-${n}00000-0000-4000-8000-000000000${n}"`,
            `name = "${['Spreadsheet', 'Dashboard', 'Query'][i % 3]} practice badge ${n}"`,
            'type = "DigitalBadge"',
            'status = "active"',
            'owned_by = ["northfield-college"]',
            'recommended = ["linux-command-line"]',
            'stacks_into = ["cybersecurity-operations-certificate"]',
            'summary = "A generated badge."',
            '+++',
            'Generated.',
            '',
          ].join('\n'));
        }
      }
    },
  });
}

// One page of each kind, found in the built site rather than named by hand, so the suite
// follows the content.
function pageKinds(publicDir, long) {
  const first = (dir, pred = () => true) => {
    const names = fs.readdirSync(path.join(publicDir, dir)).filter((n) => fs.statSync(path.join(publicDir, dir, n)).isDirectory()).filter(pred).sort();
    assert.ok(names.length > 0, `${dir} has pages`);
    return `${dir}/${names[0]}/`;
  };
  const framework = first('frameworks');
  const competency = first(framework.slice(0, -1));
  const badge = first('badges');
  const kinds = {
    home: '',
    list: first('page'),
    credential: 'credentials/advanced-data-analytics-certificate/',
    'credential (long name)': 'credentials/sql-fundamentals/',
    framework,
    competency,
    'skills index': 'skills/',
    'skill area': first('skills'),
    pathway: first('pathways'),
    map: 'map/',
    // A stack drawn as a map (a cut one is checked on its own below).
    stack: first('map', (n) => fs.readFileSync(path.join(publicDir, 'map', n, 'index.html'), 'utf8').includes('<svg')),
    organization: 'organizations/keystone-precision/',
    // The directories (every pathway, organization, framework), whose start the home page shows.
    'directory of pathways': 'pathways/',
    'directory of organizations': 'organizations/',
    'directory of frameworks': 'frameworks/',
    badge,
    verify: 'verify/',
    outcomes: 'outcomes/',
    quality: 'quality/',
    'free page': 'how-to-enroll/',
    404: 'no-such-page/',
  };
  if (long) {
    kinds['credential (cut lists)'] = 'credentials/linux-command-line/';
    kinds['long list'] = first('credentials/linux-command-line/recommended-before');
    const cut = fs.readdirSync(path.join(publicDir, 'map')).filter((n) => {
      const f = path.join(publicDir, 'map', n, 'index.html');
      return fs.existsSync(f) && fs.readFileSync(f, 'utf8').includes('too many to draw as a map or to list on one page');
    });
    assert.equal(cut.length, 1, 'one stack is cut into pages');
    kinds['stack (cut)'] = `map/${cut[0]}/`;
  }
  for (const [kind, rel] of Object.entries(kinds)) {
    if (kind === '404') continue;
    assert.ok(fs.existsSync(path.join(publicDir, rel, 'index.html')), `${kind}: ${rel} was built`);
  }
  return kinds;
}

for (const long of [false, true]) {
  const catalog = long ? 'long names and addresses' : 'the demo';
  describe(`every page kind in Chromium: ${catalog}`, { skip: skipReason() }, () => {
    let root, server, browser, base, kinds;

    before(async () => {
      root = buildCatalog(long);
      kinds = pageKinds(path.join(root, 'public'), long);
      server = await serve(path.join(root, 'public'));
      base = `http://127.0.0.1:${server.address().port}/`;
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
    });

    after(async () => {
      await browser?.close();
      server?.close();
      if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    for (const width of WIDTHS) {
      test(`${width} px: zero axe-core violations and no sideways scrolling`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        const failures = [];
        for (const [kind, rel] of Object.entries(kinds)) {
          const page = await context.newPage();
          const errors = [];
          page.on('console', (m) => { if (m.type() === 'error' && !/404/.test(m.text())) errors.push(m.text()); });
          await page.goto(base + rel, { waitUntil: 'load' });
          const overflow = await page.evaluate(() => {
            const doc = document.documentElement;
            if (doc.scrollWidth <= doc.clientWidth) return null;
            // The widest element that sticks out, to say what to fix.
            let worst = null;
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.right > doc.clientWidth + 1 && (!worst || r.right > worst.right)) {
                worst = { right: Math.round(r.right), tag: el.tagName.toLowerCase(), cls: el.className?.baseVal ?? el.className };
              }
            }
            return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, worst };
          });
          if (overflow) failures.push(`${kind} (${rel}) scrolls sideways: ${JSON.stringify(overflow)}`);
          await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
          const result = await page.evaluate(async (tags) =>
            // eslint-disable-next-line no-undef
            axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
          for (const v of result.violations) {
            failures.push(`${kind} (${rel}): ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
          }
          if (result.passes.length < 10) failures.push(`${kind}: axe ran only ${result.passes.length} rules`);
          if (errors.length) failures.push(`${kind}: console errors: ${errors.join('; ')}`);
          await page.close();
        }
        await context.close();
        assert.deepEqual(failures, [], failures.join('\n'));
      });
    }

    test('keyboard: a visible skip link first, a visible focus on every control, map links reachable', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const failures = [];
      for (const [kind, rel] of Object.entries(kinds)) {
        await page.goto(base + rel);
        await page.keyboard.press('Tab');
        const skip = await page.evaluate(() => {
          const el = document.activeElement;
          const r = el.getBoundingClientRect();
          return { cls: el.className, href: el.getAttribute('href'), visible: r.width > 0 && r.height > 0 && r.top >= 0 };
        });
        if (skip.cls !== 'skip-link' || skip.href !== '#main' || !skip.visible) {
          failures.push(`${kind}: the first Tab lands on ${JSON.stringify(skip)}, not a visible skip link`);
        }
        // Tab through the page (up to 400 stops); each focused control must show a focus
        // indicator: an outline, or a box shadow.
        const seen = new Set();
        for (let i = 0; i < 400; i++) {
          await page.keyboard.press('Tab');
          const f = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const s = getComputedStyle(el);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
            const shadow = s.boxShadow && s.boxShadow !== 'none';
            // A stack map's box shows focus with a heavy border instead.
            const box = el.querySelector?.('.cm-box');
            const ring = !!box && parseFloat(getComputedStyle(box).strokeWidth) >= 4;
            const id = el.tagName + '|' + (el.getAttribute('href') || el.id || el.name || el.textContent.slice(0, 30));
            return { id, visible: outline || shadow || ring, inSvg: !!el.closest('svg') };
          });
          // Back at the skip link (or nowhere): the whole page was walked.
          if (!f || f.id === 'A|#main') break;
          if (!f.visible) failures.push(`${kind}: no visible focus on ${f.id}`);
          seen.add(f.id);
          if (f.inSvg) seen.add('svg-link');
        }
        if (['map', 'stack', 'pathway', 'credential'].includes(kind) && !seen.has('svg-link')) {
          failures.push(`${kind}: Tab never reached a link inside the stack map`);
        }
      }
      await page.close();
      assert.deepEqual(failures, [], failures.join('\n'));
    });
  });
}
