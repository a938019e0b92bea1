// What every suite of this folder shares: where the binary and Chromium are, when to skip,
// building the demo in a temporary folder, serving a built site from 127.0.0.1, and the
// axe-core rules the suites hold pages to.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../..');
export const BIN = process.env.CREDCAT_BIN || path.join(REPO, 'target/debug/credcat');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/// WCAG 2.0, 2.1 and 2.2, levels A and AA.
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/// Why a suite cannot run here, or undefined. Without Chromium a suite is skipped, unless CI
/// is set; `siteGiven` says a built site was handed over, so no binary is needed.
export function skipReason({ siteGiven = false } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    const msg = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
    if (IN_CI) throw new Error(`${msg}; CI is set, so this suite cannot be skipped`);
    return msg;
  }
  if (!siteGiven && !fs.existsSync(BIN)) return `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN)`;
  return undefined;
}

/// The demo catalog copied into a temporary folder, its config between `prefix` and
/// `suffix`, `prepare(root)` run on it, then built into `<root>/public` with a throwaway key
/// on 2026-12-01 (SOURCE_DATE_EPOCH). Returns the folder.
export function buildDemo({ prefix = '', suffix = '', prepare = () => {} } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-a11y-'));
  const config = fs.readFileSync(path.join(REPO, 'site-config.toml'), 'utf8');
  fs.writeFileSync(path.join(root, 'site-config.toml'), `${prefix}${config}${suffix}`);
  for (const dir of ['content', 'themes', 'static', 'templates']) {
    if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  prepare(root);
  const env = { ...process.env, SOURCE_DATE_EPOCH: '1796083200' };
  delete env.CREDCAT_ISSUER_KEY;
  execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
  execFileSync(BIN, ['build', '--root', root, '--output', path.join(root, 'public')], { env, stdio: 'pipe' });
  return root;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png' };

/// Serves a built site from 127.0.0.1 on a free port, as a static host does: `x/` is
/// `x/index.html`, and a missing file is the site's 404 page with status 404.
export function serve(root) {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      const notFound = path.join(root, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      if (fs.existsSync(notFound)) fs.createReadStream(notFound).pipe(res);
      else res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
