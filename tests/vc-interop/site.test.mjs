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

/** Builds a copy of the demo with a throwaway key; `awardsPerList` sets `[badges] awards_per_status_list`. */
function buildDemo(awardsPerList) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-interop-'));
  let config = fs.readFileSync(path.join(REPO, 'site-config.toml'), 'utf8');
  if (awardsPerList) {
    assert.ok(config.includes('\n[badges]\n'), 'the demo config has a [badges] table');
    config = config.replace('\n[badges]\n', `\n[badges]\nawards_per_status_list = ${awardsPerList}\n`);
  }
  fs.writeFileSync(path.join(root, 'site-config.toml'), config);
  for (const dir of ['content', 'themes', 'static', 'templates']) {
    if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  const env = { ...process.env };
  delete env.CREDCAT_ISSUER_KEY;
  execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
  execFileSync(BIN, ['build', '--root', root, '--output', path.join(root, 'public')], { env, stdio: 'pipe' });
  return root;
}

const noBin = !fs.existsSync(BIN) ? `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN)` : undefined;
if (noBin && process.env.CI && process.env.CI !== 'false') throw new Error(`${noBin}; CI is set, so this cannot be skipped`);
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
    assert.ok(results.every((r) => r.status.list === 'status/1.json'), 'the demo fits one status list');
    assert.equal(results.filter((r) => r.status.revoked).map((r) => r.file).join(), 'badges/2026-ta-0003/credential.json');
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

test('badges in a second and third status list verify, and the revoked one is read from its list', { skip: noBin, timeout: 300000 }, async () => {
  // Three awards a list: the demo's 8 awards, in order of issue, fill lists 1 and 2 and start 3;
  // the revoked one (2026-ta-0003) is the sixth.
  const root = buildDemo(3);
  try {
    const site = path.join(root, 'public');
    const { results, refused } = await checkSite(site);
    assert.equal(results.length, 8);
    for (const r of results) assert.deepEqual(r.problems, [], r.file);
    assert.deepEqual(refused, []);
    const inList = (n) => results.filter((r) => r.status.list === `status/${n}.json`).map((r) => r.file.split('/')[1]).sort();
    assert.deepEqual(inList(1), ['2024-xl-0014', '2026-sql-0001', '2026-tc-0002']);
    assert.deepEqual(inList(2), ['2026-cnc-0007', '2026-ctc-0004', '2026-ta-0003']);
    assert.deepEqual(inList(3), ['2026-irs-0101', '2026-irs-0102']);
    assert.deepEqual(results.filter((r) => r.status.revoked).map((r) => r.file), ['badges/2026-ta-0003/credential.json']);

    // A forged second list (the revoked bit cleared, proofs kept) fails the check.
    const listFile = path.join(site, 'status/2.json');
    const list = JSON.parse(fs.readFileSync(listFile, 'utf8'));
    const first = JSON.parse(fs.readFileSync(path.join(site, 'status/1.json'), 'utf8'));
    list.credentialSubject.encodedList = first.credentialSubject.encodedList;
    fs.writeFileSync(listFile, JSON.stringify(list));
    const forged = await checkSite(site);
    const inSecond = forged.results.filter((r) => r.status.list === 'status/2.json');
    assert.equal(inSecond.length, 3);
    for (const r of inSecond) assert.ok(r.problems.some((p) => /status list status\/2\.json: .*signature/i.test(p)), r.problems.join('; '));
    for (const r of forged.results.filter((r) => r.status.list !== 'status/2.json')) assert.deepEqual(r.problems, [], r.file);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
