// The group: ristretto255 (RFC 9496) elements and scalars mod ℓ, with validated decoding.
//
// Mirrors phieukin.crypto's group layer. Scalars are 32-byte little-endian (libsodium's order),
// elements 32-byte canonical ristretto255 encodings; both travel as 64 lowercase hex digits.
// Every value that comes from outside goes through decodeScalar/decodeElement, which reject
// non-canonical input with a CryptoError naming the field, never a secret.
//
// Two backends, one at a time, both kept libraries (no group arithmetic here):
//   'noble'  @noble/curves (pure JS, synchronous, needs no CSP exception); the default, and the
//            fallback whenever libsodium cannot load;
//   'sodium' libsodium's WebAssembly build (libsodium-wrappers-sumo: crypto_core_ristretto255_*,
//            crypto_scalarmult_ristretto255*), about 4× faster per ballot; it needs the page's CSP
//            to allow 'wasm-unsafe-eval' and an asynchronous start: `await init({sodium})`.
// Elements of both backends answer the same methods (add, subtract, multiply, equals, is0,
// toBytes); scalars are bigints in both. Never mix elements made before and after a switch.

import { ristretto255 } from '@noble/curves/ed25519.js';

const Point = ristretto255.Point;

/** The group order ℓ = 2^252 + 27742317777372353535851937790883648493. */
export const L = Point.Fn.ORDER;

/** Raised for every malformed, non-canonical or invalid input; the message names the field. */
export class CryptoError extends Error {
  /**
   * @param {string} message  what is wrong, naming the field (never a secret)
   * @param {string} code     one of docs/protocol.md §6.7's codes, e.g. "invalid_encoding"
   */
  constructor(message, code = 'invalid_encoding') {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}

const HEX_RE = /^[0-9a-f]*$/;

/** Decode lowercase hex to bytes; `what` names the field in errors. */
export function hexToBytes(hex, what = 'value', length = undefined) {
  if (typeof hex !== 'string') throw new CryptoError(`${what}: expected a hex string`);
  if (hex.length % 2 !== 0 || !HEX_RE.test(hex)) {
    throw new CryptoError(`${what}: not lowercase hex`);
  }
  if (length !== undefined && hex.length !== 2 * length) {
    throw new CryptoError(`${what}: expected ${length} bytes, got ${hex.length / 2}`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

/** Encode bytes as lowercase hex. */
export function bytesToHex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Little-endian bytes -> bigint. */
export function leToBigint(bytes) {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]);
  return x;
}

/** bigint -> `n` little-endian bytes. */
export function bigintToLe(x, n = 32) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export const mod = (x) => ((x % L) + L) % L;

/** Reduce 64 bytes (little-endian) mod ℓ, like crypto_core_ristretto255_scalar_reduce. */
export function scalarFromWide(bytes64) {
  if (bytes64.length !== 64) throw new CryptoError('wide reduction needs 64 bytes');
  return leToBigint(bytes64) % L;
}

/** A uniformly random scalar: 64 bytes from the platform CSPRNG, reduced mod ℓ. */
export function randomScalar() {
  const b = new Uint8Array(64);
  globalThis.crypto.getRandomValues(b);
  return scalarFromWide(b);
}

/** Scalar -> 64 lowercase hex digits (32 bytes little-endian). */
export function encodeScalar(s) {
  return bytesToHex(bigintToLe(mod(s)));
}

/** Hex -> scalar; rejects wrong length, uppercase, and non-canonical values (≥ ℓ). */
export function decodeScalar(hex, what = 'scalar') {
  const x = leToBigint(hexToBytes(hex, what, 32));
  if (x >= L) throw new CryptoError(`${what}: scalar is not reduced mod the group order`, 'non_canonical');
  return x;
}

/** Element -> 64 lowercase hex digits (canonical ristretto255 encoding). */
export function encodeElement(p) {
  return bytesToHex(p.toBytes());
}

/** Element -> canonical 32 bytes. */
export function elementBytes(p) {
  return p.toBytes();
}

/**
 * Hex -> element; rejects bad hex, non-canonical encodings and (unless allowIdentity) the
 * identity, which is never a valid key, commitment or ciphertext component.
 */
export function decodeElement(hex, what = 'element', allowIdentity = false) {
  const bytes = hexToBytes(hex, what, 32);
  const p = impl.decode(bytes);
  if (p === null) throw new CryptoError(`${what}: not a valid canonical ristretto255 encoding`);
  if (!allowIdentity && p.is0()) throw new CryptoError(`${what}: identity element not allowed`);
  return p;
}

/** g^s (fixed base: noble's precomputed table, libsodium's base multiplication). s may be 0. */
export function baseMul(s) {
  const k = mod(s);
  return k === 0n ? IDENTITY : impl.baseMul(k);
}

/** P^s for any element and scalar, including 0 (the identity is a legitimate result here). */
export function mul(p, s) {
  const k = mod(s);
  if (k === 0n || p.is0()) return IDENTITY;
  return p.multiply(k);
}

/** Precompute a window table for an element used many times (the election key; noble only). */
export function precompute(p) {
  if (!p.is0()) p.precompute(8);
  return p;
}

// --- backends -------------------------------------------------------------------------------

const NOBLE = {
  name: 'noble',
  G: Point.BASE,
  IDENTITY: Point.ZERO,
  baseMul: (k) => Point.BASE.multiply(k),
  decode(bytes) {
    try {
      return Point.fromBytes(bytes);
    } catch {
      return null;
    }
  },
};

let so = null; // the libsodium module while the sodium backend is on

/** Scalar (0 < k < ℓ) -> 32 little-endian bytes, by way of hex (faster than 32 bigint shifts). */
function scalarBytes(k) {
  const hex = k.toString(16).padStart(64, '0');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.substr(62 - 2 * i, 2), 16);
  return out;
}

/** A ristretto255 element kept as its canonical encoding; libsodium does the arithmetic. */
class SodiumElement {
  constructor(bytes) {
    this.bytes = bytes;
  }

  add(o) {
    return new SodiumElement(so.crypto_core_ristretto255_add(this.bytes, o.bytes));
  }

  subtract(o) {
    return new SodiumElement(so.crypto_core_ristretto255_sub(this.bytes, o.bytes));
  }

  negate() {
    return SODIUM_IDENTITY.subtract(this);
  }

  double() {
    return this.add(this);
  }

  /** k·P; 0 and the identity give the identity (libsodium refuses an identity result). */
  multiply(s) {
    const k = mod(s);
    if (k === 0n || this.is0()) return SODIUM_IDENTITY;
    return new SodiumElement(so.crypto_scalarmult_ristretto255(scalarBytes(k), this.bytes));
  }

  equals(o) {
    const a = this.bytes;
    const b = o.bytes;
    if (!(b instanceof Uint8Array) || b.length !== 32) return false;
    let d = 0;
    for (let i = 0; i < 32; i++) d |= a[i] ^ b[i];
    return d === 0;
  }

  is0() {
    let d = 0;
    for (let i = 0; i < 32; i++) d |= this.bytes[i];
    return d === 0;
  }

  toBytes() {
    return this.bytes.slice();
  }

  toHex() {
    return bytesToHex(this.bytes);
  }

  precompute() {
    return this;
  }
}

const SODIUM_IDENTITY = new SodiumElement(new Uint8Array(32));

function sodiumBackend() {
  return {
    name: 'sodium',
    G: new SodiumElement(Point.BASE.toBytes()),
    IDENTITY: SODIUM_IDENTITY,
    baseMul: (k) => new SodiumElement(so.crypto_scalarmult_ristretto255_base(scalarBytes(k))),
    decode: (bytes) => (so.crypto_core_ristretto255_is_valid_point(bytes)
      ? new SodiumElement(Uint8Array.from(bytes)) : null),
  };
}

let impl = NOBLE;

/** The generator G and the identity of the current backend (live bindings: init switches them). */
export let G = NOBLE.G;
export let IDENTITY = NOBLE.IDENTITY;

function use(backend) {
  impl = backend;
  G = backend.G;
  IDENTITY = backend.IDENTITY;
}

/** The backend in use: 'noble' or 'sodium'. */
export const backend = () => impl.name;

/** Why the last init fell back to noble (a message), or null. */
let fallbackReason = null;
export const backendFallbackReason = () => fallbackReason;

const REQUIRED = [
  'crypto_core_ristretto255_add', 'crypto_core_ristretto255_sub',
  'crypto_core_ristretto255_is_valid_point', 'crypto_scalarmult_ristretto255',
  'crypto_scalarmult_ristretto255_base',
];

/** libsodium must agree with noble on a few values before the booth trusts it. */
function selfTest(lib) {
  for (const f of REQUIRED) {
    if (typeof lib[f] !== 'function') throw new Error(`libsodium lacks ${f}`);
  }
  const k = 0x1234567890abcdef1234567890abcdef1234567890abcdefn;
  const P = Point.BASE.multiply(7n);
  const want = bytesToHex(P.multiply(k).add(Point.BASE.multiply(k)).toBytes());
  const kb = scalarBytes(k);
  const sum = lib.crypto_core_ristretto255_add(
    lib.crypto_scalarmult_ristretto255(kb, P.toBytes()), lib.crypto_scalarmult_ristretto255_base(kb));
  if (bytesToHex(sum) !== want) throw new Error('libsodium disagrees with @noble/curves');
  const bad = P.toBytes();
  bad[0] ^= 1; // the negation's encoding is odd, hence not canonical
  if (lib.crypto_core_ristretto255_is_valid_point(bad)) throw new Error('libsodium accepts a bad encoding');
}

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`libsodium did not load within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function loadSodium(source) {
  if (source === undefined || source === null) throw new Error('no libsodium module given');
  if (typeof WebAssembly !== 'object') throw new Error('no WebAssembly in this browser');
  const ns = await (typeof source === 'function' ? source() : source);
  const lib = ns && ns.default && ns.default.ready !== undefined ? ns.default : ns;
  await lib.ready;
  return lib;
}

/**
 * Choose the group backend; resolves to its name. Call before any other function, once.
 *   backend: 'auto' (libsodium if it loads, else noble), 'sodium' (libsodium or an error),
 *            'noble';
 *   sodium:  the libsodium module (phieukin-sodium.js), a promise of it, or a function
 *            returning one, e.g. () => import('/static/voting/vendor/phieukin-sodium.js');
 *   timeoutMs: how long to wait for libsodium before 'auto' falls back (the booth never hangs).
 * Under a CSP without 'wasm-unsafe-eval' the wasm is refused and 'auto' gives 'noble'.
 */
export async function init({ backend: want = 'auto', sodium = undefined, timeoutMs = 4000 } = {}) {
  if (!['auto', 'sodium', 'noble'].includes(want)) throw new Error(`unknown backend ${want}`);
  fallbackReason = null;
  if (want === 'noble') {
    so = null;
    use(NOBLE);
    return impl.name;
  }
  try {
    const lib = await withTimeout(loadSodium(sodium), timeoutMs);
    selfTest(lib);
    so = lib;
    use(sodiumBackend());
  } catch (e) {
    if (want === 'sodium') throw e;
    fallbackReason = String((e && e.message) || e);
    so = null;
    use(NOBLE);
  }
  return impl.name;
}

export { Point };
