// `node --test` entry (scripts/test runs it in CI): builds the demo catalog with credcat into
// a temporary folder and expands every .jsonld file of it with jsonld.js, offline.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandFolder } from './expand.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// scripts/test builds the demo once and passes it as CREDCAT_SITE; otherwise build it here
// (the demo awards badges, so that build needs CREDCAT_ISSUER_KEY or a key file).
test('every .jsonld file of the demo site expands with jsonld.js, nothing dropped', async () => {
  const given = process.env.CREDCAT_SITE;
  const out = given || mkdtempSync(join(tmpdir(), 'credcat-jsonld-'));
  try {
    if (!given) {
      execFileSync('cargo', ['run', '--quiet', '--', 'build', '--root', repo, '--output', out], {
        cwd: repo,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    const { files, failures } = await expandFolder(out);
    assert.ok(files > 0, 'no .jsonld files were built');
    assert.deepEqual(failures, []);
  } finally {
    if (!given) rmSync(out, { recursive: true, force: true });
  }
});
