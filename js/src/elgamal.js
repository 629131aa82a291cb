// Exponential ElGamal over ristretto255 (docs/protocol.md §4.2): α = r·G, β = m·G + r·Y.

import { CryptoError, baseMul, decodeElement, encodeElement, mul, randomScalar } from './group.js';

/** Encrypt small m ≥ 0 under Y; returns {alpha, beta, r} (points and the bigint randomness). */
export function encrypt(Y, m, r = randomScalar()) {
  return { alpha: baseMul(r), beta: baseMul(BigInt(m)).add(mul(Y, r)), r };
}

/** Ciphertext JSON -> points; `allowIdentity` for tallies (never for ballots). */
export function decodeCiphertext(ct, what, allowIdentity = false) {
  if (ct === null || typeof ct !== 'object' || Object.keys(ct).sort().join(',') !== 'alpha,beta') {
    throw new CryptoError(`${what}: expected exactly keys alpha, beta`, 'invalid_schema');
  }
  return {
    alpha: decodeElement(ct.alpha, `${what}.alpha`, allowIdentity),
    beta: decodeElement(ct.beta, `${what}.beta`, allowIdentity),
  };
}

/** Points -> ciphertext JSON. */
export const encodeCiphertext = (ct) => ({
  alpha: encodeElement(ct.alpha),
  beta: encodeElement(ct.beta),
});

/** Component-wise sum of two ciphertexts. */
export const addCiphertexts = (a, b) => ({ alpha: a.alpha.add(b.alpha), beta: a.beta.add(b.beta) });
