// Threshold decryption of the encrypted tally (docs/protocol.md §4.7): a trustee's partial
// decryption with Chaum–Pedersen proofs, its verification, and the Lagrange combination.

import { decodeCiphertext } from './elgamal.js';
import {
  CryptoError, IDENTITY, L, baseMul, decodeElement, decodeScalar, encodeElement, hexToBytes, mod,
  mul,
} from './group.js';
import { decryptionProve, decryptionVerify } from './proofs.js';

function tallyCiphertexts(tally) {
  if (!Array.isArray(tally.ciphertexts)) throw new CryptoError('tally: ciphertexts', 'invalid_schema');
  return tally.ciphertexts.map((row, q) => row.map((ct, o) =>
    decodeCiphertext(ct, `encrypted_tally.ciphertexts[${q}][${o}]`, true)));
}

/**
 * A trustee's `partial_decryption` payload for an `encrypted_tally` payload.
 * @param {string} fingerprint  election fingerprint fp (hex)
 * @param {number} i            the trustee's index
 * @param {string} shareHex     the trustee's secret share s_i (from dkgAck's state.share)
 * @param {object} tally        the `encrypted_tally` payload
 */
export function partialDecrypt(fingerprint, i, shareHex, tally) {
  const fp = hexToBytes(fingerprint, 'fingerprint', 32);
  const s = decodeScalar(shareHex, 'share');
  const Yi = baseMul(s);
  const factors = [];
  const proofs = [];
  for (const row of tallyCiphertexts(tally)) {
    const D = row.map((ct) => mul(ct.alpha, s));
    factors.push(D.map(encodeElement));
    proofs.push(row.map((ct, o) => decryptionProve(fp, i, Yi, ct.alpha, ct.beta, D[o], s)));
  }
  return { trustee: i, factors, proofs };
}

/** Check a `partial_decryption` against Y_i (hex); returns its factors as points. */
export function verifyPartialDecryption(fingerprint, verificationKey, tally, pd) {
  const fp = hexToBytes(fingerprint, 'fingerprint', 32);
  const Yi = decodeElement(verificationKey, 'verification key');
  const w = `partial_decryption[${pd.trustee}]`;
  const cts = tallyCiphertexts(tally);
  if (!Array.isArray(pd.factors) || pd.factors.length !== cts.length ||
      !Array.isArray(pd.proofs) || pd.proofs.length !== cts.length) {
    throw new CryptoError(`${w}: wrong shape`, 'invalid_schema');
  }
  return cts.map((row, q) => row.map((ct, o) => {
    const D = decodeElement(pd.factors[q]?.[o], `${w}.factors[${q}][${o}]`, true);
    decryptionVerify(fp, pd.trustee, Yi, ct.alpha, ct.beta, D, pd.proofs[q]?.[o],
      `${w}.proofs[${q}][${o}]`);
    return D;
  }));
}

function invert(x) {
  let [a, b, u] = [mod(x), L, 1n];
  let v = 0n;
  while (a !== 0n) {
    const q = b / a;
    [a, b] = [b - q * a, a];
    [u, v] = [v - q * u, u];
  }
  return mod(v);
}

/** λ_i = Π_{j∈S, j≠i} j·(j − i)^{-1} mod ℓ. */
export function lagrange(i, S) {
  return S.filter((j) => j !== i).reduce((acc, j) => mod(acc * BigInt(j) * invert(BigInt(j - i))), 1n);
}

/**
 * Combine verified partial decryptions of trustees S (≥ t) into counts, by a table of m·G for
 * 0 ≤ m ≤ counted. `factorsByTrustee` maps index -> factors (points) from verifyPartialDecryption.
 */
export function combine(tally, factorsByTrustee, S) {
  const table = new Map();
  let P = IDENTITY;
  for (let m = 0; m <= tally.counted; m++) {
    table.set(encodeElement(P), m);
    P = P.add(baseMul(1n));
  }
  const lambdas = new Map(S.map((i) => [i, lagrange(i, S)]));
  return tallyCiphertexts(tally).map((row, q) => row.map((ct, o) => {
    let M = ct.beta;
    for (const i of S) M = M.subtract(mul(factorsByTrustee.get(i)[q][o], lambdas.get(i)));
    const m = table.get(encodeElement(M));
    if (m === undefined) throw new CryptoError(`count [${q}][${o}] is out of range`, 'result_mismatch');
    return m;
  }));
}
