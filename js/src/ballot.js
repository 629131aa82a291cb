// Ballots (docs/protocol.md §3.2, §4.4, §4.5): per question, per option an ElGamal ciphertext
// with a 0/1 proof, a sum proof for [min, max], and a Schnorr signature with the credential.
// Also the tracking code and the Benaloh audit (reveal choices and randomness, check an opening).

import { canonicalBytes } from './cjson.js';
import { credentialKeypair, ALPHABET } from './credential.js';
import { addCiphertexts, decodeCiphertext, encodeCiphertext, encrypt } from './elgamal.js';
import {
  CryptoError, baseMul, bytesToHex, decodeElement, decodeScalar, encodeElement, encodeScalar,
  backend, hexToBytes, mod, mul, precompute,
} from './group.js';
import { D32 } from './hash.js';
import {
  decodeProof, decodeProofs, rangeProve, rangeVerify, schnorrProve, schnorrVerify,
} from './proofs.js';
import { validateManifest } from './manifest.js';

const keyCache = new Map();

/** Decode the election's public key once and keep its precomputed window table. */
function electionKey(hex) {
  const key = `${backend()}:${hex}`; // an element of one backend is no use to the other
  let Y = keyCache.get(key);
  if (!Y) {
    Y = precompute(decodeElement(hex, 'election public key'));
    keyCache.set(key, Y);
  }
  return Y;
}

function checkChoices(manifest, choices) {
  const qs = manifest.questions;
  if (!Array.isArray(choices) || choices.length !== qs.length) {
    throw new CryptoError(`choices: expected ${qs.length} answers`, 'invalid_ballot');
  }
  qs.forEach((q, i) => {
    const c = choices[i];
    if (!Array.isArray(c) || c.length !== q.options.length || c.some((v) => v !== 0 && v !== 1)) {
      throw new CryptoError(`choices[${i}]: expected ${q.options.length} values 0/1`, 'invalid_ballot');
    }
    const total = c.reduce((a, b) => a + b, 0);
    if (total < q.min || total > q.max) {
      throw new CryptoError(`choices[${i}]: ${total} selected, allowed ${q.min}..${q.max}`,
        'invalid_ballot');
    }
  });
}

/** The canonical bytes a ballot's signature covers: the ballot without `signature`. */
function signedBytes(ballot) {
  const { signature, ...rest } = ballot; // eslint-disable-line no-unused-vars
  return canonicalBytes(rest);
}

/**
 * Build a ballot in the booth.
 * @param {object} manifest  setup.payload.manifest
 * @param {{election_id: string, fingerprint: string, public_key: string}} election
 *        the election id, fingerprint `fp` (hex) and election key `Y` (hex), from the record
 * @param {number[][]} choices  per question, per option 0 or 1 (within the question's min..max)
 * @param {string} credentialCode  the printed credential code (as typed or scanned)
 * @returns {{ballot: object, trackingCode: string, ballotHash: string, audit: object}}
 *   `ballot` is the `ballot` payload to cast; `audit` the `audited_ballot` payload to publish
 *   instead when the voter audits (it reveals the randomness: never cast an audited ballot).
 */
export function encryptBallot(manifest, election, choices, credentialCode) {
  validateManifest(manifest);
  checkChoices(manifest, choices);
  const Y = electionKey(election.public_key);
  const fp = hexToBytes(election.fingerprint, 'fingerprint', 32);
  const cred = credentialKeypair(election.election_id, credentialCode);
  const K = cred.publicKey;
  const randomness = [];
  const answers = manifest.questions.map((q, qi) => {
    const cts = choices[qi].map((m) => encrypt(Y, m));
    const proofs = cts.map((ct, oi) => rangeProve('option', fp, K, Y, 0, 1, ct.alpha, ct.beta,
      choices[qi][oi], ct.r));
    const sum = cts.reduce((a, b) => addCiphertexts(a, b));
    const total = choices[qi].reduce((a, b) => a + b, 0);
    const rSum = mod(cts.reduce((a, b) => a + b.r, 0n));
    const sumProof = rangeProve('sum', fp, K, Y, q.min, q.max, sum.alpha, sum.beta, total, rSum);
    randomness.push(cts.map((ct) => encodeScalar(ct.r)));
    return { choices: cts.map(encodeCiphertext), proofs, sum_proof: sumProof };
  });
  const ballot = { answers, credential: encodeElement(K), election: election.fingerprint };
  ballot.signature = schnorrProve('ballot-signature', [fp, signedBytes(ballot)], cred.secret, K);
  const hash = ballotHash(ballot);
  return {
    ballot,
    ballotHash: hash,
    trackingCode: trackingCode(hash),
    audit: { ballot, choices: choices.map((c) => [...c]), randomness },
  };
}

/** ballot_hash = hex(D32("ballot", canonical(ballot))) (§4.5). */
export function ballotHash(ballot) {
  return bytesToHex(D32('ballot', canonicalBytes(ballot)));
}

/** Tracking code: first 16 base32 symbols (credential alphabet, MSB first) of the hash, 4×4. */
export function trackingCode(hashHex) {
  const bytes = hexToBytes(hashHex, 'ballot hash', 32);
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += ALPHABET[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
    if (out.length === 16) break;
  }
  return out.match(/.{4}/g).join('-');
}

/**
 * Decode the shape and every element and scalar of a ballot (schema and encoding errors first,
 * as the Python verifier does), returning the ciphertexts as points.
 */
function parseBallot(ballot, qs) {
  if (ballot === null || typeof ballot !== 'object' ||
      Object.keys(ballot).sort().join(',') !== 'answers,credential,election,signature') {
    throw new CryptoError('ballot: expected exactly keys answers, credential, election, signature',
      'invalid_schema');
  }
  if (!Array.isArray(ballot.answers) || ballot.answers.length !== qs.length) {
    throw new CryptoError(`ballot.answers: expected ${qs.length}`, 'invalid_schema');
  }
  hexToBytes(ballot.election, 'ballot.election', 32);
  const K = decodeElement(ballot.credential, 'ballot.credential');
  const cts = ballot.answers.map((a, qi) => {
    const w = `ballot.answers[${qi}]`;
    if (a === null || typeof a !== 'object' ||
        Object.keys(a).sort().join(',') !== 'choices,proofs,sum_proof') {
      throw new CryptoError(`${w}: expected exactly keys choices, proofs, sum_proof`, 'invalid_schema');
    }
    const n = qs[qi].options.length;
    if (!Array.isArray(a.choices) || a.choices.length !== n) {
      throw new CryptoError(`${w}.choices: expected ${n} ciphertexts`, 'invalid_schema');
    }
    if (!Array.isArray(a.proofs) || a.proofs.length !== n) {
      throw new CryptoError(`${w}.proofs: expected ${n} proofs`, 'invalid_schema');
    }
    const row = a.choices.map((ct, oi) => decodeCiphertext(ct, `${w}.choices[${oi}]`));
    a.proofs.forEach((p, oi) => decodeProofs(p, `${w}.proofs[${oi}]`, 2));
    decodeProofs(a.sum_proof, `${w}.sum_proof`, qs[qi].max - qs[qi].min + 1);
    return row;
  });
  decodeProof(ballot.signature, 'ballot.signature');
  return { K, cts };
}

/**
 * Verify a ballot as the server and the verifier do (§4.5), in the Python verifier's order:
 * schema and encodings, election, credential list, signature, then every proof. Throws
 * CryptoError with a §6.7 code; returns the ciphertexts (points) per question and option.
 * @param {object} ballot
 * @param {{manifest: object, fingerprint: string, public_key: string, credentials?: string[]}} ctx
 */
export function verifyBallot(ballot, ctx) {
  const qs = ctx.manifest.questions;
  const { K, cts } = parseBallot(ballot, qs);
  if (ballot.election !== ctx.fingerprint) {
    throw new CryptoError('ballot is for another election', 'wrong_election');
  }
  if (ctx.credentials && !ctx.credentials.includes(ballot.credential)) {
    throw new CryptoError('ballot credential is not on the list', 'unknown_credential');
  }
  const fp = hexToBytes(ctx.fingerprint, 'fingerprint', 32);
  schnorrVerify('ballot-signature', [fp, signedBytes(ballot)], K, ballot.signature,
    'ballot.signature', 'invalid_signature');
  const Y = electionKey(ctx.public_key);
  ballot.answers.forEach((a, qi) => {
    const w = `ballot.answers[${qi}]`;
    const row = cts[qi];
    row.forEach((ct, oi) => rangeVerify('option', fp, K, Y, 0, 1, ct.alpha, ct.beta, a.proofs[oi],
      `${w}.proofs[${oi}]`));
    const sum = row.reduce((x, y) => addCiphertexts(x, y));
    rangeVerify('sum', fp, K, Y, qs[qi].min, qs[qi].max, sum.alpha, sum.beta, a.sum_proof,
      `${w}.sum_proof`);
  });
  return cts;
}

/**
 * Verify an audited ballot (§4.5 "Audit"): the ballot verifies and the revealed choices and
 * randomness open every ciphertext within the bounds. Returns the revealed choices.
 * @param {{ballot: object, choices: number[][], randomness: string[][]}} audited
 * @param {{manifest: object, fingerprint: string, public_key: string}} ctx
 */
export function verifyAudit(audited, ctx) {
  const cts = verifyBallot(audited.ballot, ctx);
  const Y = electionKey(ctx.public_key);
  const qs = ctx.manifest.questions;
  checkChoices(ctx.manifest, audited.choices);
  if (!Array.isArray(audited.randomness) || audited.randomness.length !== qs.length) {
    throw new CryptoError('audit.randomness: wrong shape', 'invalid_schema');
  }
  cts.forEach((row, qi) => row.forEach((ct, oi) => {
    const rs = audited.randomness[qi];
    if (!Array.isArray(rs) || rs.length !== row.length) {
      throw new CryptoError(`audit.randomness[${qi}]: wrong shape`, 'invalid_schema');
    }
    const r = decodeScalar(rs[oi], `audit.randomness[${qi}][${oi}]`);
    const m = BigInt(audited.choices[qi][oi]);
    if (!baseMul(r).equals(ct.alpha) || !baseMul(m).add(mul(Y, r)).equals(ct.beta)) {
      throw new CryptoError(`audit: ciphertext [${qi}][${oi}] does not open to the revealed choice`,
        'invalid_ballot');
    }
  }));
  return audited.choices;
}
