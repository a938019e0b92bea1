/*! credcat badge verification page — verify.js
 *
 * Checks an Open Badges 3.0 credential in the visitor's browser: no server, no
 * dependencies, no build step (plain ES2020). Nothing the visitor types or drops
 * here is sent anywhere: the only network requests are GETs of the badge's own
 * credential.json, the issuer's DID document and the status list.
 *
 * ─── DOM contract ─────────────────────────────────────────────────────────────
 * The page (templates/partials/badge_verify.html) contains
 *
 *   <section id="badge-verify"
 *            data-credential-url="credential.json"       URL of this badge's credential;
 *                                                         empty = no badge on this page
 *                                                         (only the paste/drop checker)
 *            data-did-url="../../.well-known/did.json"   URL of this site's DID document
 *            data-site-did="did:web:example.edu"         this site's DID
 *            data-base-url="https://example.edu/"        the site's public base URL
 *            data-site-root="../../">                    relative path from this page to the site root
 *
 * Relative URLs resolve against the page (document.baseURI). Absolute URLs in
 * credentials that start with data-base-url (status lists) are fetched through
 * data-site-root instead, so a copy of the site served from another origin
 * (a preview, 127.0.0.1 in tests) checks itself rather than the live site.
 *
 * Results for the badge of the page:
 *   #verdict           data-verdict = "checking" while working, then exactly one of
 *                      verified | revoked | expired | not-yet-valid | altered | cannot-check
 *                      (role=status, aria-live=polite); .verdict-title / .verdict-detail text.
 *                      Hidden when data-credential-url is empty.
 *   #verify-checks     <ul>; one <li data-check="signature|issuer-key|status|dates"
 *                      data-state="pass|fail|unknown|info"> per check, with ✓ ✗ ? or i text
 *   #email-check       form: #email-check-input; result in #email-check-result
 *                      with data-match = "true" | "false" | "error"
 * Results for a pasted / dropped / chosen file (<details id="paste-verify">, closed
 * on a badge page, opened by the script on a page without a badge):
 *   #paste-input (textarea), #paste-file (file input), #paste-drop (drop zone),
 *   #paste-verify-button; #paste-verdict and #paste-checks as above (data-verdict is
 *   "" before the first check); #paste-email-check, #paste-email-input,
 *   #paste-email-result as above.
 * window.CredcatVerify exposes { jcs, verifyCredential, emailMatches } for tests.
 *
 * ─── What is checked, in this order ───────────────────────────────────────────
 *  1. signature  every eddsa-jcs-2022 DataIntegrityProof (W3C vc-di-eddsa §3.3) must
 *                verify: proofConfig = proof − proofValue, with proofConfig.@context =
 *                document.@context (if the proof carries an @context, the document's
 *                must start with it and is replaced by it, §3.3.2 step 4); hashData = SHA-256(JCS(proofConfig)) ‖
 *                SHA-256(JCS(document − proof)); Ed25519 over hashData (Web Crypto, or
 *                the plain-JS RFC 8032 code below where the browser has no Ed25519;
 *                SHA-256 needs a secure context: https, localhost). A proof that
 *                does not verify → "altered", whatever else is found.
 *                eddsa-rdfc-2022 proofs need JSON-LD processing and are listed as not
 *                checked here; a credential with no jcs proof → "cannot-check".
 *  2. issuer key the proof's verificationMethod must belong to the issuer: this site's
 *                did:web (resolved with data-did-url, Multikey or Ed25519 JWK, listed
 *                under assertionMethod) or a did:key (decoded locally). A badge page's
 *                own credential must be issued by data-site-did.
 *  3. status     BitstringStatusListEntry (revocation): the status list credential is
 *                fetched, its own eddsa-jcs-2022 proof verified (same issuer), its
 *                gzip+base64url encodedList decoded; bit i = bit (7 − i mod 8) of byte
 *                ⌊i/8⌋. A set bit → "revoked".
 *  4. dates      validUntil in the past → "expired"; validFrom in the future →
 *                "not-yet-valid".
 *  Email check: SHA-256(lowercased, trimmed address + salt) is compared in the browser
 *  with credentialSubject.identifier[].identityHash ("sha256$<hex>"); the address is
 *  never sent or stored, and an altered badge is not compared at all.
 *  A status list that cannot be read or checked gives "cannot-check" unless the
 *  dates already say expired / not yet valid.
 */
(function () {
  'use strict';

  var TEXT = {
    checking: 'Checking this badge…',
    verified: 'Verified',
    revoked: 'Revoked',
    expired: 'Expired',
    'not-yet-valid': 'Not yet valid',
    altered: 'Altered',
    'cannot-check': 'Cannot check',
  };
  var ICON = {
    checking: '…', verified: '✓', revoked: '✗', expired: '!', 'not-yet-valid': '!',
    altered: '✗', 'cannot-check': '?',
  };
  var CHECK_ICON = { pass: '✓', fail: '✗', unknown: '?', info: 'i' };
  var CHECK_SR = { pass: 'Passed: ', fail: 'Failed: ', unknown: 'Not checked: ', info: 'Note: ' };
  var CHECK_LABEL = {
    signature: 'Signature', 'issuer-key': 'Issuer key', status: 'Revocation status',
    dates: 'Validity dates',
  };
  var FETCH_TIMEOUT_MS = 15000;
  var MAX_PASTE_BYTES = 2 * 1024 * 1024;

  /** An error whose message is shown to the visitor as the reason a check could not be done. */
  function CannotCheck(message) {
    this.name = 'CannotCheck';
    this.message = message;
  }
  CannotCheck.prototype = Object.create(Error.prototype);

  // ─── bytes and encodings ──────────────────────────────────────────────────

  var B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  var B58_MAP = {};
  for (var bi = 0; bi < B58.length; bi++) B58_MAP[B58.charAt(bi)] = bi;

  function base58btcDecode(s) {
    var bytes = []; // little-endian digits base 256
    for (var i = 0; i < s.length; i++) {
      var carry = B58_MAP[s.charAt(i)];
      if (carry === undefined) throw new Error('invalid base58 character');
      for (var j = 0; j < bytes.length; j++) {
        carry += bytes[j] * 58;
        bytes[j] = carry & 0xff;
        carry >>= 8;
      }
      while (carry > 0) {
        bytes.push(carry & 0xff);
        carry >>= 8;
      }
    }
    var lead = 0;
    while (lead < s.length && s.charAt(lead) === '1') lead++;
    var out = new Uint8Array(lead + bytes.length);
    out.set(bytes.reverse(), lead);
    return out;
  }

  function base64urlDecode(s) {
    if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('invalid base64url');
    var b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /** Multibase: 'z' = base58btc, 'u' = base64url without padding. */
  function multibaseDecode(s) {
    if (typeof s !== 'string' || s.length < 2) throw new Error('not a multibase string');
    if (s.charAt(0) === 'z') return base58btcDecode(s.slice(1));
    if (s.charAt(0) === 'u') return base64urlDecode(s.slice(1));
    throw new Error('unsupported multibase prefix "' + s.charAt(0) + '"');
  }

  function toHex(bytes) {
    var h = '';
    for (var i = 0; i < bytes.length; i++) h += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return h;
  }

  function utf8(s) {
    return new TextEncoder().encode(s);
  }

  function concatBytes(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  // ─── JCS, RFC 8785 ────────────────────────────────────────────────────────

  function compareUtf16(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var d = a.charCodeAt(i) - b.charCodeAt(i);
      if (d !== 0) return d;
    }
    return a.length - b.length;
  }

  var SHORT_ESCAPES = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

  function jcsString(s) {
    var out = '"';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (SHORT_ESCAPES[c] !== undefined) {
        out += SHORT_ESCAPES[c];
      } else if (c < 0x20) {
        out += '\\u00' + (c < 16 ? '0' : '') + c.toString(16);
      } else if (c >= 0xd800 && c <= 0xdbff) {
        var d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (d < 0xdc00 || d > 0xdfff) throw new Error('JCS: lone surrogate in string');
        out += s.charAt(i) + s.charAt(i + 1);
        i++;
      } else if (c >= 0xdc00 && c <= 0xdfff) {
        throw new Error('JCS: lone surrogate in string');
      } else {
        out += s.charAt(i);
      }
    }
    return out + '"';
  }

  /** The RFC 8785 canonical form of a JSON value (as returned by JSON.parse). */
  function jcs(v) {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!isFinite(v)) throw new Error('JCS: number is not finite');
        // ECMAScript Number::toString is the serialization RFC 8785 prescribes (-0 → "0").
        return v === 0 ? '0' : String(v);
      case 'string':
        return jcsString(v);
      case 'object': {
        if (Array.isArray(v)) {
          var parts = [];
          for (var i = 0; i < v.length; i++) parts.push(jcs(v[i]));
          return '[' + parts.join(',') + ']';
        }
        var keys = Object.keys(v).filter(function (k) { return v[k] !== undefined; }).sort(compareUtf16);
        var members = [];
        for (var j = 0; j < keys.length; j++) members.push(jcsString(keys[j]) + ':' + jcs(v[keys[j]]));
        return '{' + members.join(',') + '}';
      }
      default:
        throw new Error('JCS: not a JSON value');
    }
  }

  // ─── crypto ───────────────────────────────────────────────────────────────

  function subtle() {
    if (!window.crypto || !window.crypto.subtle) {
      throw new CannotCheck('this browser offers no Web Crypto here (the page must be served over HTTPS)');
    }
    return window.crypto.subtle;
  }

  async function sha256(bytes) {
    return new Uint8Array(await subtle().digest('SHA-256', bytes));
  }

  // Ed25519 (RFC 8032) verification in plain JS, for browsers whose Web Crypto has no
  // Ed25519 (Chrome < 137, Safari < 17, Firefox < 129). Verification only: no secret is
  // involved, so constant time does not matter. Strict: S < L, canonical point encodings.
  var ED = (function () {
    var P = (1n << 255n) - 19n;
    var L = (1n << 252n) + 27742317777372353535851937790883648493n;
    function mod(a) { var r = a % P; return r < 0n ? r + P : r; }
    function pow(b, e) {
      var r = 1n;
      b = mod(b);
      while (e > 0n) {
        if (e & 1n) r = (r * b) % P;
        b = (b * b) % P;
        e >>= 1n;
      }
      return r;
    }
    function inv(a) { return pow(a, P - 2n); }
    var D = mod(-121665n * inv(121666n));
    var SQRT_M1 = pow(2n, (P - 1n) / 4n);
    function add(p, q) {
      var a = mod((p[1] - p[0]) * (q[1] - q[0]));
      var b = mod((p[1] + p[0]) * (q[1] + q[0]));
      var c = mod(2n * p[3] * q[3] * D);
      var d = mod(2n * p[2] * q[2]);
      var e = b - a, f = d - c, g = d + c, h = b + a;
      return [mod(e * f), mod(g * h), mod(f * g), mod(e * h)];
    }
    function mul(s, p) {
      var q = [0n, 1n, 1n, 0n];
      while (s > 0n) {
        if (s & 1n) q = add(q, p);
        p = add(p, p);
        s >>= 1n;
      }
      return q;
    }
    function leInt(bytes) {
      var n = 0n;
      for (var i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
      return n;
    }
    function recoverX(y, sign) {
      if (y >= P) return null;
      var x2 = mod((y * y - 1n) * inv(D * y * y + 1n));
      if (x2 === 0n) return sign ? null : 0n;
      var x = pow(x2, (P + 3n) / 8n);
      if (mod(x * x - x2) !== 0n) x = mod(x * SQRT_M1);
      if (mod(x * x - x2) !== 0n) return null;
      if (Number(x & 1n) !== sign) x = P - x;
      return x;
    }
    function decompress(bytes) {
      var y = leInt(bytes);
      var sign = Number(y >> 255n);
      y &= (1n << 255n) - 1n;
      var x = recoverX(y, sign);
      return x === null ? null : [x, y, 1n, mod(x * y)];
    }
    function equal(p, q) {
      return mod(p[0] * q[2] - q[0] * p[2]) === 0n && mod(p[1] * q[2] - q[1] * p[2]) === 0n;
    }
    var GY = mod(4n * inv(5n));
    var G = [recoverX(GY, 0), GY, 1n, mod(recoverX(GY, 0) * GY)];
    return async function verify(publicKey, signature, data) {
      if (publicKey.length !== 32 || signature.length !== 64) return false;
      var A = decompress(publicKey);
      if (!A) throw new CannotCheck('the issuer key is not a valid Ed25519 public key');
      var R = decompress(signature.subarray(0, 32));
      if (!R) return false;
      var s = leInt(signature.subarray(32));
      if (s >= L) return false;
      var buf = new Uint8Array(64 + data.length);
      buf.set(signature.subarray(0, 32), 0);
      buf.set(publicKey, 32);
      buf.set(data, 64);
      var h = leInt(new Uint8Array(await subtle().digest('SHA-512', buf))) % L;
      return equal(mul(s, G), add(R, mul(h, A)));
    };
  })();

  var nativeEd25519 = null; // null = not tried yet; false = this browser has none

  async function ed25519Verify(publicKey, signature, data) {
    if (nativeEd25519 !== false) {
      var key = null;
      try {
        key = await subtle().importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
        nativeEd25519 = true;
      } catch (e) {
        if (e instanceof CannotCheck) throw e;
        if (e && e.name === 'NotSupportedError') nativeEd25519 = false;
        else throw new CannotCheck('the issuer key is not a valid Ed25519 public key');
      }
      if (key) {
        try {
          return await subtle().verify({ name: 'Ed25519' }, key, signature, data);
        } catch (e) {
          if (!(e && e.name === 'NotSupportedError')) return false;
          nativeEd25519 = false;
        }
      }
    }
    return ED(publicKey, signature, data);
  }

  // ─── context: URLs and fetching ───────────────────────────────────────────

  function makeContext(section, mode) {
    var d = section ? section.dataset : {};
    var base = d.baseUrl || '';
    if (base && base.charAt(base.length - 1) !== '/') base += '/';
    return {
      mode: mode, // 'page' (the badge of this page) or 'paste'
      siteDid: d.siteDid || '',
      didUrl: d.didUrl || '',
      baseUrl: base,
      siteRoot: d.siteRoot || '',
      didDocPromise: null,
    };
  }

  /** Map an absolute URL under the site's base URL to the same file relative to this page. */
  function localUrl(url, ctx) {
    var abs = new URL(url, document.baseURI).href;
    if (ctx.baseUrl && abs.indexOf(ctx.baseUrl) === 0) {
      var root = ctx.siteRoot || './'; // empty: the page is at the site root
      if (root.charAt(root.length - 1) !== '/') root += '/';
      return new URL(root + abs.slice(ctx.baseUrl.length), document.baseURI).href;
    }
    return abs;
  }

  async function fetchJson(url, what) {
    var ctl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctl ? setTimeout(function () { ctl.abort(); }, FETCH_TIMEOUT_MS) : 0;
    var res;
    try {
      res = await fetch(url, {
        cache: 'no-cache', credentials: 'omit', redirect: 'follow',
        headers: { Accept: 'application/json, application/ld+json' },
        signal: ctl ? ctl.signal : undefined,
      });
    } catch (e) {
      throw new CannotCheck('network error: could not load the ' + what + ' (' + url + ')');
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (!res.ok) throw new CannotCheck('could not load the ' + what + ': HTTP ' + res.status + ' (' + url + ')');
    var text = await res.text();
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new CannotCheck('the ' + what + ' is not valid JSON (' + url + ')');
    }
  }

  // ─── keys: did:web of this site, did:key ──────────────────────────────────

  function ed25519FromMultikey(mb) {
    var bytes;
    try {
      bytes = multibaseDecode(mb);
    } catch (e) {
      throw new CannotCheck('the issuer key is not valid multibase');
    }
    if (mb.charAt(0) !== 'z' || bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
      throw new CannotCheck('the issuer key is not an Ed25519 Multikey');
    }
    return bytes.slice(2);
  }

  function didOf(url) {
    var i = url.indexOf('#');
    return i < 0 ? url : url.slice(0, i);
  }

  function didKeyPublicKey(vm) {
    var did = didOf(vm);
    var mb = did.slice('did:key:'.length);
    var frag = vm.indexOf('#') >= 0 ? vm.slice(vm.indexOf('#') + 1) : mb;
    if (frag !== mb) throw new CannotCheck('the did:key verification method ' + vm + ' names another key');
    return ed25519FromMultikey(mb);
  }

  function sameVm(a, b, did) {
    function full(x) { return typeof x === 'string' && x.charAt(0) === '#' ? did + x : x; }
    return full(a) === full(b);
  }

  async function siteDidPublicKey(vm, ctx) {
    if (!ctx.didUrl) throw new CannotCheck('this page does not say where the site\'s DID document is');
    if (!ctx.didDocPromise) ctx.didDocPromise = fetchJson(new URL(ctx.didUrl, document.baseURI).href, 'issuer\'s DID document');
    var doc = await ctx.didDocPromise;
    if (!doc || typeof doc !== 'object') throw new CannotCheck('the issuer\'s DID document is not a JSON object');
    if (doc.id !== undefined && doc.id !== ctx.siteDid) {
      throw new CannotCheck('the DID document is for ' + doc.id + ', not ' + ctx.siteDid);
    }
    var methods = Array.isArray(doc.verificationMethod) ? doc.verificationMethod : [];
    var m = methods.find(function (x) { return x && sameVm(x.id, vm, ctx.siteDid); });
    if (!m) throw new CannotCheck('the issuer\'s DID document has no key ' + vm);
    var am = Array.isArray(doc.assertionMethod) ? doc.assertionMethod : [];
    var listed = am.some(function (x) {
      return sameVm(typeof x === 'string' ? x : x && x.id, vm, ctx.siteDid);
    });
    if (!listed) throw new CannotCheck('the key ' + vm + ' is not listed for issuing (assertionMethod) in the DID document');
    if (m.publicKeyMultibase) return ed25519FromMultikey(m.publicKeyMultibase);
    var jwk = m.publicKeyJwk;
    if (jwk && jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') {
      var raw = base64urlDecode(jwk.x);
      if (raw.length === 32) return raw;
    }
    throw new CannotCheck('the issuer key ' + vm + ' is not an Ed25519 key');
  }

  function issuerIdOf(doc) {
    var iss = doc.issuer;
    if (typeof iss === 'string') return iss;
    if (iss && typeof iss === 'object' && typeof iss.id === 'string') return iss.id;
    return '';
  }

  function issuerNameOf(doc) {
    var iss = doc.issuer;
    if (iss && typeof iss === 'object' && typeof iss.name === 'string') return iss.name;
    return '';
  }

  /**
   * Which key may sign for `doc`: returns { publicKey, keyDid, note } or throws CannotCheck.
   * `expectIssuer` (optional) = the DID that must be the issuer (status lists: the badge's).
   */
  async function resolveSigningKey(doc, vm, ctx, expectIssuer) {
    if (typeof vm !== 'string' || !vm) throw new CannotCheck('the proof names no verification method');
    var issuer = issuerIdOf(doc);
    var keyDid = didOf(vm);
    if (!issuer) throw new CannotCheck('the credential names no issuer');
    if (expectIssuer && issuer !== expectIssuer) {
      throw new CannotCheck('it was issued by ' + issuer + ', not ' + expectIssuer);
    }
    if (ctx.mode === 'page' && issuer !== ctx.siteDid) {
      throw new CannotCheck('it names ' + issuer + ' as its issuer, not this site (' + ctx.siteDid + ')');
    }
    var note = '';
    if (issuer.indexOf('did:') === 0) {
      if (issuer !== ctx.siteDid && issuer.indexOf('did:key:') !== 0) {
        throw new CannotCheck('the issuer ' + issuer + ' is neither this site (' + (ctx.siteDid || 'no DID') +
          ') nor a did:key, so this page cannot look up its key');
      }
      if (keyDid !== issuer) {
        throw new CannotCheck('the proof was made with a key of ' + keyDid + ', but the issuer is ' + issuer);
      }
    } else {
      note = 'the issuer is named ' + issuer + ', which is not a DID, so only the signing key can be checked';
    }
    var publicKey;
    if (keyDid.indexOf('did:key:') === 0) {
      publicKey = didKeyPublicKey(vm);
      note = note || 'a did:key: the key is contained in its name';
    } else if (ctx.siteDid && keyDid === ctx.siteDid) {
      publicKey = await siteDidPublicKey(vm, ctx);
    } else {
      throw new CannotCheck('the signing key ' + vm + ' belongs neither to this site (' + (ctx.siteDid || 'no DID') +
        ') nor to a did:key');
    }
    return { publicKey: publicKey, keyDid: keyDid, vm: vm, note: note };
  }

  // ─── Data Integrity proofs ────────────────────────────────────────────────

  function proofsOf(doc) {
    if (doc.proof === undefined || doc.proof === null) return [];
    return Array.isArray(doc.proof) ? doc.proof : [doc.proof];
  }

  function withoutKey(obj, key) {
    var out = {};
    Object.keys(obj).forEach(function (k) {
      if (k !== key) Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
    });
    return out;
  }

  function setKey(obj, key, value) {
    Object.defineProperty(obj, key, { value: value, enumerable: true, writable: true, configurable: true });
  }

  function contextStartsWith(docCtx, proofCtx) {
    var a = Array.isArray(docCtx) ? docCtx : [docCtx];
    var b = Array.isArray(proofCtx) ? proofCtx : [proofCtx];
    if (b.length > a.length) return false;
    for (var i = 0; i < b.length; i++) if (jcs(a[i]) !== jcs(b[i])) return false;
    return true;
  }

  /**
   * eddsa-jcs-2022 Verify Proof (vc-di-eddsa §3.3.2) for one proof of a proof set: the
   * unsecured document is `doc` without its whole `proof` property.
   * Returns true / false; throws CannotCheck when the key cannot be had.
   */
  async function verifyJcsProof(doc, proof, publicKey) {
    if (typeof proof.proofValue !== 'string' || proof.proofValue.charAt(0) !== 'z') return false;
    var signature;
    try {
      signature = multibaseDecode(proof.proofValue);
    } catch (e) {
      return false;
    }
    if (signature.length !== 64) return false;
    var unsecured = withoutKey(doc, 'proof');
    var options = withoutKey(proof, 'proofValue');
    if (options['@context'] !== undefined) {
      if (!contextStartsWith(doc['@context'], options['@context'])) return false;
      setKey(unsecured, '@context', options['@context']);
    }
    // Proof Configuration (§3.3.5): proofConfig.@context = unsecuredDocument.@context.
    var config = withoutKey(options, '@context');
    if (unsecured['@context'] !== undefined) setKey(config, '@context', unsecured['@context']);
    var canonConfig, canonDoc;
    try {
      canonConfig = jcs(config);
      canonDoc = jcs(unsecured);
    } catch (e) {
      return false;
    }
    var hashData = concatBytes(await sha256(utf8(canonConfig)), await sha256(utf8(canonDoc)));
    return ed25519Verify(publicKey, signature, hashData);
  }

  /**
   * Check every proof of `doc`. Result: { state: 'pass'|'fail'|'unknown', text, key }
   * where key = the resolved key of the checked proof (for the issuer-key line).
   */
  async function checkProofs(doc, ctx, expectIssuer) {
    var proofs = proofsOf(doc);
    if (!proofs.length) return { state: 'unknown', text: 'it carries no proof (signature)' };
    var jcsProofs = [];
    var others = [];
    proofs.forEach(function (p) {
      if (p && p.type === 'DataIntegrityProof' && p.cryptosuite === 'eddsa-jcs-2022') jcsProofs.push(p);
      else others.push(p && (p.cryptosuite || p.type) || 'unknown');
    });
    if (!jcsProofs.length) {
      return {
        state: 'unknown',
        text: 'unsupported cryptosuite: ' + others.join(', ') + ' (this page checks eddsa-jcs-2022 proofs)',
      };
    }
    var key = null;
    for (var i = 0; i < jcsProofs.length; i++) {
      var p = jcsProofs[i];
      if (p.proofPurpose !== 'assertionMethod') {
        return { state: 'unknown', text: 'the proof purpose is ' + p.proofPurpose + ', not assertionMethod' };
      }
      var k;
      try {
        k = await resolveSigningKey(doc, p.verificationMethod, ctx, expectIssuer);
      } catch (e) {
        if (e instanceof CannotCheck) return { state: 'unknown', text: e.message, keyError: true };
        throw e;
      }
      key = k;
      if (!(await verifyJcsProof(doc, p, k.publicKey))) {
        return {
          state: 'fail', key: key,
          text: 'the eddsa-jcs-2022 signature does not match: the document or its proof was changed after signing',
        };
      }
    }
    var extra = others.length
      ? ' (also carries ' + others.join(', ') + ', which needs JSON-LD processing and is not checked here)'
      : '';
    var how = nativeEd25519 === false ? ' (checked with this page\'s own Ed25519 code: this browser has none)' : '';
    return { state: 'pass', key: key, text: 'valid eddsa-jcs-2022 signature' + how + extra };
  }

  // ─── status list ──────────────────────────────────────────────────────────

  async function gunzip(bytes) {
    if (typeof DecompressionStream !== 'function') throw new CannotCheck('this browser cannot decompress the status list');
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  function parseDate(s) {
    if (typeof s !== 'string' ||
        !/^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i.test(s)) return null;
    var t = Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(s) ? s : s + 'Z');
    return isNaN(t) ? null : new Date(t);
  }

  /** Returns { state: 'pass'|'fail'|'unknown'|'info', text, revoked? }. */
  async function checkStatus(doc, ctx, issuer) {
    var raw = doc.credentialStatus;
    if (raw === undefined || raw === null) {
      return { state: 'info', text: 'the credential has no status list, so it cannot be revoked' };
    }
    var entries = Array.isArray(raw) ? raw : [raw];
    var checked = 0;
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i] || {};
      if (e.type !== 'BitstringStatusListEntry') {
        return { state: 'unknown', text: 'unsupported status type ' + (e.type || '(none)') };
      }
      if (e.statusPurpose !== 'revocation' && e.statusPurpose !== 'suspension') continue;
      var index = typeof e.statusListIndex === 'number' ? String(e.statusListIndex) : e.statusListIndex;
      if (typeof index !== 'string' || !/^(0|[1-9]\d{0,15})$/.test(index)) {
        return { state: 'unknown', text: 'the status list index is not a number' };
      }
      if (typeof e.statusListCredential !== 'string') {
        return { state: 'unknown', text: 'status list unavailable: the credential names none' };
      }
      var list;
      var url = localUrl(e.statusListCredential, ctx);
      try {
        list = await fetchJson(url, 'status list');
      } catch (err) {
        if (err instanceof CannotCheck) return { state: 'unknown', text: 'status list unavailable: ' + err.message };
        throw err;
      }
      if (!list || typeof list !== 'object' || !Array.isArray(list.type) ||
          list.type.indexOf('BitstringStatusListCredential') < 0) {
        return { state: 'unknown', text: 'status list unavailable: ' + url + ' is not a BitstringStatusListCredential' };
      }
      var proof = await checkProofs(list, withoutKey(ctx, 'mode'), issuer);
      if (proof.state !== 'pass') {
        return {
          state: 'unknown',
          text: 'the status list cannot be trusted: ' + (proof.state === 'fail' ? 'its signature does not match' : proof.text),
        };
      }
      var until = list.validUntil !== undefined ? parseDate(list.validUntil) : null;
      if (until && until.getTime() < Date.now()) {
        return { state: 'unknown', text: 'the status list expired on ' + until.toISOString() };
      }
      var subject = list.credentialSubject || {};
      if (subject.statusPurpose !== e.statusPurpose) {
        return { state: 'unknown', text: 'the status list is for "' + subject.statusPurpose + '", not "' + e.statusPurpose + '"' };
      }
      var bits;
      try {
        bits = await gunzip(multibaseDecode(subject.encodedList));
      } catch (err) {
        return { state: 'unknown', text: 'the status list cannot be decoded' };
      }
      var n = Number(index);
      if (n >= bits.length * 8) return { state: 'unknown', text: 'the status list index is out of range' };
      var set = (bits[Math.floor(n / 8)] >> (7 - (n % 8))) & 1;
      if (set) {
        return {
          state: 'fail', revoked: true,
          text: e.statusPurpose === 'suspension' ? 'suspended by the issuer' : 'revoked by the issuer',
        };
      }
      checked++;
    }
    if (!checked) return { state: 'info', text: 'no revocation entry' };
    return { state: 'pass', text: 'not revoked (signed status list checked)' };
  }

  // ─── dates ────────────────────────────────────────────────────────────────

  function fmtDate(d) {
    try {
      return d.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    } catch (e) {
      return d.toISOString().slice(0, 10);
    }
  }

  function checkDates(doc) {
    var now = Date.now();
    var from = doc.validFrom !== undefined ? parseDate(doc.validFrom) : null;
    var until = doc.validUntil !== undefined ? parseDate(doc.validUntil) : null;
    if (doc.validFrom !== undefined && !from) return { state: 'unknown', text: 'validFrom is not a date-time' };
    if (doc.validUntil !== undefined && !until) return { state: 'unknown', text: 'validUntil is not a date-time' };
    if (until && until.getTime() < now) {
      return { state: 'fail', expired: true, date: until, text: 'expired on ' + fmtDate(until) };
    }
    if (from && from.getTime() > now) {
      return { state: 'fail', notYet: true, date: from, text: 'valid only from ' + fmtDate(from) };
    }
    var t = (from ? 'valid from ' + fmtDate(from) : 'no start date') +
      (until ? ' until ' + fmtDate(until) : ', no expiry date');
    return { state: 'pass', text: t };
  }

  // ─── the whole check ──────────────────────────────────────────────────────

  function cannot(reason, checks) {
    return { verdict: 'cannot-check', detail: 'Cannot check this badge: ' + reason + '.', checks: checks || [] };
  }

  /**
   * Verify a parsed credential. ctx: see makeContext. Returns
   * { verdict, detail, checks: [{ id, state, text }] }.
   */
  async function verifyCredential(doc, ctx) {
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return cannot('this is not a credential (not a JSON object)');
    if (doc['@context'] === undefined || !Array.isArray(doc.type) && typeof doc.type !== 'string') {
      return cannot('this is not a verifiable credential (no @context or type)');
    }
    var checks = [];
    var sig = await checkProofs(doc, ctx);
    checks.push({ id: 'signature', state: sig.state, text: sig.text });
    var keyLine;
    if (sig.key) {
      keyLine = { id: 'issuer-key', state: 'pass', text: sig.key.vm + (sig.key.note ? ' (' + sig.key.note + ')' : '') };
    } else if (sig.keyError) {
      keyLine = { id: 'issuer-key', state: 'unknown', text: sig.text };
      checks[0] = { id: 'signature', state: 'unknown', text: 'not checked: the issuer key is unknown' };
    } else {
      keyLine = { id: 'issuer-key', state: 'unknown', text: 'not checked' };
    }
    checks.push(keyLine);
    var dates = checkDates(doc);

    if (sig.state === 'fail') {
      checks.push({ id: 'status', state: 'unknown', text: 'not checked: the signature does not match' });
      checks.push({ id: 'dates', state: dates.state === 'pass' ? 'info' : dates.state, text: dates.text + ' (as written, but altered)' });
      return {
        verdict: 'altered',
        detail: 'The signature does not match: this badge or its proof was changed after it was issued. Do not rely on it.',
        checks: checks,
      };
    }
    if (sig.state !== 'pass') {
      checks.push({ id: 'status', state: 'unknown', text: 'not checked' });
      checks.push({ id: 'dates', state: dates.state === 'pass' ? 'info' : dates.state, text: dates.text });
      return cannot(sig.text, checks);
    }

    var status = await checkStatus(doc, ctx, issuerIdOf(doc));
    checks.push({ id: 'status', state: status.state, text: status.text });
    checks.push({ id: 'dates', state: dates.state, text: dates.text });
    var who = issuerNameOf(doc);
    var issuer = issuerIdOf(doc);
    var bySite = sig.key.keyDid === ctx.siteDid && issuer === ctx.siteDid;
    // This site's own badges name their issuer in plain words; others show the DID too.
    var by = who && bySite ? who : (who ? who + ' (' + issuer + ')' : issuer);
    if (status.revoked) {
      return { verdict: 'revoked', detail: 'The issuer, ' + by + ', has ' + status.text.replace(' by the issuer', '') + ' this badge. It is no longer valid.', checks: checks };
    }
    if (dates.expired) {
      return { verdict: 'expired', detail: 'This badge was issued by ' + by + ' but expired on ' + fmtDate(dates.date) + '.', checks: checks };
    }
    if (dates.notYet) {
      return { verdict: 'not-yet-valid', detail: 'This badge was issued by ' + by + ' but is valid only from ' + fmtDate(dates.date) + '.', checks: checks };
    }
    if (status.state === 'unknown') return cannot(status.text, checks);
    if (dates.state === 'unknown') return cannot(dates.text, checks);
    var state = 'not revoked and within its validity dates.';
    var detail;
    if (bySite) {
      var until = doc.validUntil !== undefined ? parseDate(doc.validUntil) : null;
      detail = 'Issued by ' + by + ' and unchanged since: the signature matches, it has not been revoked, and it ' +
        (until ? 'is valid until ' + fmtDate(until) : 'does not expire') + '.';
    } else if (sig.key.keyDid === issuer) {
      detail = 'Unchanged since it was signed by ' + by + ', ' + state +
        ' That issuer is a did:key, which anyone can create: it is not this site, so make sure you trust that key.';
    } else {
      detail = 'Unchanged since it was signed, ' + state + ' But it was signed by ' + sig.key.keyDid +
        ', which cannot be linked to the issuer it names (' + by + ')' +
        (sig.key.keyDid === ctx.siteDid ? '; the key is this site\'s.' : ', and not by this site.');
    }
    return { verdict: 'verified', detail: detail, checks: checks };
  }

  // ─── email check ──────────────────────────────────────────────────────────

  /** Does `email` hash to one of the credential's hashed email identifiers? true / false / null (none). */
  async function emailMatches(doc, email) {
    var subject = doc && doc.credentialSubject;
    var subjects = Array.isArray(subject) ? subject : [subject];
    var normalized = String(email).trim().toLowerCase();
    var found = false;
    for (var s = 0; s < subjects.length; s++) {
      var ids = subjects[s] && subjects[s].identifier;
      ids = Array.isArray(ids) ? ids : ids ? [ids] : [];
      for (var i = 0; i < ids.length; i++) {
        var id = ids[i];
        if (!id || id.identityType !== 'emailAddress' || typeof id.identityHash !== 'string') continue;
        found = true;
        if (id.hashed === false) {
          if (id.identityHash.trim().toLowerCase() === normalized) return true;
          continue;
        }
        var m = /^(?:sha256\$)?([0-9a-fA-F]{64})$/.exec(id.identityHash);
        if (!m) continue;
        var salt = typeof id.salt === 'string' ? id.salt : '';
        var h = toHex(await sha256(utf8(normalized + salt)));
        if (h === m[1].toLowerCase()) return true;
      }
    }
    return found ? false : null;
  }

  function bindEmailCheck(form, input, output, state) {
    if (!form || !input || !output) return;
    form.hidden = false;
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      var email = input.value;
      output.removeAttribute('data-match');
      if (!email.trim()) {
        output.textContent = 'Type an email address first.';
        output.dataset.match = 'error';
        return;
      }
      if (!state.doc) {
        output.textContent = 'There is no credential to compare with yet.';
        output.dataset.match = 'error';
        return;
      }
      if (state.verdict === 'altered') {
        output.textContent = 'Not compared: this badge was altered, so the recipient it names cannot be trusted.';
        output.dataset.match = 'error';
        return;
      }
      var result;
      try {
        result = await emailMatches(state.doc, email);
      } catch (e) {
        output.textContent = 'Cannot compare: ' + (e instanceof CannotCheck ? e.message : 'an error occurred') + '.';
        output.dataset.match = 'error';
        return;
      }
      if (result === null) {
        output.textContent = 'This badge does not name its recipient by email address, so there is nothing to compare.';
        output.dataset.match = 'error';
      } else if (result) {
        output.textContent = '✓ This badge was issued to that address.' +
          (state.verdict && state.verdict !== 'verified' ? ' But note the verdict above: the badge itself did not pass every check.' : '');
        output.dataset.match = 'true';
      } else {
        output.textContent = '✗ That address does not match the one this badge was issued to. (Check for typos: the comparison ignores case and surrounding spaces only.)';
        output.dataset.match = 'false';
      }
    });
    input.addEventListener('input', function () {
      output.textContent = '';
      output.removeAttribute('data-match');
    });
  }

  // ─── rendering ────────────────────────────────────────────────────────────

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderVerdict(verdictEl, checksEl, report) {
    if (!verdictEl) return;
    verdictEl.hidden = false;
    verdictEl.dataset.verdict = report.verdict;
    verdictEl.textContent = '';
    verdictEl.appendChild(el('span', 'verdict-icon', ICON[report.verdict] || '?')).setAttribute('aria-hidden', 'true');
    var body = el('div', 'verdict-body');
    body.appendChild(el('p', 'verdict-title', TEXT[report.verdict] || report.verdict));
    body.appendChild(el('p', 'verdict-detail', report.detail || ''));
    verdictEl.appendChild(body);
    if (!checksEl) return;
    checksEl.textContent = '';
    checksEl.hidden = !report.checks || !report.checks.length;
    (report.checks || []).forEach(function (c) {
      var li = el('li', 'check');
      li.dataset.check = c.id;
      li.dataset.state = c.state;
      li.appendChild(el('span', 'check-icon', CHECK_ICON[c.state] || '?')).setAttribute('aria-hidden', 'true');
      li.appendChild(el('span', 'visually-hidden', CHECK_SR[c.state] || ''));
      li.appendChild(el('strong', 'check-name', (CHECK_LABEL[c.id] || c.id) + ': '));
      li.appendChild(el('span', 'check-text', c.text));
      checksEl.appendChild(li);
    });
  }

  function renderChecking(verdictEl, checksEl, text) {
    renderVerdict(verdictEl, checksEl, { verdict: 'checking', detail: text || '', checks: [] });
  }

  async function safeVerify(doc, ctx) {
    try {
      return await verifyCredential(doc, ctx);
    } catch (e) {
      if (e instanceof CannotCheck) return cannot(e.message);
      return cannot('an unexpected error occurred (' + (e && e.message ? e.message : String(e)) + ')');
    }
  }

  // ─── baked badges: the credential inside an SVG or PNG ─────────────────────
  // Open Badges 3.0 §5.3: an SVG carries it in <openbadges:credential> (namespace
  // https://purl.imsglobal.org/ob/v3p0) as text or CDATA; a PNG in one iTXt chunk with the
  // keyword "openbadgecredential" (its text zlib-compressed when the chunk's flag says so).

  var OB_NS = 'https://purl.imsglobal.org/ob/v3p0';
  var PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

  function isPng(bytes) {
    if (bytes.length < 8) return false;
    for (var i = 0; i < 8; i++) if (bytes[i] !== PNG_SIGNATURE[i]) return false;
    return true;
  }

  async function inflate(bytes) {
    if (typeof DecompressionStream !== 'function') throw new CannotCheck('this browser cannot decompress the PNG text');
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  function latin1(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }

  async function credentialFromPng(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var found = [];
    var at = 8;
    while (at + 8 <= bytes.length) {
      var len = view.getUint32(at);
      var type = latin1(bytes.subarray(at + 4, at + 8));
      if (at + 12 + len > bytes.length) throw new CannotCheck('the PNG file is cut off');
      if (type === 'iTXt' || type === 'tEXt' || type === 'zTXt') {
        var data = bytes.subarray(at + 8, at + 8 + len);
        var z = data.indexOf(0);
        if (z > 0 && latin1(data.subarray(0, z)) === 'openbadgecredential') {
          if (type !== 'iTXt') throw new CannotCheck('the PNG carries the credential in a ' + type + ' chunk; Open Badges 3.0 uses iTXt');
          var compressed = data[z + 1] === 1;
          var langEnd = data.indexOf(0, z + 3);
          var keyEnd = langEnd < 0 ? -1 : data.indexOf(0, langEnd + 1);
          if (keyEnd < 0) throw new CannotCheck('the PNG\'s openbadgecredential chunk is malformed');
          var text = data.subarray(keyEnd + 1);
          if (compressed) text = await inflate(text);
          try {
            found.push(new TextDecoder('utf-8', { fatal: true }).decode(text));
          } catch (e) {
            throw new CannotCheck('the PNG\'s credential text is not UTF-8');
          }
        }
      }
      if (type === 'IEND') break;
      at += 12 + len;
    }
    if (!found.length) throw new CannotCheck('this PNG carries no Open Badges credential (no iTXt chunk "openbadgecredential"): it is not a baked badge');
    if (found.length > 1) throw new CannotCheck('this PNG carries more than one credential');
    return found[0];
  }

  function credentialFromSvg(text) {
    var doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    if (doc.getElementsByTagName('parsererror').length || !doc.documentElement ||
        doc.documentElement.localName !== 'svg') {
      throw new CannotCheck('this is not a well-formed SVG image');
    }
    var els = doc.getElementsByTagNameNS(OB_NS, 'credential');
    if (!els.length) throw new CannotCheck('this SVG carries no Open Badges credential (no openbadges:credential element): it is not a baked badge');
    if (els.length > 1) throw new CannotCheck('this SVG carries more than one credential');
    if (els[0].hasAttribute('verify')) throw new CannotCheck('this SVG carries a VC-JWT credential, which this page does not check');
    return els[0].textContent.trim();
  }

  /** The credential JSON text in a file or download: JSON as is, or the one baked in an SVG / PNG. */
  async function credentialText(bytes) {
    if (isPng(bytes)) return { kind: 'PNG', text: await credentialFromPng(bytes) };
    var text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch (e) {
      throw new CannotCheck('the file is neither a credential (JSON) nor an SVG or PNG badge image');
    }
    if (text.trim().charAt(0) === '<') return { kind: 'SVG', text: credentialFromSvg(text) };
    return { kind: 'JSON', text: text };
  }

  async function fetchBytes(url, what) {
    var ctl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctl ? setTimeout(function () { ctl.abort(); }, FETCH_TIMEOUT_MS) : 0;
    try {
      var res = await fetch(url, { cache: 'no-cache', credentials: 'omit', redirect: 'follow', signal: ctl ? ctl.signal : undefined });
      if (!res.ok) throw new CannotCheck('could not load the ' + what + ': HTTP ' + res.status + ' (' + url + ')');
      var buf = new Uint8Array(await res.arrayBuffer());
      if (buf.length > MAX_PASTE_BYTES) throw new CannotCheck('the ' + what + ' is too large to be a badge');
      return { bytes: buf, url: res.url || url, type: res.headers.get('Content-Type') || '' };
    } catch (e) {
      if (e instanceof CannotCheck) throw e;
      throw new CannotCheck('could not load the ' + what + ' (' + url + '): the address is unreachable or does not let this page read it');
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** A link to a credential, a baked image, or a badge page (then its credential.json beside it). */
  async function credentialFromLink(link, ctx) {
    var abs;
    try {
      abs = new URL(link.trim(), document.baseURI);
    } catch (e) {
      throw new CannotCheck('that is not a web address');
    }
    if (abs.protocol !== 'https:' && abs.protocol !== 'http:') throw new CannotCheck('only http and https addresses can be opened');
    var got = await fetchBytes(localUrl(abs.href, ctx), 'link');
    if (/text\/html/i.test(got.type)) {
      got = await fetchBytes(new URL('credential.json', got.url).href, 'credential of that badge page');
    }
    return credentialText(got.bytes);
  }

  // ─── wiring ───────────────────────────────────────────────────────────────

  function $(id) {
    return document.getElementById(id);
  }

  async function checkPageBadge(section) {
    var verdictEl = $('verdict');
    var checksEl = $('verify-checks');
    var state = { doc: null, verdict: '' };
    bindEmailCheck($('email-check'), $('email-check-input'), $('email-check-result'), state);
    var url = section.dataset.credentialUrl;
    if (!url) {
      if (verdictEl) verdictEl.hidden = true;
      var emailForm = $('email-check');
      if (emailForm) emailForm.hidden = true;
      return;
    }
    renderChecking(verdictEl, checksEl, '');
    var ctx = makeContext(section, 'page');
    var report;
    try {
      state.doc = await fetchJson(new URL(url, document.baseURI).href, 'credential');
      report = await safeVerify(state.doc, ctx);
    } catch (e) {
      report = cannot(e instanceof CannotCheck ? e.message : 'an unexpected error occurred');
    }
    state.verdict = report.verdict;
    renderVerdict(verdictEl, checksEl, report);
    // The badge page hides sharing and downloads of a badge that must not be used.
    var article = section.closest ? section.closest('.badge-page') : null;
    if (article) article.dataset.verdict = report.verdict;
    var emailForm = $('email-check');
    if (emailForm && (report.verdict === 'altered' || !state.doc)) emailForm.hidden = true;
  }

  function setupPaste(section) {
    var box = $('paste-verify');
    if (!box) return;
    box.hidden = false;
    // On a page without a badge of its own the checker is the page's purpose: open it.
    if (!section.dataset.credentialUrl && 'open' in box) box.open = true;
    var input = $('paste-input');
    var fileInput = $('paste-file');
    var drop = $('paste-drop');
    var button = $('paste-verify-button');
    var verdictEl = $('paste-verdict');
    var checksEl = $('paste-checks');
    var state = { doc: null, verdict: '' };
    var emailForm = $('paste-email-check');
    bindEmailCheck(emailForm, $('paste-email-input'), $('paste-email-result'), state);
    if (emailForm) emailForm.hidden = true;
    var run = 0;

    async function verifyText(text) {
      var my = ++run;
      state.doc = null;
      state.verdict = '';
      if (emailForm) emailForm.hidden = true;
      var report;
      renderChecking(verdictEl, checksEl, '');
      if (!text.trim()) {
        report = cannot('there is nothing to check: paste a credential or choose a file');
      } else if (text.length > MAX_PASTE_BYTES) {
        report = cannot('the text is too large to be a credential');
      } else {
        var doc;
        var parsed = true;
        try {
          if (text.trim().charAt(0) === '<') text = credentialFromSvg(text);
          doc = JSON.parse(text);
        } catch (e) {
          parsed = false;
          report = cannot(e instanceof CannotCheck ? e.message : 'the text is not valid JSON (' + e.message + ')');
        }
        if (parsed) {
          report = await safeVerify(doc, makeContext(section, 'paste'));
          // Nothing more is offered for an altered badge: what it says cannot be trusted.
          if (report.checks.length && report.verdict !== 'altered') state.doc = doc;
        }
      }
      if (my !== run) return;
      state.verdict = report.verdict;
      renderVerdict(verdictEl, checksEl, report);
      if (emailForm && state.doc) emailForm.hidden = false;
    }

    /** Check what a file or a link holds (a promise of { kind, text }, or a CannotCheck). */
    async function verifyFound(promise) {
      var my = ++run;
      state.doc = null;
      renderChecking(verdictEl, checksEl, '');
      if (emailForm) emailForm.hidden = true;
      var found;
      try {
        found = await promise;
      } catch (e) {
        if (my !== run) return;
        state.verdict = 'cannot-check';
        renderVerdict(verdictEl, checksEl, cannot(e instanceof CannotCheck ? e.message : 'the file could not be read'));
        return;
      }
      if (my !== run) return;
      // The credential found is shown where a pasted one would be.
      if (input) input.value = found.text;
      verifyText(found.text);
    }

    function readFile(file) {
      if (!file) return;
      if (file.size > MAX_PASTE_BYTES) {
        renderVerdict(verdictEl, checksEl, cannot('the file is too large to be a badge'));
        return;
      }
      verifyFound(file.arrayBuffer().then(function (buf) { return credentialText(new Uint8Array(buf)); }));
    }

    var linkInput = $('link-input');
    var linkButton = $('link-verify-button');
    function verifyLink() {
      var link = linkInput ? linkInput.value : '';
      if (!link.trim()) {
        renderVerdict(verdictEl, checksEl, cannot('there is no link: type or paste the address of a badge'));
        return;
      }
      verifyFound(credentialFromLink(link, makeContext(section, 'paste')));
    }
    if (linkButton) linkButton.addEventListener('click', verifyLink);
    if (linkInput) {
      linkInput.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter') {
          ev.preventDefault();
          verifyLink();
        }
      });
    }
    // verify/?url=… opens a link at once (what a shared link can point to).
    var param = null;
    try {
      param = new URL(window.location.href).searchParams.get('url');
    } catch (e) { /* no URL API: nothing to open */ }
    if (param && linkInput && !section.dataset.credentialUrl) {
      linkInput.value = param;
      verifyLink();
    }

    if (button) button.addEventListener('click', function () { verifyText(input ? input.value : ''); });
    if (fileInput) fileInput.addEventListener('change', function () { readFile(fileInput.files && fileInput.files[0]); });
    if (drop) {
      ['dragenter', 'dragover'].forEach(function (t) {
        drop.addEventListener(t, function (ev) {
          ev.preventDefault();
          drop.classList.add('is-dragover');
        });
      });
      ['dragleave', 'dragend'].forEach(function (t) {
        drop.addEventListener(t, function () { drop.classList.remove('is-dragover'); });
      });
      drop.addEventListener('drop', function (ev) {
        ev.preventDefault();
        drop.classList.remove('is-dragover');
        var dt = ev.dataTransfer;
        if (dt && dt.files && dt.files.length) {
          readFile(dt.files[0]);
        } else if (dt) {
          var text = dt.getData('text/plain');
          if (input) input.value = text;
          verifyText(text);
        }
      });
    }
  }

  function init() {
    var section = $('badge-verify');
    if (!section) return;
    section.classList.add('js');
    setupPaste(section);
    checkPageBadge(section);
  }

  window.CredcatVerify = {
    jcs: jcs,
    credentialText: credentialText,
    verifyCredential: function (doc, opts) {
      var ctx = makeContext($('badge-verify'), (opts && opts.mode) || 'paste');
      return safeVerify(doc, ctx);
    },
    emailMatches: emailMatches,
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
