// The verification page in headless Chromium: a generated site served from 127.0.0.1
// under /catalog/ (so the base-URL → site-relative mapping is exercised), every verdict,
// paste / file / drop, the email check, the page's JCS, and screenshots in /tmp.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite, EMAIL, THEME } from './lib/fixtures.mjs';
import { skipReason, launch, serve, finalVerdict } from './lib/harness.mjs';
import { TEXT_CASES, NUMBER_CASES, BAD_NUMBERS } from './lib/rfc8785.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const W3C_DIR = path.join(HERE, 'fixtures', 'w3c-eddsa-jcs-2022');
const W3C_SIGNED = fs.readFileSync(path.join(W3C_DIR, 'signedJCS.json'), 'utf8');
const SHOTS = process.env.SCREENSHOT_DIR || os.tmpdir();

const skip = skipReason();

describe('badge verification page (headless Chromium)', { skip }, () => {
  let site;
  let server;
  let browser;
  let siteDir;
  const pageErrors = [];

  before(async () => {
    siteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-site-'));
    site = buildSite(siteDir);
    server = await serve(siteDir, '/catalog/');
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
    if (siteDir) fs.rmSync(siteDir, { recursive: true, force: true });
  });

  async function open(rel, viewport) {
    const page = await browser.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    page.on('pageerror', (e) => pageErrors.push(`${rel}: ${e.message}`));
    await page.goto(server.url(rel));
    return page;
  }

  test('the partial uses only {{ variable }} substitutions and includes the script', () => {
    const src = fs.readFileSync(path.join(THEME, 'templates', 'partials', 'badge_verify.html'), 'utf8');
    assert.doesNotMatch(src, /\{%|\{#/);
    const vars = new Set([...src.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)].map((m) => m[1]));
    assert.deepEqual([...vars].sort(), ['base_url', 'credential_url', 'did_url', 'site_did', 'site_root']);
    assert.match(src, /<script src="\{\{ site_root \}\}js\/verify\.js" defer><\/script>/);
  });

  test('each badge page shows the expected verdict', async (t) => {
    for (const [id, badge] of Object.entries(site.badges)) {
      await t.test(`${id} → ${badge.expect}`, async () => {
        const page = await open(badge.path);
        const verdict = await finalVerdict(page);
        const detail = await page.textContent('#verdict');
        assert.equal(verdict, badge.expect, `${id}: ${detail}`);
        // One line per check, each with a ✓ ✗ ? or i glyph in text (not colour alone).
        if (badge.expect !== 'cannot-check' || id !== 'missing-credential') {
          const checks = await page.$$eval('#verify-checks li', (lis) =>
            lis.map((li) => [li.dataset.check, li.dataset.state, li.querySelector('.check-icon').textContent]),
          );
          assert.deepEqual(checks.map((c) => c[0]), ['signature', 'issuer-key', 'status', 'dates'], id);
          for (const [, state, icon] of checks) assert.equal(icon, { pass: '✓', fail: '✗', unknown: '?', info: 'i' }[state]);
        }
        const live = await page.getAttribute('#verdict', 'aria-live');
        assert.equal(live, 'polite');
        await page.close();
      });
    }
  });

  test('verdict details say why', async () => {
    const cases = {
      'foreign-issuer': /not this site/,
      'rdfc-only': /unsupported cryptosuite: eddsa-rdfc-2022/,
      'status-missing': /status list unavailable/,
      'status-tampered': /status list cannot be trusted/,
      'missing-credential': /HTTP 404/,
      expired: /expired on/,
      revoked: /revoked/,
    };
    for (const [id, re] of Object.entries(cases)) {
      const page = await open(site.badges[id].path);
      await finalVerdict(page);
      assert.match(await page.textContent('#badge-verify'), re, id);
      await page.close();
    }
  });

  test('the valid badge lists each check as passed', async () => {
    const page = await open(site.badges.valid.path);
    assert.equal(await finalVerdict(page), 'verified');
    const states = await page.$$eval('#verify-checks li', (lis) => lis.map((li) => li.dataset.state));
    assert.deepEqual(states, ['pass', 'pass', 'pass', 'pass']);
    assert.match(await page.textContent('#verify-checks'), /eddsa-rdfc-2022.*not checked here/);
    await page.close();
  });

  test('the W3C eddsa-jcs-2022 vector (did:key) verifies when pasted', async () => {
    const page = await open('verify/');
    await page.waitForSelector('#paste-verify[open]:not([hidden])');
    assert.equal(await page.isVisible('#verdict'), false, 'no badge of its own on this page');
    assert.equal(await page.isVisible('#email-check'), false, 'no badge, no email check');
    await page.fill('#paste-input', W3C_SIGNED);
    await page.click('#paste-verify-button');
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'verified', await page.textContent('#paste-verdict'));
    assert.match(await page.textContent('#paste-verdict'), /cannot be linked to the issuer it names .*not by this site/);
    await page.close();
  });

  test('pasting the W3C vector with a changed field says altered', async () => {
    const page = await open(site.badges.valid.path);
    await finalVerdict(page);
    assert.equal(await page.getAttribute('#paste-verify', 'open'), null, 'closed on a badge page');
    await page.click('#paste-verify > summary');
    const doc = JSON.parse(W3C_SIGNED);
    doc.credentialSubject.alumniOf = 'The School of Counterfeits';
    await page.fill('#paste-input', JSON.stringify(doc));
    await page.click('#paste-verify-button');
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'altered');
    // The page's own verdict is untouched.
    assert.equal(await page.getAttribute('#verdict', 'data-verdict'), 'verified');
    await page.close();
  });

  test('pasting invalid JSON says cannot-check, with the reason', async () => {
    const page = await open('verify/');
    await page.waitForSelector('#paste-verify:not([hidden])');
    await page.fill('#paste-input', '{"@context": [ "oops" ');
    await page.click('#paste-verify-button');
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'cannot-check');
    assert.match(await page.textContent('#paste-verdict'), /not valid JSON/);
    await page.fill('#paste-input', '[1, 2, 3]');
    await page.click('#paste-verify-button');
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'cannot-check');
    await page.close();
  });

  test('choosing a file checks it (this site\'s did:web badges, revoked included)', async () => {
    const page = await open('verify/');
    await page.waitForSelector('#paste-verify:not([hidden])');
    await page.setInputFiles('#paste-file', path.join(siteDir, 'badges', 'valid', 'credential.json'));
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'verified', await page.textContent('#paste-verdict'));
    await page.setInputFiles('#paste-file', path.join(siteDir, 'badges', 'revoked', 'credential.json'));
    await page.waitForFunction(() => document.querySelector('#paste-verdict').dataset.verdict === 'revoked');
    await page.close();
  });

  test('pasted did:key credentials: verified, altered, and a key the issuer does not control', async () => {
    const page = await open('verify/');
    await page.waitForSelector('#paste-verify[open]');
    const expect = { 'did-key': 'verified', 'did-key-altered': 'altered', 'did-key-mismatch': 'cannot-check' };
    for (const [name, verdict] of Object.entries(expect)) {
      await page.fill('#paste-input', fs.readFileSync(path.join(siteDir, 'extra', `${name}.json`), 'utf8'));
      await page.click('#paste-verify-button');
      await page.waitForFunction((v) => document.querySelector('#paste-verdict').dataset.verdict === v, verdict, { timeout: 10000 })
        .catch(() => {});
      assert.equal(await page.getAttribute('#paste-verdict', 'data-verdict'), verdict, `${name}: ${await page.textContent('#paste-verdict')}`);
    }
    await page.close();
  });

  test('dropping a file on the drop zone checks it', async () => {
    const page = await open('verify/');
    await page.waitForSelector('#paste-verify:not([hidden])');
    const text = fs.readFileSync(path.join(siteDir, 'badges', 'flipped', 'credential.json'), 'utf8');
    const dataTransfer = await page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'credential.json', { type: 'application/json' }));
      return dt;
    }, text);
    await page.dispatchEvent('#paste-drop', 'drop', { dataTransfer });
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'altered');
    assert.equal(await page.inputValue('#paste-input'), text);
    await page.close();
  });

  test('the email check matches the right address only, without sending it', async () => {
    const page = await open(site.badges.valid.path);
    assert.equal(await finalVerdict(page), 'verified');
    const before = server.requests.length;
    const sent = [];
    page.on('request', (r) => sent.push(r.url() + ' ' + (r.postData() || '')));
    await page.fill('#email-check-input', `  ${EMAIL.toUpperCase()} `);
    await page.click('#email-check button[type=submit]');
    await page.waitForSelector('#email-check-result[data-match]');
    assert.equal(await page.getAttribute('#email-check-result', 'data-match'), 'true');
    assert.match(await page.textContent('#email-check-result'), /This badge was issued to that address/);

    await page.fill('#email-check-input', 'someone.else@example.org');
    await page.press('#email-check-input', 'Enter');
    await page.waitForSelector('#email-check-result[data-match]');
    assert.equal(await page.getAttribute('#email-check-result', 'data-match'), 'false');
    assert.match(await page.textContent('#email-check-result'), /does not match/);

    assert.equal(page.url(), server.url(site.badges.valid.path), 'the form did not navigate');
    assert.deepEqual(sent, [], 'no request left the page during the email check');
    const leaked = server.requests.slice(before).concat(server.requests).filter((r) => /learner|someone\.else/i.test(r.url + r.body));
    assert.deepEqual(leaked, []);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    assert.doesNotMatch(stored, /learner|someone/i);
    await page.close();
  });

  test('the email check works on a pasted credential too', async () => {
    const page = await open('verify/');
    await page.waitForSelector('#paste-verify:not([hidden])');
    await page.fill('#paste-input', fs.readFileSync(path.join(siteDir, 'badges', 'valid', 'credential.json'), 'utf8'));
    await page.click('#paste-verify-button');
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'verified');
    await page.fill('#paste-email-input', EMAIL);
    await page.click('#paste-email-check button[type=submit]');
    await page.waitForSelector('#paste-email-result[data-match]');
    assert.equal(await page.getAttribute('#paste-email-result', 'data-match'), 'true');
    await page.close();
  });

  test('the email check refuses to vouch for an altered badge', async () => {
    const page = await open(site.badges.altered.path);
    assert.equal(await finalVerdict(page), 'altered');
    // Nothing after "Altered" suggests the badge is usable: the check is not offered…
    assert.equal(await page.isVisible('#email-check'), false);
    // …and refuses even when submitted by a script.
    await page.evaluate((email) => {
      document.getElementById('email-check-input').value = email;
      document.getElementById('email-check').requestSubmit();
    }, EMAIL);
    await page.waitForSelector('#email-check-result[data-match]', { state: 'attached' });
    assert.equal(await page.getAttribute('#email-check-result', 'data-match'), 'error');
    await page.close();
  });

  test("without Web Crypto Ed25519 the page's own Ed25519 code gives the same verdicts", async () => {
    const cases = ['valid', 'revoked', 'altered', 'flipped', 'other-key', 'status-tampered'];
    for (const id of cases) {
      const page = await browser.context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${id} (no native Ed25519): ${e.message}`));
      await page.addInitScript(() => {
        const orig = SubtleCrypto.prototype.importKey;
        SubtleCrypto.prototype.importKey = function (format, key, alg, ...rest) {
          const name = typeof alg === 'string' ? alg : alg && alg.name;
          if (String(name).toLowerCase() === 'ed25519') {
            return Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError'));
          }
          return orig.call(this, format, key, alg, ...rest);
        };
      });
      await page.goto(server.url(site.badges[id].path));
      assert.equal(await finalVerdict(page), site.badges[id].expect, id);
      if (id === 'valid') assert.match(await page.textContent('#verify-checks'), /own Ed25519 code/);
      await page.close();
    }
    // The W3C vector through the fallback, on the standalone checker page.
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      SubtleCrypto.prototype.importKey = () => Promise.reject(new DOMException('no', 'NotSupportedError'));
    });
    await page.goto(server.url('verify/'));
    await page.fill('#paste-input', W3C_SIGNED);
    await page.click('#paste-verify-button');
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'verified');
    await page.close();
  });

  test('the page\'s JCS passes the RFC 8785 samples and the W3C canonical forms', async () => {
    const page = await open('verify/');
    await page.waitForFunction(() => !!window.CredcatVerify);
    for (const [input, expected] of TEXT_CASES) {
      assert.equal(await page.evaluate((t) => window.CredcatVerify.jcs(JSON.parse(t)), input), expected);
    }
    const num = (hex) => page.evaluate((h) => {
      const dv = new DataView(new ArrayBuffer(8));
      for (let i = 0; i < 8; i++) dv.setUint8(i, parseInt(h.slice(2 * i, 2 * i + 2), 16));
      try { return window.CredcatVerify.jcs(dv.getFloat64(0)); } catch (e) { return 'ERROR'; }
    }, hex);
    for (const [hex, expected] of NUMBER_CASES) assert.equal(await num(hex), expected, hex);
    for (const hex of BAD_NUMBERS) assert.equal(await num(hex), 'ERROR', hex);
    const lone = await page.evaluate(() => { try { return window.CredcatVerify.jcs('\ud800x'); } catch (e) { return 'ERROR'; } });
    assert.equal(lone, 'ERROR');
    const signed = JSON.parse(W3C_SIGNED);
    const { proof, ...doc } = signed;
    const { proofValue, ...options } = proof;
    assert.equal(await page.evaluate((d) => window.CredcatVerify.jcs(d), doc), fs.readFileSync(path.join(W3C_DIR, 'canonDocJCS.txt'), 'utf8'));
    assert.equal(await page.evaluate((d) => window.CredcatVerify.jcs(d), options), fs.readFileSync(path.join(W3C_DIR, 'proofCanonJCS.txt'), 'utf8'));
    await page.close();
  });

  test('screenshots: verified, altered, revoked, cannot-check, and verified at 375 px', async () => {
    const shots = [
      ['valid', null, 'credcat-verify-verified.png'],
      ['altered', null, 'credcat-verify-altered.png'],
      ['revoked', null, 'credcat-verify-revoked.png'],
      ['foreign-issuer', null, 'credcat-verify-cannot-check.png'],
      ['valid', { width: 375, height: 900 }, 'credcat-verify-verified-375.png'],
    ];
    for (const [id, viewport, file] of shots) {
      const page = await open(site.badges[id].path, viewport || { width: 1000, height: 900 });
      await finalVerdict(page);
      if (viewport) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `no horizontal scrolling at 375 px (overflow ${overflow}px)`);
      }
      await page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
      await page.close();
    }
  });

  test('no uncaught errors in any page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
