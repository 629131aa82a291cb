// The group: ristretto255 (RFC 9496) elements and scalars mod ℓ, with validated decoding.
//
// Mirrors phieukin.crypto's group layer. Scalars are 32-byte little-endian (libsodium's order),
// elements 32-byte canonical ristretto255 encodings; both travel as 64 lowercase hex digits.
// Every value that comes from outside goes through decodeScalar/decodeElement, which reject
// non-canonical input with a CryptoError naming the field, never a secret.

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
  let p;
  try {
    p = Point.fromBytes(bytes);
  } catch {
    throw new CryptoError(`${what}: not a valid canonical ristretto255 encoding`);
  }
  if (!allowIdentity && p.is0()) throw new CryptoError(`${what}: identity element not allowed`);
  return p;
}

/** The generator G and the identity. */
export const G = Point.BASE;
export const IDENTITY = Point.ZERO;

/** g^s (fixed base, uses noble's precomputed table). s may be 0. */
export function baseMul(s) {
  const k = mod(s);
  return k === 0n ? IDENTITY : G.multiply(k);
}

/** P^s for any element and scalar, including 0 (the identity is a legitimate result here). */
export function mul(p, s) {
  const k = mod(s);
  if (k === 0n || p.is0()) return IDENTITY;
  return p.multiply(k);
}

/** Precompute a window table for an element used many times (the election key). */
export function precompute(p) {
  if (!p.is0()) p.precompute(8);
  return p;
}

export { Point };
