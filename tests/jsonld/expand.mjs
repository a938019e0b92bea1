// Expands every .jsonld file under a folder with jsonld.js (an independent JSON-LD processor)
// and fails on any error or any term that expansion drops.
//
//   node tests/jsonld/expand.mjs public/
//
// Offline: the document loader serves only the context files bundled in the repository
// (standards/ctdl/context.jsonld for the two Credential Registry context URLs) and refuses
// every other URL, so a run never touches the network and cannot pass by fetching something.
// "Dropped" means: the number of properties in the compact document differs from the number
// in the expanded one, or a property / @id / @type did not become an absolute IRI.

import { readFile, readdir } from 'node:fs/promises';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonld from 'jsonld';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

const CTDL = await readFile(join(repo, 'standards/ctdl/context.jsonld'), 'utf8');
const BUNDLED = new Map([
  ['https://credreg.net/ctdl/schema/context/json', CTDL],
  ['https://credreg.net/ctdlasn/schema/context/json', CTDL],
]);

async function documentLoader(url) {
  const text = BUNDLED.get(url);
  if (text === undefined) {
    throw new Error(`refusing to load ${url}: only bundled contexts are served (no network)`);
  }
  return { contextUrl: null, documentUrl: url, document: JSON.parse(text) };
}

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.jsonld')) yield path;
  }
}

// Properties of a compact document: non-keyword keys of node objects; an object without
// @type/@id under a property is a language map (a value), not a node.
function compactCount(v, langMap = false) {
  if (Array.isArray(v)) return v.reduce((n, x) => n + compactCount(x), 0);
  if (v === null || typeof v !== 'object' || langMap) return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v)) {
    if (k === '@context') continue;
    if (k.startsWith('@')) { n += compactCount(x); continue; }
    const isLangMap = x !== null && typeof x === 'object' && !Array.isArray(x) && !('@type' in x) && !('@id' in x);
    n += 1 + compactCount(x, isLangMap);
  }
  return n;
}

const absolute = (s) => s.startsWith('_:') || s.startsWith('http://') || s.startsWith('https://');

function expandedCount(v, bad) {
  if (Array.isArray(v)) return v.reduce((n, x) => n + expandedCount(x, bad), 0);
  if (v === null || typeof v !== 'object' || '@value' in v) return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('@')) {
      if (k === '@id' || k === '@type') {
        for (const s of [].concat(x)) if (typeof s === 'string' && !absolute(s)) bad.push(`${k} ${s}`);
      }
      n += expandedCount(x, bad);
    } else {
      n += 1;
      if (!absolute(k)) bad.push(k);
      n += expandedCount(x, bad);
    }
  }
  return n;
}

/// Expands every .jsonld file under `root`; returns the number of files and the failures.
export async function expandFolder(root) {
  let files = 0;
  const failures = [];
  for await (const path of walk(resolve(root))) {
    files += 1;
    try {
      const doc = JSON.parse(await readFile(path, 'utf8'));
      const expanded = await jsonld.expand(doc, { documentLoader, safe: true });
      const bad = [];
      const before = compactCount(doc);
      const after = expandedCount(expanded, bad);
      if (before !== after) bad.push(`${before} properties before expansion, ${after} after`);
      if (bad.length) failures.push(`${path}: dropped or unexpanded: ${bad.slice(0, 10).join('; ')}`);
    } catch (e) {
      failures.push(`${path}: ${e.message}${e.details ? ' ' + JSON.stringify(e.details).slice(0, 300) : ''}`);
    }
  }
  return { files, failures };
}

// Run as a command (not when imported by expand.test.mjs).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2];
  if (!root) {
    console.error('usage: node tests/jsonld/expand.mjs <folder with .jsonld files>');
    process.exit(2);
  }
  const { files, failures } = await expandFolder(root);
  for (const f of failures) console.error(f);
  if (files === 0) {
    console.error(`no .jsonld files under ${root}`);
    process.exit(1);
  }
  console.log(`${files} JSON-LD files expanded, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
}
