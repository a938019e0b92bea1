// Shared test plumbing: find Chromium (or decide to skip), serve a folder on 127.0.0.1.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/**
 * undefined when Chromium is there; otherwise the skip message. Under CI a missing
 * Chromium is an error, not a skip.
 */
export function skipReason() {
  if (fs.existsSync(CHROMIUM)) return undefined;
  const msg = `Chromium not found at ${CHROMIUM} (install it: apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (IN_CI) throw new Error(`${msg}; CI is set, so the browser tests cannot be skipped`);
  return msg;
}

export async function launch() {
  const { chromium } = await import('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serve `root` under the URL prefix `prefix` (e.g. "/catalog/") on 127.0.0.1, ephemeral
 * port. Every request is recorded in `requests` (method, url, body) so tests can check
 * what left the page.
 */
export async function serve(root, prefix = '/') {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString('utf8') });
      let urlPath;
      try {
        urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      if (!urlPath.startsWith(prefix)) {
        res.writeHead(404).end('not found');
        return;
      }
      let file = path.resolve(root, '.' + path.posix.normalize('/' + urlPath.slice(prefix.length)));
      if (!file.startsWith(path.resolve(root))) {
        res.writeHead(403).end();
        return;
      }
      if (urlPath.endsWith('/')) file = path.join(file, 'index.html');
      fs.readFile(file, (err, data) => {
        if (err) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
          return;
        }
        res.writeHead(200, {
          'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
          'Cache-Control': 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : data);
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: (p) => `http://127.0.0.1:${port}${prefix}${p}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Wait until `selector`'s data-verdict is final, and return it. */
export async function finalVerdict(page, selector = '#verdict') {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      const v = el && el.getAttribute('data-verdict');
      return v && v !== 'checking';
    },
    selector,
    { timeout: 20000 },
  );
  return page.getAttribute(selector, 'data-verdict');
}
