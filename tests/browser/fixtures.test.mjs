// Checks the test fixtures' own JCS and signing against RFC 8785 and the W3C vectors, so
// that the browser tests compare the page against something known to be right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalize, jcsProof, base58btc, unbase58btc } from './lib/fixtures.mjs';
import { TEXT_CASES, NUMBER_CASES, BAD_NUMBERS, hexToDouble } from './lib/rfc8785.mjs';

const W3C = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'w3c-eddsa-jcs-2022');
const read = (f) => fs.readFileSync(path.join(W3C, f), 'utf8');

test('fixture JCS matches the RFC 8785 samples', () => {
  for (const [input, expected] of TEXT_CASES) assert.equal(canonicalize(JSON.parse(input)), expected);
  for (const [hex, expected] of NUMBER_CASES) assert.equal(canonicalize(hexToDouble(hex)), expected, hex);
  for (const hex of BAD_NUMBERS) assert.throws(() => canonicalize(hexToDouble(hex)), hex);
});

test('fixture base58btc round-trips, keeping leading zero bytes', () => {
  for (const bytes of [[], [0], [0, 0, 1], [255, 254], [...crypto.randomBytes(64)]]) {
    assert.deepEqual([...unbase58btc(base58btc(Buffer.from(bytes)))], bytes);
  }
  assert.equal(base58btc(Buffer.from('Hello World!')), '2NEpo7TZRRrLZSi2U');
});

test('fixture signer reproduces the W3C eddsa-jcs-2022 vector exactly', () => {
  const signed = JSON.parse(read('signedJCS.json'));
  const { proof, ...unsigned } = signed;
  assert.equal(canonicalize(unsigned), read('canonDocJCS.txt'));
  const { proofValue, ...options } = proof;
  assert.equal(canonicalize(options), read('proofCanonJCS.txt'));
  // privateKeyMultibase = z + base58btc(0x80 0x26 + 32-byte seed)
  const secret = unbase58btc(JSON.parse(read('keyPair.json')).privateKeyMultibase.slice(1));
  assert.deepEqual([...secret.subarray(0, 2)], [0x80, 0x26]);
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret.subarray(2)]),
    format: 'der',
    type: 'pkcs8',
  });
  const mine = jcsProof(unsigned, { privateKey }, proof.verificationMethod, proof.created);
  assert.equal(mine.proofValue, proofValue);
});
