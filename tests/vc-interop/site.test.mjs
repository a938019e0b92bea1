// `node --test` entry: builds the demo catalog with the credcat binary (CREDCAT_BIN, default
// target/debug/credcat; or a prebuilt site in CREDCAT_SITE), then checks every badge with
// verify-site.mjs — and that an altered copy fails, so the check can fail at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSite, checkAchievements } from './verify-site.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.CREDCAT_BIN || path.join(REPO, 'target/debug/credcat');

function buildDemo() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-interop-'));
  fs.copyFileSync(path.join(REPO, 'site-config.toml'), path.join(root, 'site-config.toml'));
  for (const dir of ['content', 'themes', 'static', 'templates']) {
    if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  const env = { ...process.env };
  delete env.CREDCAT_ISSUER_KEY;
  execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
  execFileSync(BIN, ['build', '--root', root, '--output', path.join(root, 'public')], { env, stdio: 'pipe' });
  return root;
}

const skip = !process.env.CREDCAT_SITE && !fs.existsSync(BIN)
  ? `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN / CREDCAT_SITE)` : undefined;
if (skip && process.env.CI && process.env.CI !== 'false') throw new Error(`${skip}; CI is set, so this cannot be skipped`);

test('every badge of the demo verifies with Digital Bazaar\'s libraries and the OB 3.0 schema', { skip, timeout: 300000 }, async () => {
  const root = process.env.CREDCAT_SITE ? undefined : buildDemo();
  const site = process.env.CREDCAT_SITE || path.join(root, 'public');
  try {
    const { results, refused } = await checkSite(site);
    assert.ok(results.length >= 8, `the demo has at least 8 badges, found ${results.length}`);
    for (const r of results) assert.deepEqual(r.problems, [], r.file);
    assert.deepEqual(refused, [], 'nothing needed outside the bundled contexts and the site');
    const achievements = checkAchievements(site);
    assert.ok(achievements.length >= 18, `every credential has an achievement, found ${achievements.length}`);
    for (const r of achievements) assert.deepEqual(r.problems, [], r.file);

    // The same check must fail on an altered copy.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-interop-altered-'));
    fs.cpSync(site, copy, { recursive: true });
    const first = results[0].file;
    const vc = JSON.parse(fs.readFileSync(path.join(copy, first), 'utf8'));
    vc.credentialSubject.achievement.name += ' (edited)';
    fs.writeFileSync(path.join(copy, first), JSON.stringify(vc));
    const altered = await checkSite(copy);
    const bad = altered.results.find((r) => r.file === first);
    const proofs = bad.problems.filter((p) => !p.startsWith('achievement:'));
    assert.equal(proofs.length, 2, 'both proofs fail');
    assert.ok(proofs.every((p) => /signature/i.test(p)), bad.problems.join('; '));
    assert.ok(bad.problems.some((p) => /differs from the published/.test(p)), 'the edited achievement no longer matches');

    // A published achievement that drifts from what the badges embed is caught, and one
    // that breaks the OB schema too.
    const published = path.join(copy, 'credentials');
    const slug = fs.readdirSync(published).find((d) => fs.existsSync(path.join(published, d, 'achievement.json')));
    const file = path.join(published, slug, 'achievement.json');
    const a = JSON.parse(fs.readFileSync(file, 'utf8'));
    a.achievementType = 42;
    fs.writeFileSync(file, JSON.stringify(a));
    assert.ok(checkAchievements(copy).find((r) => r.file.includes(slug)).problems.length > 0);
    fs.rmSync(copy, { recursive: true, force: true });
  } finally {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  }
});
