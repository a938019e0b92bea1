// Checks every badges/*/credential.json of a built credcat site, offline, with
// Digital Bazaar's reference implementations (@digitalbazaar/vc + data-integrity with the
// eddsa-rdfc-2022 and eddsa-jcs-2022 cryptosuites), and validates each against the
// official Open Badges 3.0 AchievementCredential JSON schema (standards/schemas/).
//
// Usage: node verify-site.mjs SITE_DIR   (or `node --test`: site.test.mjs builds the demo)
//
// No network: the document loader serves only the JSON-LD contexts bundled in
// standards/contexts/ and the site's own DID document; anything else is refused, so a
// credential that needs a remote document fails here as it would for a careful verifier.
// Each proof suite is checked on its own (a credential passes only if both verify).
// Each badge's status list (a file of the site) is verified the same way and its bit read;
// a revoked badge is reported, not failed. Dates are credcat's own `verify` tests' business:
// here `now` is the credential's validFrom, so an expired demo badge still has its proofs checked.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as rdfc } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';

const jcs = createVerifyCryptosuite();
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
// IRI → bundled file: the same table as src/sign/contexts.rs.
const CONTEXTS = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob-v3p0-extensions.json',
  'https://www.w3.org/ns/credentials/status/v1': 'bitstring-status-list-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'did-v1.jsonld',
  'https://www.w3.org/ns/cid/v1': 'cid-v1.jsonld',
};
const contexts = {};
for (const [iri, file] of Object.entries(CONTEXTS)) {
  contexts[iri] = JSON.parse(fs.readFileSync(path.join(repo, 'standards/contexts', file), 'utf8'));
}

const schema = JSON.parse(
  fs.readFileSync(path.join(repo, 'standards/schemas/ob_v3p0_achievementcredential_schema.json'), 'utf8'),
);
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
// The Achievement on its own: the same schema's definition, for each published achievement.json.
const validateAchievement = ajv.compile({
  $schema: schema.$schema,
  $id: 'urn:credcat:achievement-from-achievementcredential-schema',
  $ref: '#/$defs/Achievement',
  $defs: schema.$defs,
});

/** Key-order-independent deep equality of two JSON values. */
function sameJson(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson(a[k], b[k]));
  }
  return a === b;
}

/**
 * Every credentials/<slug>/achievement.json of the site against the OB 3.0 Achievement
 * schema. Returns [{ file, problems }].
 */
export function checkAchievements(site) {
  const dir = path.join(site, 'credentials');
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).map((d) => path.join(dir, d, 'achievement.json')).filter((f) => fs.existsSync(f)).sort()
    : [];
  if (files.length === 0) throw new Error(`${site}: no credentials/*/achievement.json`);
  return files.map((file) => {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    const problems = validateAchievement(doc)
      ? []
      : ['schema: ' + ajv.errorsText(validateAchievement.errors, { separator: '; ' })];
    return { file: path.relative(site, file), problems };
  });
}

/**
 * The published achievement a badge names (its `credentialSubject.achievement.id`, a file of
 * the site), or a problem. The site's base URL is the badge id less `badges/<id>/credential.json`.
 */
function publishedAchievementProblems(site, credential) {
  const embedded = credential.credentialSubject?.achievement;
  const base = String(credential.id || '').replace(/badges\/[^/]+\/credential\.json$/, '');
  const id = embedded?.id;
  if (typeof id !== 'string' || !id.startsWith(base)) {
    return [`achievement: id ${id} is not a file of this site (${base})`];
  }
  const file = path.join(site, decodeURIComponent(id.slice(base.length)));
  if (!fs.existsSync(file)) return [`achievement: ${id} is not published (no ${path.relative(site, file)})`];
  const published = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete published['@context'];
  return sameJson(published, embedded)
    ? []
    : [`achievement: the badge's achievement differs from the published ${path.relative(site, file)}`];
}

/** Bit `index` of a Bitstring Status List's `encodedList` (`u` + base64url(gzip(bits))). */
function statusBit(encodedList, index) {
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bits = zlib.gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (index >= bits.length * 8) throw new Error(`index ${index} is beyond the list's ${bits.length * 8} entries`);
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/**
 * Checks every badges/<id>/credential.json of the built site `site`, and the status list
 * each one names (a file of the site, verified with the same libraries, from the same
 * issuer, for the same purpose, the index inside it).
 * Returns { results: [{ file, problems: [string], status: { list, index, revoked } }],
 * refused: [url] }. A revoked badge is not a problem here: `status.revoked` says so.
 */
export async function checkSite(site) {
  const didFile = ['.well-known/did.json', 'did.json'].map((f) => path.join(site, f)).find((f) => fs.existsSync(f));
  if (!didFile) throw new Error(`${site}: no .well-known/did.json or did.json — is it a built credcat site with awards?`);
  const didDoc = JSON.parse(fs.readFileSync(didFile, 'utf8'));

  const refused = [];
  async function documentLoader(url) {
    if (contexts[url]) return { contextUrl: null, documentUrl: url, document: contexts[url] };
    const [did, fragment] = url.split('#');
    if (did === didDoc.id) {
      if (!fragment) return { contextUrl: null, documentUrl: url, document: didDoc };
      const method = (didDoc.verificationMethod || []).find((m) => m.id === url);
      if (method) {
        return {
          contextUrl: null,
          documentUrl: url,
          document: { '@context': 'https://w3id.org/security/multikey/v1', ...method },
        };
      }
    }
    refused.push(url);
    throw new Error(`offline document loader: refusing ${url}`);
  }

  const badgesDir = path.join(site, 'badges');
  const files = fs.existsSync(badgesDir)
    ? fs.readdirSync(badgesDir).map((d) => path.join(badgesDir, d, 'credential.json')).filter((f) => fs.existsSync(f)).sort()
    : [];
  if (files.length === 0) throw new Error(`${site}: no badges/*/credential.json`);

  function describe(result) {
    const errs = [];
    const walk = (r) => {
      if (!r) return;
      if (r.error) errs.push(r.error.message || String(r.error));
      for (const p of r.results || []) if (!p.verified) walk(p);
      if (r.error?.errors) for (const e of r.error.errors) errs.push(e.message);
    };
    walk(result);
    return [...new Set(errs)].join('; ') || JSON.stringify(result).slice(0, 500);
  }

  /** Both proofs of `doc`, each suite on its own: a list of problems. */
  async function proofProblems(doc) {
    const problems = [];
    const proofs = Array.isArray(doc.proof) ? doc.proof : [doc.proof];
    for (const [name, cryptosuite] of [['eddsa-rdfc-2022', rdfc], ['eddsa-jcs-2022', jcs]]) {
      if (!proofs.some((p) => p && p.cryptosuite === name)) {
        problems.push(`${name}: no such proof`);
        continue;
      }
      // One suite at a time: a proof of the other suite is then ignored, not failed.
      const only = { ...doc, proof: proofs.filter((p) => p.cryptosuite === name) };
      const result = await vc.verifyCredential({
        credential: only,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader,
        now: new Date(Date.parse(doc.validFrom) + 1000),
        // The status is checked below, by reading the list from the site; the library
        // needs a hook to accept a credentialStatus at all.
        checkStatus: async () => ({ verified: true }),
      });
      if (!result.verified) problems.push(`${name}: ${describe(result)}`);
    }
    return problems;
  }

  // Each status list is verified once: list file → problems.
  const lists = new Map();
  async function statusProblems(credential) {
    const entry = credential.credentialStatus;
    if (!entry || entry.type !== 'BitstringStatusListEntry') return { problems: ['status: no BitstringStatusListEntry'] };
    const base = String(credential.id || '').replace(/badges\/[^/]+\/credential\.json$/, '');
    const url = entry.statusListCredential;
    if (typeof url !== 'string' || !url.startsWith(base)) return { problems: [`status: list ${url} is not a file of this site`] };
    const list = url.slice(base.length);
    const file = path.join(site, list);
    if (!fs.existsSync(file)) return { problems: [`status: ${list} is not published`] };
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!lists.has(list)) {
      const problems = (await proofProblems(doc)).map((p) => `status list ${list}: ${p}`);
      if (!doc.type?.includes('BitstringStatusListCredential')) problems.push(`status list ${list}: not a BitstringStatusListCredential`);
      lists.set(list, problems);
    }
    const problems = [...lists.get(list)];
    const issuer = (c) => (typeof c.issuer === 'string' ? c.issuer : c.issuer?.id);
    if (issuer(doc) !== issuer(credential)) problems.push(`status: ${list} is issued by ${issuer(doc)}, the badge by ${issuer(credential)}`);
    if (doc.credentialSubject?.statusPurpose !== entry.statusPurpose) problems.push(`status: ${list} is for ${doc.credentialSubject?.statusPurpose}`);
    const index = Number(entry.statusListIndex);
    if (!/^[0-9]+$/.test(String(entry.statusListIndex))) problems.push(`status: index ${entry.statusListIndex} is not a number`);
    if (entry.id !== `${url}#${entry.statusListIndex}`) problems.push(`status: entry id ${entry.id} does not name ${url}#${entry.statusListIndex}`);
    let revoked;
    try {
      revoked = statusBit(doc.credentialSubject?.encodedList, index);
    } catch (e) {
      problems.push(`status: ${list}: ${e.message}`);
    }
    return { problems, status: { list, index, revoked } };
  }

  const results = [];
  for (const file of files) {
    const credential = JSON.parse(fs.readFileSync(file, 'utf8'));
    const problems = [];
    if (!validate(credential)) {
      problems.push('schema: ' + ajv.errorsText(validate.errors, { separator: '; ' }));
    }
    problems.push(...publishedAchievementProblems(site, credential));
    problems.push(...(await proofProblems(credential)));
    const { problems: statusIssues, status } = await statusProblems(credential);
    problems.push(...statusIssues);
    results.push({ file: path.relative(site, file), problems, status });
  }
  return { results, refused: [...new Set(refused)] };
}

// As a command: node verify-site.mjs SITE_DIR
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const site = process.argv[2];
  if (!site) {
    console.error('usage: node verify-site.mjs SITE_DIR (a folder built by `credcat build`)');
    process.exit(2);
  }
  const { results, refused } = await checkSite(site);
  for (const r of results) {
    if (r.problems.length) console.log(`FAIL ${r.file}\n  ${r.problems.join('\n  ')}`);
    else console.log(`ok   ${r.file} (eddsa-rdfc-2022 + eddsa-jcs-2022 verified by @digitalbazaar/vc; OB 3.0 schema valid; bit ${r.status.index} of ${r.status.list}${r.status.revoked ? ': REVOKED' : ''})`);
  }
  if (refused.length) console.log(`refused (offline): ${refused.join(', ')}`);
  const achievements = checkAchievements(site);
  for (const r of achievements) if (r.problems.length) console.log(`FAIL ${r.file}\n  ${r.problems.join('\n  ')}`);
  const failed = results.filter((r) => r.problems.length).length;
  const badAchievements = achievements.filter((r) => r.problems.length).length;
  console.log(`${results.length - failed} of ${results.length} credentials passed`);
  console.log(`${achievements.length - badAchievements} of ${achievements.length} achievements passed the OB 3.0 schema`);
  process.exit(failed || badAchievements ? 1 : 0);
}
