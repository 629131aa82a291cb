// Hashing with domain separation (docs/protocol.md §6.1):
//   H(dst, p_1..p_k) = SHA-512(u32(len d)‖d‖u32(len p_1)‖p_1‖…), d = utf8("PHIEUKIN-v1-" + dst)
//   H2S = int_le(H) mod ℓ;  D32 = H[0:32].
// Parts are Uint8Array; helpers below turn elements, scalars, strings and u32 into bytes.

import { sha512 } from '@noble/hashes/sha2.js';
import { CryptoError, L, bigintToLe, leToBigint } from './group.js';

export const PREFIX = 'PHIEUKIN-v1-';
const encoder = new TextEncoder();

/** 4-byte big-endian encoding of 0 ≤ n < 2^32. */
export function u32(n) {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new CryptoError(`u32 out of range: ${n}`, 'invalid_schema');
  }
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** UTF-8 bytes of a string. */
export const utf8 = (s) => encoder.encode(s);

/** An element's 32-byte encoding as a hash part. */
export const el = (p) => p.toBytes();

/** A scalar's 32-byte little-endian encoding as a hash part. */
export const sc = (s) => bigintToLe(((s % L) + L) % L);

/** H(dst, parts…): 64 bytes. */
export function H(dst, ...parts) {
  const h = sha512.create();
  const d = utf8(PREFIX + dst);
  h.update(u32(d.length));
  h.update(d);
  for (const p of parts) {
    if (!(p instanceof Uint8Array)) throw new TypeError(`hash part for ${dst} is not bytes`);
    h.update(u32(p.length));
    h.update(p);
  }
  return h.digest();
}

/** Hash to a scalar by wide reduction. */
export const H2S = (dst, ...parts) => leToBigint(H(dst, ...parts)) % L;

/** The first 32 bytes of H. */
export const D32 = (dst, ...parts) => H(dst, ...parts).slice(0, 32);
