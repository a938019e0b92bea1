// The real thing: the demo catalog built by the credcat binary (signed with a fresh key),
// served from 127.0.0.1, opened in headless Chromium. A badge page reads Verified, a copy of
// it with an altered credential reads Altered, the demo's revoked award reads Revoked.
//
// The binary: CREDCAT_BIN, or target/debug/credcat (run `cargo build` first). A site built
// beforehand can be given with CREDCAT_SITE (a folder built from the demo with awards);
// otherwise one is built in a temporary folder.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipReason, launch, serve, finalVerdict } from './lib/harness.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.CREDCAT_BIN || path.join(REPO, 'target/debug/credcat');
const VALID = '2026-sql-0001';
const REVOKED = '2026-ta-0003';

// Page templates the theme may not have yet: a plain stand-in keeps this test about badges.
const PAGES = ['index.html', 'credential.html', 'framework.html', 'competency.html', 'organization.html',
  'pathway.html', 'skills.html', '404.html'];

function buildDemo() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-demo-'));
  fs.copyFileSync(path.join(REPO, 'site-config.toml'), path.join(root, 'site-config.toml'));
  for (const dir of ['content', 'themes', 'static']) {
    if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  const theme = path.join(REPO, 'themes/default/templates');
  fs.mkdirSync(path.join(root, 'templates'), { recursive: true });
  if (!fs.existsSync(path.join(theme, 'base.html'))) {
    fs.writeFileSync(path.join(root, 'templates/base.html'),
      '<!doctype html><html><head><meta charset="utf-8"><title>{{ page.title }}</title></head><body>{% block content %}{% endblock content %}</body></html>\n');
  }
  for (const t of PAGES) {
    if (!fs.existsSync(path.join(theme, t))) {
      fs.writeFileSync(path.join(root, 'templates', t), '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>{% endblock content %}\n');
    }
  }
  const env = { ...process.env };
  delete env.CREDCAT_ISSUER_KEY;
  execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
  execFileSync(BIN, ['build', '--root', root, '--output', path.join(root, 'public')], { env, stdio: 'pipe' });
  return { root, site: path.join(root, 'public') };
}

const skip = skipReason() || (!process.env.CREDCAT_SITE && !fs.existsSync(BIN)
  ? `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN / CREDCAT_SITE)` : undefined);

describe('built demo site in Chromium', { skip }, () => {
  let browser, server, built, site;

  before(async () => {
    if (process.env.CREDCAT_SITE) {
      site = process.env.CREDCAT_SITE;
    } else {
      built = buildDemo();
      site = built.site;
    }
    // An altered copy of a valid badge, served beside the original: same page, one changed field.
    const copy = path.join(site, 'badges', 'zz-altered-copy');
    fs.mkdirSync(copy, { recursive: true });
    fs.copyFileSync(path.join(site, 'badges', VALID, 'index.html'), path.join(copy, 'index.html'));
    const vc = JSON.parse(fs.readFileSync(path.join(site, 'badges', VALID, 'credential.json'), 'utf8'));
    vc.validUntil = '2099-12-31T00:00:00Z';
    fs.writeFileSync(path.join(copy, 'credential.json'), JSON.stringify(vc, null, 2));
    server = await serve(site, '/');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (process.env.CREDCAT_SITE) fs.rmSync(path.join(site, 'badges', 'zz-altered-copy'), { recursive: true, force: true });
    if (built) fs.rmSync(built.root, { recursive: true, force: true });
  });

  async function verdictOf(badge) {
    const page = await browser.context.newPage();
    try {
      await page.goto(server.url(`badges/${badge}/`));
      const verdict = await finalVerdict(page);
      return { verdict, text: await page.textContent('#verdict') };
    } finally {
      await page.close();
    }
  }

  test('a badge of the demo reads Verified', async () => {
    const { verdict, text } = await verdictOf(VALID);
    assert.equal(verdict, 'verified', text);
    assert.match(text, /Verified/);
  });

  test('an altered copy reads Altered', async () => {
    const { verdict, text } = await verdictOf('zz-altered-copy');
    assert.equal(verdict, 'altered', text);
  });

  test('the revoked award reads Revoked', async () => {
    const { verdict, text } = await verdictOf(REVOKED);
    assert.equal(verdict, 'revoked', text);
  });

  test('the page never requests anything outside the site', async () => {
    const outside = server.requests.filter((r) => !r.url.startsWith('/'));
    assert.deepEqual(outside, []);
    assert.ok(server.requests.some((r) => r.url === '/.well-known/did.json'), 'did.json was fetched from the site');
    assert.ok(server.requests.some((r) => r.url === '/status/1.json'), 'the status list was fetched from the site');
  });
});
