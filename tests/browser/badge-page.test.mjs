// The badge page as a holder and an employer use it: the demo catalog built by the credcat
// binary with a long, real-looking base URL (sub-path and all), served from 127.0.0.1,
// opened in headless Chromium.
//
// - the verdict is the first thing in the main content;
// - the share links (LinkedIn add-to-profile, email, copy link, embed) carry the right fields;
// - the baked SVG and PNG downloaded from the page hold exactly the signed credential, read
//   with independent parsers (png-chunks-extract, @xmldom/xmldom) for the keyword, element
//   and namespace Open Badges 3.0 gives; they verify on the verify page and with
//   `credcat verify`, and tampered copies do not;
// - the printed QR code (read back from pixels with jsqr) is the page's address;
// - every badge page prints as one page on A4 and on US Letter (counted by pdf-lib), with no
//   navigation and no buttons;
// - no horizontal scrolling at 320 and 375 px.
//
// The binary: CREDCAT_BIN, or target/debug/credcat (run `cargo build` first).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import extractChunks from 'png-chunks-extract';
import encodeChunks from 'png-chunks-encode';
import { DOMParser } from '@xmldom/xmldom';
import { PDFDocument } from 'pdf-lib';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { skipReason, launch, serve, finalVerdict } from './lib/harness.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.CREDCAT_BIN || path.join(REPO, 'target/debug/credcat');
const PREFIX = '/catalog/continuing-education-and-workforce-development/';
const BASE_URL = `https://credentials.northfield-community-college-continuing-education.example.edu${PREFIX}`;
const VALID = '2026-sql-0001'; // publishes the holder's name, no expiry
const EXPIRING = '2024-xl-0014'; // has an expiry date
const HIDDEN_NAME = '2026-tc-0002'; // the holder's name is not published
const OB_NS = 'https://purl.imsglobal.org/ob/v3p0';
const SVG_NS = 'http://www.w3.org/2000/svg';

function buildDemo() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-badge-page-'));
  for (const dir of ['content', 'themes', 'static']) {
    if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  const config = fs.readFileSync(path.join(REPO, 'site-config.toml'), 'utf8');
  assert.match(config, /^base_url\s*=.*$/m);
  fs.writeFileSync(path.join(root, 'site-config.toml'), config.replace(/^base_url\s*=.*$/m, `base_url = "${BASE_URL}"`));
  // One credential with far more text than a certificate holds: the print must stay one page.
  const long = path.join(root, 'content/credentials/excel-essentials.md');
  const text = fs.readFileSync(long, 'utf8');
  assert.match(text, /^name = "Excel Essentials"$/m);
  fs.writeFileSync(long, text
    .replace(/^name = "Excel Essentials"$/m, `name = "Excel Essentials for Spreadsheet-Driven Financial Reporting, Forecasting and Operational Analytics in Small Businesses"`)
    .replace(/^summary = ".*"$/m, `summary = "${'Retired in August 2025 and replaced by Spreadsheet Analysis; badges already issued remain valid. '.repeat(12)}"`)
    .replace(/^skills = \[$/m, `skills = [\n${'  "Reconciles a long ledger of transactions against a bank statement, explaining every difference found to a manager",\n'.repeat(8)}`));
  const env = { ...process.env };
  delete env.CREDCAT_ISSUER_KEY;
  execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
  execFileSync(BIN, ['build', '--root', root, '--output', path.join(root, 'public')], { env, stdio: 'pipe' });
  return { root, site: path.join(root, 'public') };
}

/** `credcat verify --site SITE FILE`: { ok, out }. */
function credcatVerify(site, file) {
  const env = { ...process.env, NO_COLOR: '1' };
  const r = spawnSync(BIN, ['verify', '--site', site, file], { env, encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stdout + r.stderr };
}

/** The text of every iTXt chunk with `keyword`, parsed by the spec's layout (PNG 1.2 §11.3.4.5). */
function itxtTexts(png, keyword) {
  const out = [];
  for (const c of extractChunks(png)) {
    if (c.name !== 'iTXt') continue;
    const d = Buffer.from(c.data);
    const z = d.indexOf(0);
    if (d.subarray(0, z).toString('latin1') !== keyword) continue;
    const compressed = d[z + 1];
    const lang = d.indexOf(0, z + 3);
    const translated = d.indexOf(0, lang + 1);
    out.push({ compressed, text: d.subarray(translated + 1).toString('utf8') });
  }
  return out;
}

function replaceItxt(png, keyword, text) {
  const chunks = extractChunks(png).map((c) => {
    if (c.name !== 'iTXt') return c;
    const d = Buffer.from(c.data);
    const z = d.indexOf(0);
    if (d.subarray(0, z).toString('latin1') !== keyword) return c;
    const head = d.subarray(0, d.indexOf(0, d.indexOf(0, z + 3) + 1) + 1);
    return { name: 'iTXt', data: new Uint8Array(Buffer.concat([head, Buffer.from(text, 'utf8')])) };
  });
  return Buffer.from(encodeChunks(chunks));
}

const skip = skipReason() || (!fs.existsSync(BIN)
  ? `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN)` : undefined);

describe('badge pages in Chromium', { skip }, () => {
  let browser, server, built, site, tmp;
  const badgeIds = [];

  before(async () => {
    built = buildDemo();
    site = built.site;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-downloads-'));
    for (const id of fs.readdirSync(path.join(site, 'badges'))) badgeIds.push(id);
    // An altered copy of a valid badge beside the original.
    const copy = path.join(site, 'badges', 'zz-altered-copy');
    fs.mkdirSync(copy);
    for (const f of fs.readdirSync(path.join(site, 'badges', VALID))) {
      fs.copyFileSync(path.join(site, 'badges', VALID, f), path.join(copy, f));
    }
    const vc = JSON.parse(fs.readFileSync(path.join(copy, 'credential.json'), 'utf8'));
    vc.credentialSubject.name = 'Somebody Else';
    fs.writeFileSync(path.join(copy, 'credential.json'), JSON.stringify(vc, null, 2));
    server = await serve(site, PREFIX);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (built) fs.rmSync(built.root, { recursive: true, force: true });
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  function credentialOf(id) {
    const text = fs.readFileSync(path.join(site, 'badges', id, 'credential.json'), 'utf8');
    return { text, vc: JSON.parse(text) };
  }

  async function open(rel, viewport) {
    const page = await browser.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(server.url(rel));
    return page;
  }

  test('the verdict is the first thing in the main content', async () => {
    for (const id of [VALID, EXPIRING, HIDDEN_NAME]) {
      const page = await open(`badges/${id}/`);
      await finalVerdict(page);
      const first = await page.evaluate(() => {
        const main = document.querySelector('main');
        // The first element in main that shows anything.
        const walker = document.createTreeWalker(main, NodeFilter.SHOW_ELEMENT);
        let el = walker.nextNode();
        while (el) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.height > 0 && el.textContent.trim()) break;
          el = walker.nextNode();
        }
        const verdict = document.getElementById('verdict');
        const below = [...main.querySelectorAll('h1, img, .badge-facts, .badge-share')]
          .filter((e) => e.getClientRects().length > 0)
          .every((e) => e.getBoundingClientRect().top >= verdict.getBoundingClientRect().bottom);
        return { contains: el === verdict || el.contains(verdict) || verdict.contains(el), below };
      });
      assert.ok(first.contains, `${id}: the first visible element of main is the verdict`);
      assert.ok(first.below, `${id}: heading, image, facts and sharing come after the verdict`);
      await page.close();
    }
    const page = await open(`badges/${EXPIRING}/`);
    assert.equal(await finalVerdict(page), 'expired');
    assert.match(await page.textContent('#verdict .verdict-detail'), /expired on/);
    await page.close();
  });

  test('the verdict says it in plain words; technical details are collapsed', async () => {
    const page = await open(`badges/${VALID}/`);
    assert.equal(await finalVerdict(page), 'verified');
    const detail = await page.textContent('#verdict');
    assert.match(detail, /Issued by Northfield Community College and unchanged since/);
    assert.doesNotMatch(detail, /did:|eddsa|JSON-LD/);
    assert.equal(await page.getAttribute('details.badge-technical', 'open'), null);
    assert.equal(await page.isVisible('details.badge-technical dd code'), false);
    assert.match(await page.textContent('details.badge-technical'), /did:web:credentials\.northfield-community-college-continuing-education\.example\.edu:catalog:/);
    assert.match(await page.textContent('details.badge-technical'), /eddsa-rdfc-2022, eddsa-jcs-2022/);
    // What the badge certifies is on the page.
    const { vc } = credentialOf(VALID);
    assert.match(await page.textContent('.badge-certifies'), /Writes SQL queries/);
    assert.match(await page.textContent('.badge-certifies'), /DA\.2\.1/);
    assert.match(await page.textContent('.badge-certifies'), /How it was assessed/);
    assert.equal(await page.textContent('h1'), vc.name);
    assert.match(await page.textContent('.badge-holder'), /Lena Marchetti/);
    await page.close();
  });

  test('the holder is shown only when the award publishes a name', async () => {
    const page = await open(`badges/${HIDDEN_NAME}/`);
    await finalVerdict(page);
    assert.equal(await page.$('.badge-holder'), null);
    assert.doesNotMatch(await page.content(), /Darnell|Whitaker|d\.whitaker/);
    await page.close();
  });

  test('share links carry the right fields', async () => {
    for (const id of [VALID, EXPIRING]) {
      const page = await open(`badges/${id}/`);
      await finalVerdict(page);
      const { vc } = credentialOf(id);
      const pageUrl = `${BASE_URL}badges/${id}/`;
      const li = new URL(await page.getAttribute('#share-linkedin', 'href'));
      assert.equal(li.origin + li.pathname, 'https://www.linkedin.com/profile/add');
      const q = Object.fromEntries(li.searchParams);
      const from = new Date(vc.validFrom);
      const want = {
        startTask: 'CERTIFICATION_NAME',
        name: vc.name,
        organizationName: vc.issuer.name,
        issueYear: String(from.getUTCFullYear()),
        issueMonth: String(from.getUTCMonth() + 1),
        certUrl: pageUrl,
        certId: id,
      };
      if (vc.validUntil) {
        const until = new Date(vc.validUntil);
        want.expirationYear = String(until.getUTCFullYear());
        want.expirationMonth = String(until.getUTCMonth() + 1);
      }
      assert.deepEqual(q, want, id);
      // Encoded as a query value must be: no raw spaces, & or : inside values.
      assert.doesNotMatch(li.search, / /);
      assert.equal(id === EXPIRING, 'expirationYear' in q);

      const mail = new URL(await page.getAttribute('#share-email', 'href'));
      assert.equal(mail.protocol, 'mailto:');
      assert.equal(mail.pathname, '', 'no recipient');
      const subject = mail.searchParams.get('subject');
      const body = mail.searchParams.get('body');
      assert.match(subject, new RegExp(vc.name));
      assert.ok(body.includes(pageUrl), body);
      assert.doesNotMatch(subject + body, /@/);

      assert.equal(await page.inputValue('#share-url'), pageUrl);
      // The embed snippet: the badge image, linking to this page.
      const embed = await page.inputValue('#embed-code');
      const parsed = await page.evaluate((html) => {
        const t = document.createElement('template');
        t.innerHTML = html;
        const a = t.content.firstElementChild;
        const img = a && a.querySelector('img');
        return { tag: a && a.tagName, href: a && a.getAttribute('href'), src: img && img.getAttribute('src'), alt: img && img.getAttribute('alt'), count: t.content.children.length };
      }, embed);
      assert.deepEqual(parsed, { tag: 'A', href: pageUrl, src: `${pageUrl}badge.png`, alt: `${vc.name} badge, issued by ${vc.issuer.name}`, count: 1 });
      await page.close();
    }
  });

  test('copy link puts the page address on the clipboard', async () => {
    const page = await open(`badges/${VALID}/`);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await finalVerdict(page);
    await page.click('#copy-link');
    await page.waitForFunction(() => document.querySelector('.copy-status').textContent !== '');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${BASE_URL}badges/${VALID}/`);
    await page.close();
  });

  async function download(page, selector, name) {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    const file = path.join(tmp, name);
    await dl.saveAs(file);
    assert.equal(dl.suggestedFilename(), name.replace(/^[^-]+-/, ''));
    return file;
  }

  test('baked images from the page hold the credential where Open Badges 3.0 puts it', async () => {
    const page = await open(`badges/${VALID}/`);
    await finalVerdict(page);
    const { text, vc } = credentialOf(VALID);
    const png = fs.readFileSync(await download(page, '#download-png', `page-${VALID}.png`));
    const svg = fs.readFileSync(await download(page, '#download-svg', `page-${VALID}.svg`), 'utf8');
    await page.close();

    // PNG: exactly one iTXt chunk "openbadgecredential" (CRC checked by the parser).
    const found = itxtTexts(png, 'openbadgecredential');
    assert.equal(found.length, 1);
    assert.equal(found[0].compressed, 0);
    assert.equal(found[0].text, text);
    const ihdr = extractChunks(png)[0];
    assert.equal(ihdr.name, 'IHDR');
    const dims = Buffer.from(ihdr.data);
    assert.deepEqual([dims.readUInt32BE(0), dims.readUInt32BE(4)], [600, 600], 'crisp at 600 px');

    // SVG: <openbadges:credential> in the OB 3.0 namespace, first child of <svg>, CDATA.
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = doc.documentElement;
    assert.equal(root.localName, 'svg');
    assert.equal(root.namespaceURI, SVG_NS);
    assert.equal(root.getAttribute('xmlns:openbadges'), OB_NS);
    const els = doc.getElementsByTagNameNS(OB_NS, 'credential');
    assert.equal(els.length, 1);
    const el = els[0];
    assert.equal(el.prefix, 'openbadges');
    assert.equal(el.parentNode, root);
    let firstChild = root.firstChild;
    while (firstChild && firstChild.nodeType !== 1) firstChild = firstChild.nextSibling;
    assert.equal(firstChild, el, 'directly after the <svg> start tag');
    const cdata = [...Array.from(el.childNodes)].filter((n) => n.nodeType === 4);
    assert.equal(cdata.length, 1, 'the credential is in a CDATA section');
    assert.deepEqual(JSON.parse(cdata[0].data), vc);
  });

  test('baked images verify on the verify page and with credcat verify; tampered ones fail', async () => {
    const png = path.join(tmp, `page-${VALID}.png`);
    const svg = path.join(tmp, `page-${VALID}.svg`);
    assert.ok(fs.existsSync(png) && fs.existsSync(svg), 'downloaded by the test before');
    const { vc } = credentialOf(VALID);

    const forgedPng = path.join(tmp, 'forged.png');
    const text = itxtTexts(fs.readFileSync(png), 'openbadgecredential')[0].text;
    const forgedText = text.replace(`"name":"${vc.credentialSubject.name}"`, '"name":"Somebody Else"');
    assert.notEqual(forgedText, text);
    fs.writeFileSync(forgedPng, replaceItxt(fs.readFileSync(png), 'openbadgecredential', forgedText));
    const forgedSvg = path.join(tmp, 'forged.svg');
    const svgText = fs.readFileSync(svg, 'utf8');
    fs.writeFileSync(forgedSvg, svgText.replace(`"name":"${vc.credentialSubject.name}"`, '"name":"Somebody Else"'));
    assert.notEqual(fs.readFileSync(forgedSvg, 'utf8'), svgText);

    for (const [file, expect] of [[png, 'verified'], [svg, 'verified'], [forgedPng, 'altered'], [forgedSvg, 'altered']]) {
      const page = await open('verify/');
      await page.waitForSelector('#paste-verify[open]:not([hidden])');
      await page.setInputFiles('#paste-file', file);
      const verdict = await finalVerdict(page, '#paste-verdict');
      assert.equal(verdict, expect, `${path.basename(file)}: ${await page.textContent('#paste-verdict')}`);
      if (expect === 'altered') {
        // Nothing after "Altered" suggests the badge is usable.
        assert.equal(await page.isVisible('#paste-email-check'), false);
        assert.match(await page.textContent('#paste-verdict'), /Do not rely on it/);
      } else {
        assert.equal(await page.isVisible('#paste-email-check'), true);
      }
      await page.close();

      const r = credcatVerify(site, file);
      assert.equal(r.ok, expect === 'verified', `credcat verify ${path.basename(file)}: ${r.out}`);
      assert.match(r.out, expect === 'verified' ? /valid: / : /ALTERED/);
    }
  });

  test('the verify page also takes a pasted SVG and a link', async () => {
    const page = await open('verify/');
    await page.waitForSelector('#paste-verify[open]:not([hidden])');
    // One clear heading: the page's h1, and no other visible heading above the form.
    assert.deepEqual(await page.$$eval('main h1, main h2, main h3', (hs) => hs.filter((h) => h.offsetParent).map((h) => h.tagName)), ['H1']);
    await page.fill('#paste-input', fs.readFileSync(path.join(site, 'badges', VALID, 'badge.svg'), 'utf8'));
    await page.click('#paste-verify-button');
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'verified');
    // A link to a badge page is followed to its credential; the site's own URL is served locally.
    for (const [link, expect] of [[`${BASE_URL}badges/${VALID}/`, 'verified'], [`${BASE_URL}badges/${VALID}/badge.png`, 'verified'], [`${BASE_URL}badges/zz-altered-copy/`, 'altered']]) {
      await page.fill('#link-input', link);
      await page.click('#link-verify-button');
      assert.equal(await finalVerdict(page, '#paste-verdict'), expect, `${link}: ${await page.textContent('#paste-verdict')}`);
    }
    // verify/?url=… opens a link at once.
    await page.goto(server.url(`verify/?url=${encodeURIComponent(`${BASE_URL}badges/${VALID}/badge.svg`)}`));
    assert.equal(await finalVerdict(page, '#paste-verdict'), 'verified', await page.textContent('#paste-verdict'));
    assert.equal(await page.inputValue('#link-input'), `${BASE_URL}badges/${VALID}/badge.svg`);
    await page.close();
  });

  test('an altered badge page offers no sharing or downloads', async () => {
    const page = await open('badges/zz-altered-copy/');
    assert.equal(await finalVerdict(page), 'altered');
    assert.equal(await page.isVisible('.badge-share'), false);
    assert.equal(await page.isVisible('#share-linkedin'), false);
    assert.equal(await page.isVisible('#email-check'), false);
    await page.close();
  });

  test('every badge page prints as one page on A4 and on US Letter, without navigation or buttons', async () => {
    for (const id of [...badgeIds, 'zz-altered-copy']) {
      const page = await open(`badges/${id}/`);
      const verdict = await finalVerdict(page);
      for (const format of ['A4', 'Letter']) {
        const pdf = await PDFDocument.load(await page.pdf({ format, printBackground: true }));
        assert.equal(pdf.getPageCount(), 1, `${id} on ${format}`);
      }
      await page.emulateMedia({ media: 'print' });
      const shown = await page.evaluate(() => {
        const visible = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0).length;
        return { nav: visible('nav, .site-header'), buttons: visible('button, .button, input, textarea'), qr: visible('.badge-certificate svg'), cert: visible('.badge-certificate'), verdict: visible('#verdict') };
      });
      if (verdict === 'revoked' || verdict === 'altered') {
        // A badge that must not be used prints its verdict, not a certificate.
        assert.deepEqual(shown, { nav: 0, buttons: 0, qr: 0, cert: 0, verdict: 1 }, id);
      } else {
        assert.deepEqual(shown, { nav: 0, buttons: 0, qr: 1, cert: 1, verdict: 0 }, id);
        assert.match(await page.textContent('.badge-certificate'), new RegExp(`badges/${id}/`));
        // The QR code and the dates are inside the certificate's frame, however long the text.
        const fits = await page.evaluate(() => {
          const frame = document.querySelector('.badge-certificate').getBoundingClientRect();
          return ['.cert-footer', '.cert-qr svg', '.cert-name'].every((sel) => {
            const r = document.querySelector(sel).getBoundingClientRect();
            return r.height > 0 && r.top >= frame.top && r.bottom <= frame.bottom && r.right <= frame.right;
          });
        });
        assert.ok(fits, `${id}: the footer and QR code are on the certificate`);
        // The QR code, read from the printed page's pixels by an independent decoder, is the
        // badge page's address.
        const shot = PNG.sync.read(await page.locator('.cert-qr svg').screenshot({ scale: 'device' }));
        const qr = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
        assert.equal(qr && qr.data, `${BASE_URL}badges/${id}/`, `${id}: QR code`);
      }
      await page.close();
    }
  });

  test('no horizontal scrolling at 320 and 375 px with a long base URL', async () => {
    for (const width of [320, 375]) {
      for (const id of [...badgeIds, 'zz-altered-copy']) {
        const page = await open(`badges/${id}/`, { width, height: 800 });
        await finalVerdict(page);
        // Open everything collapsed: the long DIDs and URLs are in there.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        assert.ok(scroll <= client, `${id} at ${width}px: ${scroll} > ${client}`);
        await page.close();
      }
      const page = await open('verify/', { width, height: 800 });
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      assert.ok(scroll <= client, `verify/ at ${width}px: ${scroll} > ${client}`);
      await page.close();
    }
  });
});
