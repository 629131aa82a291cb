// Canonical JSON (docs/protocol.md §3.1, a subset of RFC 8785): UTF-8, keys [a-z0-9_]+ sorted,
// no whitespace, integers only (|n| ≤ 2^53 − 1), nesting depth ≤ 32, strings escaped as
// JSON.stringify does (only '"', '\' and control characters; \b \t \n \f \r, others \u00xx).
// Mirrors phieukin.crypto.canonical, including its error codes.

import { CryptoError } from './group.js';

const encoder = new TextEncoder();
const KEY = /^[a-z0-9_]+$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const MAX_DEPTH = 32;

function serialize(value, depth) {
  if (depth > MAX_DEPTH) throw new CryptoError(`JSON nested deeper than ${MAX_DEPTH}`, 'too_large');
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw new CryptoError('string is not valid Unicode');
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new CryptoError('floats are not allowed');
    if (!Number.isSafeInteger(value)) throw new CryptoError('integer out of the canonical range');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => serialize(v, depth + 1)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    for (const k of keys) {
      if (!KEY.test(k)) throw new CryptoError('object keys must match [a-z0-9_]+');
    }
    keys.sort(); // ASCII keys: UTF-16 order = code point order
    return `{${keys.map((k) => `"${k}":${serialize(value[k], depth + 1)}`).join(',')}}`;
  }
  throw new CryptoError(`type ${typeof value} is not JSON`);
}

/** Canonical JSON text of `value`; throws CryptoError for what the protocol cannot hold. */
export function canonicalJson(value) {
  return serialize(value, 0);
}

/** Canonical JSON bytes (UTF-8) of `value`. */
export function canonicalBytes(value) {
  return encoder.encode(canonicalJson(value));
}
