// Sigma proofs (docs/protocol.md §4.1, §4.3, §4.4), made non-interactive by strong Fiat–Shamir:
// every challenge hashes the DST, the context (election fingerprint, credential, indices), the
// statement and the commitments. Proofs travel as {c, s} (or a list of them) in hex.

import {
  CryptoError, G, IDENTITY, L, baseMul, decodeScalar, encodeScalar, mod, mul, randomScalar,
} from './group.js';
import { H2S, el, u32 } from './hash.js';

export function decodeProof(proof, what) {
  if (proof === null || typeof proof !== 'object' || Array.isArray(proof)) {
    throw new CryptoError(`${what}: expected {c, s}`, 'invalid_schema');
  }
  const keys = Object.keys(proof).sort().join(',');
  if (keys !== 'c,s') throw new CryptoError(`${what}: expected exactly keys c, s`, 'invalid_schema');
  return [decodeScalar(proof.c, `${what}.c`), decodeScalar(proof.s, `${what}.s`)];
}

const enc = (c, s) => ({ c: encodeScalar(c), s: encodeScalar(s) });

/** Schnorr proof of x for X = x·G with context parts `ctx` (§4.1). */
export function schnorrProve(dst, ctx, x, X) {
  const w = randomScalar();
  const c = H2S(dst, ...ctx, el(X), el(baseMul(w)));
  return enc(c, mod(w - c * x));
}

/** Verify a §4.1 Schnorr proof; throws CryptoError(code) when it does not verify. */
export function schnorrVerify(dst, ctx, X, proof, what = 'proof', code = 'invalid_proof') {
  const [c, s] = decodeProof(proof, what);
  const A = baseMul(s).add(mul(X, c));
  if (H2S(dst, ...ctx, el(X), el(A)) !== c) throw new CryptoError(`${what} does not verify`, code);
}

/**
 * Disjunctive proof that (alpha, beta) encrypts m ∈ [lo, hi] under Y with randomness r (§4.4).
 * `fp` is the 32-byte election fingerprint, `K` the credential element.
 */
export function rangeProve(dst, fp, K, Y, lo, hi, alpha, beta, m, r) {
  const cs = [];
  const ss = [];
  const commits = [];
  let w = 0n;
  for (let j = lo; j <= hi; j++) {
    if (j === m) {
      w = randomScalar();
      cs.push(0n);
      ss.push(0n);
      commits.push(el(baseMul(w)), el(mul(Y, w)));
    } else {
      const c = randomScalar();
      const s = randomScalar();
      cs.push(c);
      ss.push(s);
      const A = baseMul(s).add(mul(alpha, c));
      const B = mul(Y, s).add(mul(beta.subtract(baseMul(BigInt(j))), c));
      commits.push(el(A), el(B));
    }
  }
  const c = H2S(dst, fp, el(K), el(Y), u32(lo), u32(hi), el(alpha), el(beta), ...commits);
  const k = m - lo;
  const cm = mod(c - cs.reduce((a, b) => a + b, 0n));
  cs[k] = cm;
  ss[k] = mod(w - cm * r);
  return cs.map((ci, i) => enc(ci, ss[i]));
}

/** Decode (and so validate) a list of `count` proofs; throws invalid_schema / encoding errors. */
export function decodeProofs(list, what, count) {
  if (!Array.isArray(list) || list.length !== count) {
    throw new CryptoError(`${what}: expected a list of ${count} proofs`, 'invalid_schema');
  }
  return list.map((p, k) => decodeProof(p, `${what}[${k}]`));
}

/** Verify a §4.4 range proof; throws CryptoError('invalid_proof') naming `what`. */
export function rangeVerify(dst, fp, K, Y, lo, hi, alpha, beta, proof, what = 'proof') {
  decodeProofs(proof, what, hi - lo + 1);
  let sum = 0n;
  const commits = [];
  for (let j = lo; j <= hi; j++) {
    const [c, s] = decodeProof(proof[j - lo], `${what}[${j - lo}]`);
    sum += c;
    const A = baseMul(s).add(mul(alpha, c));
    const B = mul(Y, s).add(mul(beta.subtract(baseMul(BigInt(j))), c));
    commits.push(el(A), el(B));
  }
  const c = H2S(dst, fp, el(K), el(Y), u32(lo), u32(hi), el(alpha), el(beta), ...commits);
  if (mod(sum) !== c) throw new CryptoError(`${what} does not verify`, 'invalid_proof');
}

/** Chaum–Pedersen proof that D = s_i·α and Y_i = s_i·G (§4.3). */
export function decryptionProve(fp, i, Yi, alpha, beta, D, si) {
  const w = randomScalar();
  const c = H2S('decryption', fp, u32(i), el(Yi), el(alpha), el(beta), el(D),
    el(baseMul(w)), el(mul(alpha, w)));
  return enc(c, mod(w - c * si));
}

/** Verify a §4.3 decryption proof; throws CryptoError('invalid_proof'). */
export function decryptionVerify(fp, i, Yi, alpha, beta, D, proof, what = 'proof') {
  const [c, s] = decodeProof(proof, what);
  const A = baseMul(s).add(mul(Yi, c));
  const B = mul(alpha, s).add(mul(D, c));
  const c2 = H2S('decryption', fp, u32(i), el(Yi), el(alpha), el(beta), el(D), el(A), el(B));
  if (c2 !== c) throw new CryptoError(`${what} does not verify`, 'invalid_proof');
}

export { G, IDENTITY, L };
