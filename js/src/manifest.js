// Manifest validation (docs/protocol.md §3.2 "Manifest"): the booth refuses to build a ballot for
// a manifest the server's verifier would reject.

import { CryptoError } from './group.js';

const KINDS = { rating: 5, approval: 3 };
const bad = (msg) => new CryptoError(`manifest: ${msg}`, 'invalid_schema');
const isInt = (v) => Number.isSafeInteger(v);

function checkKeys(obj, required, optional, what) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw bad(`${what}: not an object`);
  for (const k of required) if (!(k in obj)) throw bad(`${what}: missing ${k}`);
  for (const k of Object.keys(obj)) {
    if (!required.includes(k) && !optional.includes(k)) throw bad(`${what}: unexpected key ${k}`);
  }
}

const okString = (s) => typeof s === 'string' && [...s].length <= 1000;

function checkQuestion(q, i) {
  const w = `questions[${i}]`;
  checkKeys(q, ['id', 'kind', 'label', 'options', 'min', 'max'], ['ref'], w);
  for (const k of ['id', 'label']) if (!okString(q[k])) throw bad(`${w}.${k}: not a string ≤ 1000`);
  if ('ref' in q && !okString(q.ref)) throw bad(`${w}.ref: not a string ≤ 1000`);
  if (!Array.isArray(q.options) || q.options.some((o) => !okString(o) || o === '')) {
    throw bad(`${w}.options: expected non-empty strings`);
  }
  if (!isInt(q.min) || !isInt(q.max)) throw bad(`${w}: min/max must be integers`);
  const n = q.options.length;
  if (q.kind in KINDS) {
    if (n !== KINDS[q.kind] || q.min !== 1 || q.max !== 1) {
      throw bad(`${w}: ${q.kind} needs ${KINDS[q.kind]} options and min = max = 1`);
    }
  } else if (q.kind === 'choose') {
    if (n < 1 || n > 64 || q.min < 0 || q.min > q.max || q.max > n) {
      throw bad(`${w}: choose needs 1-64 options and 0 ≤ min ≤ max ≤ options`);
    }
  } else {
    throw bad(`${w}.kind: unknown kind`);
  }
}

/** Throws CryptoError('invalid_schema') unless `manifest` matches the spec's Manifest schema. */
export function validateManifest(manifest) {
  checkKeys(manifest, ['title', 'questions'], [], 'manifest');
  if (!okString(manifest.title)) throw bad('title: not a string ≤ 1000');
  const qs = manifest.questions;
  if (!Array.isArray(qs) || qs.length < 1 || qs.length > 256) throw bad('1-256 questions');
  qs.forEach(checkQuestion);
  if (new Set(qs.map((q) => q.id)).size !== qs.length) throw bad('question ids are not unique');
  return manifest;
}
