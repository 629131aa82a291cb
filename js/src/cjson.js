// Canonical JSON: UTF-8, keys sorted, no whitespace, integers only (no floats), strings escaped
// as JSON.stringify does (RFC 8785's rules, which Python's json.dumps(..., ensure_ascii=False,
// separators=(",", ":"), sort_keys=True) matches for the values the protocol uses).

import { CryptoError } from './group.js';

const encoder = new TextEncoder();

function serialize(value, path) {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new CryptoError(`${path}: canonical JSON allows only safe integers`);
    }
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map((v, i) => serialize(v, `${path}[${i}]`)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    keys.sort(compareCodePoints);
    const parts = keys.map((k) => `${JSON.stringify(k)}:${serialize(value[k], `${path}.${k}`)}`);
    return `{${parts.join(',')}}`;
  }
  throw new CryptoError(`${path}: ${typeof value} cannot be serialized canonically`);
}

/** Sort by Unicode code point (Python's str order), not UTF-16 units. */
function compareCodePoints(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Canonical JSON text of `value`. */
export function canonicalJson(value) {
  return serialize(value, '$');
}

/** Canonical JSON bytes (UTF-8) of `value`. */
export function canonicalBytes(value) {
  return encoder.encode(canonicalJson(value));
}
