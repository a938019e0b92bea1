// `node --test` entry: builds the demo catalog with site-local CTDL URIs (credcat binary:
// CREDCAT_BIN, default target/debug/credcat) and validates every node of every CTDL graph
// document against the Credential Registry's JSON schemas (tests/fixtures/ctdl-jsonschema/,
// draft-04) with ajv — an independent validator for what tests/registry.rs also checks.
//
// What applies: each class definition's `required` list and its `allOf`/`anyOf` alternatives
// (the schemas are from 2018-2019: their property types predate language maps, `pathway.json`
// refers to definitions it lacks, and `additionalProperties: false` lists 2018's terms, so the
// rest of each definition is not applied; see tests/fixtures/ctdl-jsonschema/SOURCES.md).
// Skipped: ComponentCondition's required `ceterms:ctid` (a condition has no CTID in current CTDL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.CREDCAT_BIN || path.join(REPO, 'target/debug/credcat');
const SCHEMAS = path.join(REPO, 'tests/fixtures/ctdl-jsonschema');
const SKIP = { 'ceterms:ComponentCondition': ['ceterms:ctid'] };

/** One ajv validator per class the schemas define with a `required` list. */
export function validators() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const out = {};
  for (const file of ['credentialSchema.json', 'competency_framework.json', 'competency.json', 'pathway.json']) {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
    for (const [name, def] of Object.entries(schema.definitions)) {
      if (!def.required || !name.includes(':') || name.startsWith('pointer:') || out[name]) continue;
      const required = def.required.filter((k) => !(SKIP[name] || []).includes(k));
      const allOf = (def.allOf || []).filter((p) => p.anyOf);
      // Present means present with a value: an empty array or string is not a value.
      const value = { not: { anyOf: [{ type: 'null' }, { type: 'array', maxItems: 0 }, { type: 'string', maxLength: 0 }] } };
      const props = Object.fromEntries([...required, ...allOf.flatMap((p) => p.anyOf.flatMap((a) => a.required))].map((k) => [k, value]));
      out[name] = ajv.compile({ type: 'object', required, ...(allOf.length ? { allOf } : {}), properties: props });
    }
  }
  // The old schema's name for a pathway component; its rules apply to the subclass we emit.
  out['ceterms:CredentialComponent'] = out['ceterms:PathwayComponent'];
  return { ajv, validate: out };
}

/** Every typed node of a document (listed or embedded), checked; returns problem strings. */
export function checkDocument(doc, where, { ajv, validate }) {
  const problems = [];
  const visit = (v, at) => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${at}[${i}]`));
    if (!v || typeof v !== 'object') return;
    const check = typeof v['@type'] === 'string' && validate[v['@type']];
    if (check && !check(v)) problems.push(`${where} ${at} ${v['@type']}: ${ajv.errorsText(check.errors)}`);
    for (const [k, x] of Object.entries(v)) if (k !== '@context') visit(x, `${at}.${k}`);
  };
  visit(doc['@graph'] || doc, '');
  return problems;
}

function jsonldFiles(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.jsonld') && path.basename(f) !== 'catalog.jsonld')
    .map((f) => path.join(dir, f));
}

const skip = !fs.existsSync(BIN) ? `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN)` : undefined;
if (skip && process.env.CI && process.env.CI !== 'false') throw new Error(`${skip}; CI is set, so this cannot be skipped`);

test('every CTDL node of the demo meets the registry schemas\' required lists (ajv)', { skip, timeout: 120000 }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-registry-'));
  try {
    fs.copyFileSync(path.join(REPO, 'site-config.toml'), path.join(root, 'site-config.toml'));
    fs.appendFileSync(path.join(root, 'site-config.toml'), '\n[ctdl]\nid_base = "ctdl/"\n');
    for (const dir of ['content', 'themes', 'static', 'templates']) {
      if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
    }
    const env = { ...process.env };
    delete env.CREDCAT_ISSUER_KEY;
    execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
    const site = path.join(root, 'public');
    execFileSync(BIN, ['build', '--root', root, '--output', site], { env, stdio: 'pipe' });

    const v = validators();
    const files = jsonldFiles(site);
    assert.ok(files.length >= 40, `CTDL documents: ${files.length}`);
    const seen = new Set();
    const problems = [];
    for (const file of files) {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      JSON.stringify(doc, (k, x) => { if (k === '@type' && typeof x === 'string' && v.validate[x]) seen.add(x); return x; });
      problems.push(...checkDocument(doc, path.relative(site, file), v));
    }
    assert.deepEqual(problems, []);
    for (const cls of ['ceasn:CompetencyFramework', 'ceasn:Competency', 'ceterms:Pathway', 'ceterms:CredentialComponent',
      'ceterms:ComponentCondition', 'ceterms:DigitalBadge', 'ceterms:Certificate', 'ceterms:ConditionProfile',
      'ceterms:CostProfile', 'ceterms:RevocationProfile']) {
      assert.ok(seen.has(cls), `no ${cls} was validated`);
    }

    // The check can fail: a framework without creator or author, a credential without a
    // status, a pathway without a language.
    const broken = (rel, edit) => {
      const doc = JSON.parse(fs.readFileSync(path.join(site, rel), 'utf8'));
      edit(doc['@graph'][0]);
      return checkDocument(doc, rel, v);
    };
    const fw = fs.readdirSync(path.join(site, 'frameworks'))[0];
    assert.ok(broken(`frameworks/${fw}/index.jsonld`, (n) => { delete n['ceasn:creator']; }).length > 0);
    assert.ok(broken('credentials/sql-fundamentals/index.jsonld', (n) => { delete n['ceterms:credentialStatusType']; }).length > 0);
    const pw = fs.readdirSync(path.join(site, 'pathways'))[0];
    assert.ok(broken(`pathways/${pw}/index.jsonld`, (n) => { n['ceterms:inLanguage'] = []; }).length > 0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
