// Builds a tiny credcat-like site for the browser tests, using only Node's own crypto and
// zlib. Deliberately independent of verify.js: its own JCS (below), its own base58, its own
// signing, so a bug in the page's code cannot cancel out against the same bug here.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..', '..');
export const THEME = path.join(REPO, 'themes', 'default');

// ── RFC 8785 JCS, written for the tests ──────────────────────────────────────
// JSON.stringify already produces the JCS form of strings (minimal escapes, lowercase
// \u00xx, lone surrogates escaped — which JCS input never has) and of numbers
// (ECMAScript Number::toString). Only the member order needs doing: UTF-16 code units,
// which is what Array.prototype.sort compares without a comparator.
export function canonicalize(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalize(value[k])}`)
      .join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not finite');
  return JSON.stringify(value);
}

// ── base58btc with BigInt ────────────────────────────────────────────────────
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export function base58btc(bytes) {
  let n = BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}
export function unbase58btc(s) {
  let n = 0n;
  for (const c of s) n = n * 58n + BigInt(ALPHABET.indexOf(c));
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const lead = s.match(/^1*/)[0].length;
  return Buffer.concat([Buffer.alloc(lead), n === 0n ? Buffer.alloc(0) : Buffer.from(hex, 'hex')]);
}

const sha256 = (s) => crypto.createHash('sha256').update(s, 'utf8').digest();

export function makeKey() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  return { publicKey, privateKey, raw, multikey: 'z' + base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), raw])) };
}

/** An eddsa-jcs-2022 proof over `doc` (which must not carry a proof), per vc-di-eddsa §3.3. */
export function jcsProof(doc, key, verificationMethod, created = '2025-03-01T12:00:00Z') {
  const options = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created,
    verificationMethod,
    proofPurpose: 'assertionMethod',
  };
  const config = { ...options, '@context': doc['@context'] };
  const hashData = Buffer.concat([sha256(canonicalize(config)), sha256(canonicalize(doc))]);
  const signature = crypto.sign(null, hashData, key.privateKey);
  return { ...options, proofValue: 'z' + base58btc(signature) };
}

/** Stand-in for the Rust side's eddsa-rdfc-2022 proof: the page lists it but cannot check it. */
function dummyRdfcProof(verificationMethod) {
  return {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-rdfc-2022',
    created: '2025-03-01T12:00:00Z',
    verificationMethod,
    proofPurpose: 'assertionMethod',
    proofValue: 'z' + base58btc(crypto.randomBytes(64)),
  };
}

export function signBoth(doc, key, vm) {
  return { ...doc, proof: [dummyRdfcProof(vm), jcsProof(doc, key, vm)] };
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Render the tera partial with a trivial `{{ name }}` substitution (autoescaped, like tera). */
export function renderPartial(vars) {
  const src = fs.readFileSync(path.join(THEME, 'templates', 'partials', 'badge_verify.html'), 'utf8');
  return src.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name) => {
    if (!(name in vars)) throw new Error(`partial uses unknown variable ${name}`);
    return escapeHtml(vars[name]);
  });
}

function badgePage(title, vars) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:52rem;color:#1a202c}</style>
</head>
<body><main><h1>${escapeHtml(title)}</h1>
${renderPartial(vars)}
</main></body></html>
`;
}

export const EMAIL = 'Ada.Learner@Example.org';
export const SALT = 'c2f1b0e4d6a84e0f';
export const HOST = 'badges.example.edu';
export const SUBPATH = 'catalog/';
export const BASE_URL = `https://${HOST}/${SUBPATH}`;
export const SITE_DID = `did:web:${HOST}:catalog`;

const OB_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
];

/** Indices in status/1.json; REVOKED_INDEX is set. */
const REVOKED_INDEX = 5;

/**
 * Write the site into `dir` (served at /catalog/ by the tests). Returns
 * { badges: { name: { path, expect } }, key, otherKey }.
 */
export function buildSite(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  const key = makeKey();
  const otherKey = makeKey();
  const vm = `${SITE_DID}#key-1`;
  const write = (rel, data) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data, null, 2));
  };

  // DID document: at <base>/did.json because the base URL has a path (and at the host's
  // /.well-known/did.json, which the tests do not serve).
  const didDoc = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: SITE_DID,
    verificationMethod: [{ id: vm, type: 'Multikey', controller: SITE_DID, publicKeyMultibase: key.multikey }],
    assertionMethod: [vm],
  };
  write('did.json', didDoc);

  // Status lists: 1.json is good; 2.json was changed after signing (a revoked bit cleared).
  const bits = Buffer.alloc(16384); // 131,072 entries, the spec's minimum
  bits[Math.floor(REVOKED_INDEX / 8)] |= 0x80 >> REVOKED_INDEX % 8;
  const statusList = (n, buf) => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `${BASE_URL}status/${n}.json`,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: SITE_DID,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: {
      id: `${BASE_URL}status/${n}.json#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: 'u' + zlib.gzipSync(buf).toString('base64url'),
    },
  });
  write('status/1.json', signBoth(statusList(1, bits), key, vm));
  const tampered = signBoth(statusList(2, bits), key, vm);
  tampered.credentialSubject.encodedList = 'u' + zlib.gzipSync(Buffer.alloc(16384)).toString('base64url');
  write('status/2.json', tampered);

  const identityHash = 'sha256$' + sha256(EMAIL.trim().toLowerCase() + SALT).toString('hex');
  const credential = (id, opts = {}) => {
    const doc = {
      '@context': OB_CONTEXT,
      id: `${BASE_URL}badges/${id}/credential.json`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'SQL Fundamentals',
      issuer: {
        id: opts.issuer || SITE_DID,
        type: ['Profile'],
        name: 'Northfield College',
        url: BASE_URL,
      },
      validFrom: opts.validFrom || '2025-03-01T00:00:00Z',
      ...(opts.validUntil ? { validUntil: opts.validUntil } : {}),
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash, salt: SALT }],
        achievement: {
          id: `${BASE_URL}credentials/sql-fundamentals/achievement.json`,
          type: ['Achievement'],
          name: 'SQL Fundamentals',
          description: 'Writes correct SELECT queries with joins and aggregates — “naïve” café test ☕.',
          criteria: { narrative: 'Passed the proctored exam (score ≥ 80%).' },
        },
      },
      credentialStatus: {
        id: `${BASE_URL}status/${opts.list || 1}.json#${opts.index ?? 3}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(opts.index ?? 3),
        statusListCredential: `${BASE_URL}status/${opts.list || 1}.json`,
      },
    };
    return doc;
  };

  const badges = {};
  const addBadge = (id, doc, expect, credentialUrl = 'credential.json') => {
    write(`badges/${id}/credential.json`, doc);
    write(
      `badges/${id}/index.html`,
      badgePage(`Badge ${id}`, {
        credential_url: credentialUrl,
        did_url: '../../did.json',
        site_did: SITE_DID,
        base_url: BASE_URL,
        site_root: '../../',
      }),
    );
    badges[id] = { path: `badges/${id}/`, expect, doc };
  };

  const valid = signBoth(credential('valid', { validUntil: '2099-12-31T23:59:59Z' }), key, vm);
  addBadge('valid', valid, 'verified');
  addBadge('no-expiry', signBoth(credential('no-expiry', { index: 4 }), key, vm), 'verified');
  addBadge('revoked', signBoth(credential('revoked', { index: REVOKED_INDEX }), key, vm), 'revoked');
  addBadge('expired', signBoth(credential('expired', { validFrom: '2019-01-01T00:00:00Z', validUntil: '2020-01-01T00:00:00Z', index: 6 }), key, vm), 'expired');
  addBadge('not-yet-valid', signBoth(credential('not-yet-valid', { validFrom: '2099-01-01T00:00:00Z', index: 7 }), key, vm), 'not-yet-valid');

  const altered = structuredClone(signBoth(credential('altered', { index: 8 }), key, vm));
  altered.credentialSubject.achievement.name = 'Advanced SQL';
  addBadge('altered', altered, 'altered');

  const alteredProof = structuredClone(signBoth(credential('altered-proof', { index: 9 }), key, vm));
  alteredProof.proof[1].created = '2025-03-02T12:00:00Z';
  addBadge('altered-proof', alteredProof, 'altered');

  const flipped = structuredClone(signBoth(credential('flipped', { index: 10 }), key, vm));
  const sig = unbase58btc(flipped.proof[1].proofValue.slice(1));
  sig[17] ^= 0x01;
  flipped.proof[1].proofValue = 'z' + base58btc(sig);
  addBadge('flipped', flipped, 'altered');

  // Claims this site's key but was signed with another one.
  addBadge('other-key', signBoth(credential('other-key', { index: 11 }), otherKey, vm), 'altered');

  // A revoked badge that was also altered: altered wins.
  const revokedAltered = structuredClone(signBoth(credential('revoked-altered', { index: REVOKED_INDEX }), key, vm));
  revokedAltered.name = 'SQL Mastery';
  addBadge('revoked-altered', revokedAltered, 'altered');

  // Issued by some other did:web: the page cannot look up its key.
  const foreignDid = 'did:web:elsewhere.example';
  addBadge('foreign-issuer', signBoth(credential('foreign-issuer', { issuer: foreignDid, index: 12 }), otherKey, `${foreignDid}#key-1`), 'cannot-check');

  // Only an RDFC proof: unsupported here.
  const rdfcOnly = signBoth(credential('rdfc-only', { index: 13 }), key, vm);
  rdfcOnly.proof = [rdfcOnly.proof[0]];
  addBadge('rdfc-only', rdfcOnly, 'cannot-check');

  // Status list missing (404) and status list altered after signing.
  addBadge('status-missing', signBoth(credential('status-missing', { list: 9 }), key, vm), 'cannot-check');
  addBadge('status-tampered', signBoth(credential('status-tampered', { list: 2, index: REVOKED_INDEX }), key, vm), 'cannot-check');

  // The page's credential.json cannot be loaded.
  addBadge('missing-credential', valid, 'cannot-check', 'no-such-credential.json');

  // A page with no badge of its own: only the paste checker.
  write(
    'verify/index.html',
    badgePage('Check a badge', { credential_url: '', did_url: '../did.json', site_did: SITE_DID, base_url: BASE_URL, site_root: '../' }),
  );

  // Credentials to paste: issued by a did:key (no status list), and the same altered.
  const didKey = `did:key:${otherKey.multikey}`;
  const byDidKey = credential('did-key', { issuer: didKey });
  delete byDidKey.credentialStatus;
  write('extra/did-key.json', signBoth(byDidKey, otherKey, `${didKey}#${otherKey.multikey}`));
  const byDidKeyAltered = signBoth(byDidKey, otherKey, `${didKey}#${otherKey.multikey}`);
  byDidKeyAltered.validFrom = '2024-03-01T00:00:00Z';
  write('extra/did-key-altered.json', byDidKeyAltered);
  // did:key issuer, but the proof names this site's key: the issuer does not control it.
  write('extra/did-key-mismatch.json', signBoth(byDidKey, key, vm));

  // Theme assets, as `credcat build` copies them.
  for (const rel of ['js/verify.js', 'css/verify.css']) {
    write(rel, fs.readFileSync(path.join(THEME, 'static', rel)));
  }
  return { badges, key, otherKey, valid };
}
