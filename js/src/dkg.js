// Trustee side of the distributed key generation (docs/protocol.md §4.6, §6.6), for the key
// ceremony page: Pedersen DKG with Feldman commitments, commit-then-reveal, proofs of knowledge,
// shares encrypted to each other trustee by hashed ElGamal with encrypt-then-MAC.
//
// The trustee's secrets live in a plain state object of hex strings (`z`, `coefficients`, later
// `share`) so the page can keep it (e.g. download it) between the steps; it never leaves the
// browser otherwise.

import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { canonicalBytes } from './cjson.js';
import {
  CryptoError, IDENTITY, baseMul, bigintToLe, bytesToHex, decodeElement, decodeScalar,
  encodeElement, encodeScalar, hexToBytes, leToBigint, L, mod, mul, randomScalar,
} from './group.js';
import { D32, H, el, u32, utf8 } from './hash.js';
import { schnorrProve, schnorrVerify } from './proofs.js';

const withoutSignature = ({ signature, ...rest }) => rest; // eslint-disable-line no-unused-vars

/** Σ_k x^k·A_k: the Feldman check value of a polynomial's commitments at x. */
export function feldmanEval(commitments, x) {
  let acc = IDENTITY;
  let pow = 1n;
  for (const A of commitments) {
    acc = acc.add(mul(A, pow));
    pow = mod(pow * BigInt(x));
  }
  return acc;
}

function polyEval(coeffs, x) {
  let acc = 0n;
  for (let k = coeffs.length - 1; k >= 0; k--) acc = mod(acc * BigInt(x) + coeffs[k]);
  return acc;
}

const commitmentOf = (electionId, i, As) =>
  bytesToHex(D32('dkg-commit', utf8(electionId), u32(i), ...As.map(el)));

/**
 * Step 1: a trustee's keys, polynomial and `dkg_commit` payload.
 * @returns {{state: object, commit: object}}  keep `state` secret; append `commit`
 */
export function dkgCommit(electionId, i, t) {
  const z = randomScalar();
  const P = baseMul(z);
  const coeffs = Array.from({ length: t }, () => randomScalar());
  const As = coeffs.map(baseMul);
  const ctx = [utf8(electionId), u32(i)];
  const commit = {
    trustee: i,
    public_key: encodeElement(P),
    key_proof: schnorrProve('dkg-key', ctx, z, P),
    commitment: commitmentOf(electionId, i, As),
  };
  const state = { election_id: electionId, trustee: i, threshold: t, z: encodeScalar(z),
    coefficients: coeffs.map(encodeScalar) };
  return { state, commit };
}

/** Check a `dkg_commit` payload; returns P_i. */
export function verifyCommit(electionId, commit) {
  const P = decodeElement(commit.public_key, `dkg_commit[${commit.trustee}].public_key`);
  schnorrVerify('dkg-key', [utf8(electionId), u32(commit.trustee)], P, commit.key_proof,
    `dkg_commit[${commit.trustee}].key_proof`);
  return P;
}

function shareKeys(electionId, i, j, Pj, E, Kx) {
  const k = H('share-kdf', utf8(electionId), u32(i), u32(j), el(Pj), el(E), el(Kx));
  return { enc: k.slice(0, 32), mac: k.slice(32, 64) };
}

function shareTag(mac, electionId, i, j, E, ct) {
  const msg = new Uint8Array([...utf8(electionId), ...u32(i), ...u32(j), ...el(E), ...ct]);
  return hmac(sha512, mac, msg).slice(0, 32);
}

/** Encrypt share σ from trustee i to trustee j with public key Pj (§6.6). */
export function encryptShare(electionId, i, j, Pj, sigma) {
  const e = randomScalar();
  const E = baseMul(e);
  const k = shareKeys(electionId, i, j, Pj, E, mul(Pj, e));
  const ct = bigintToLe(sigma).map((b, n) => b ^ k.enc[n]);
  return { to: j, ephemeral: encodeElement(E), ciphertext: bytesToHex(ct),
    tag: bytesToHex(shareTag(k.mac, electionId, i, j, E, ct)) };
}

/** Decrypt and authenticate a share sent by trustee i to j (secret zj); returns σ. */
export function decryptShare(electionId, i, j, zj, encShare) {
  const what = `share ${i}→${j}`;
  const E = decodeElement(encShare.ephemeral, `${what}.ephemeral`);
  const ct = hexToBytes(encShare.ciphertext, `${what}.ciphertext`, 32);
  const tag = hexToBytes(encShare.tag, `${what}.tag`, 32);
  const Pj = baseMul(zj);
  const k = shareKeys(electionId, i, j, Pj, E, mul(E, zj));
  const want = shareTag(k.mac, electionId, i, j, E, ct);
  let diff = 0;
  for (let n = 0; n < 32; n++) diff |= want[n] ^ tag[n];
  if (diff !== 0) throw new CryptoError(`${what}: authentication tag does not match`, 'invalid_share');
  const sigma = leToBigint(ct.map((b, n) => b ^ k.enc[n]));
  if (sigma >= L) throw new CryptoError(`${what}: share is not a canonical scalar`, 'invalid_share');
  return sigma;
}

/**
 * Step 2 (after all n commits): the `dkg_reveal` payload.
 * @param {object} state   from dkgCommit
 * @param {object[]} commits  all n `dkg_commit` payloads
 */
export function dkgReveal(state, commits) {
  const { election_id: eid, trustee: i } = state;
  const coeffs = state.coefficients.map((c, k) => decodeScalar(c, `state.coefficients[${k}]`));
  const shares = [...commits].sort((a, b) => a.trustee - b.trustee)
    .filter((c) => c.trustee !== i)
    .map((c) => encryptShare(eid, i, c.trustee, verifyCommit(eid, c), polyEval(coeffs, c.trustee)));
  const A0 = baseMul(coeffs[0]);
  const reveal = {
    trustee: i,
    coefficients: coeffs.map((a) => encodeElement(baseMul(a))),
    secret_proof: schnorrProve('dkg-secret', [utf8(eid), u32(i)], coeffs[0], A0),
    shares,
  };
  const z = decodeScalar(state.z, 'state.z');
  reveal.signature = schnorrProve('trustee-signature',
    [utf8(eid), u32(i), canonicalBytes(reveal)], z, baseMul(z));
  return reveal;
}

/**
 * Check a `dkg_reveal` against its commit (hash, proofs, signature, one share to each other
 * trustee in ascending order when `n` is given); returns its A_ik.
 */
export function verifyReveal(electionId, t, commit, reveal, n = undefined) {
  const i = reveal.trustee;
  const w = `dkg_reveal[${i}]`;
  if (n !== undefined) {
    const to = Array.isArray(reveal.shares) ? reveal.shares.map((sh) => sh?.to).join(',') : '';
    const want = Array.from({ length: n }, (_, k) => k + 1).filter((j) => j !== i).join(',');
    if (to !== want) throw new CryptoError(`${w}: shares must go to ${want}`, 'invalid_schema');
  }
  if (!Array.isArray(reveal.coefficients) || reveal.coefficients.length !== t) {
    throw new CryptoError(`${w}: expected ${t} coefficients`, 'invalid_schema');
  }
  const As = reveal.coefficients.map((a, k) => decodeElement(a, `${w}.coefficients[${k}]`));
  if (commitmentOf(electionId, i, As) !== commit.commitment) {
    throw new CryptoError(`${w}: does not match its commitment`, 'invalid_share');
  }
  schnorrVerify('dkg-secret', [utf8(electionId), u32(i)], As[0], reveal.secret_proof,
    `${w}.secret_proof`);
  const P = decodeElement(commit.public_key, `dkg_commit[${i}].public_key`);
  schnorrVerify('trustee-signature', [utf8(electionId), u32(i), canonicalBytes(withoutSignature(reveal))],
    P, reveal.signature, `${w}.signature`, 'invalid_signature');
  return As;
}

/** Y and every Y_j from all reveals' coefficients (§4.6 (5)). */
export function jointKey(reveals, n) {
  const polys = reveals.map((r) => r.coefficients.map((a) => decodeElement(a, 'coefficient')));
  const Y = polys.reduce((acc, As) => acc.add(As[0]), IDENTITY);
  if (Y.is0()) throw new CryptoError('joint key is the identity', 'invalid_share');
  const vks = [];
  for (let j = 1; j <= n; j++) vks.push(polys.reduce((acc, As) => acc.add(feldmanEval(As, j)), IDENTITY));
  return { public_key: encodeElement(Y), verification_keys: vks.map(encodeElement) };
}

/**
 * Step 3 (after all n reveals): check every share sent to me, derive my share s_j and the joint
 * key, and build the `dkg_ack` payload. Throws CryptoError('invalid_share') naming the sender if
 * any share is wrong (the ceremony must then restart).
 * @returns {{state: object, ack: object}}  `state.share` is my secret share s_j (hex)
 */
export function dkgAck(state, commits, reveals) {
  const { election_id: eid, trustee: j, threshold: t } = state;
  const z = decodeScalar(state.z, 'state.z');
  const byIndex = new Map(commits.map((c) => [c.trustee, c]));
  let s = 0n;
  for (const reveal of reveals) {
    const i = reveal.trustee;
    const As = verifyReveal(eid, t, byIndex.get(i), reveal, commits.length);
    let sigma;
    if (i === j) {
      sigma = polyEval(state.coefficients.map((c) => decodeScalar(c, 'coefficient')), j);
    } else {
      const enc = reveal.shares.find((sh) => sh.to === j);
      if (!enc) throw new CryptoError(`dkg_reveal[${i}]: no share for trustee ${j}`, 'invalid_share');
      sigma = decryptShare(eid, i, j, z, enc);
    }
    if (!baseMul(sigma).equals(feldmanEval(As, j))) {
      throw new CryptoError(`share from trustee ${i} fails the Feldman check`, 'invalid_share');
    }
    s = mod(s + sigma);
  }
  const joint = jointKey(reveals, commits.length);
  const ack = { trustee: j, public_key: joint.public_key, verification_key: encodeElement(baseMul(s)) };
  if (ack.verification_key !== joint.verification_keys[j - 1]) {
    throw new CryptoError('my verification key disagrees with the commitments', 'invalid_share');
  }
  ack.signature = schnorrProve('trustee-signature', [utf8(eid), u32(j), canonicalBytes(ack)], z,
    baseMul(z));
  return { state: { ...state, share: encodeScalar(s) }, ack };
}

/** fp = D32("fingerprint", canonical(setup.payload), Y) as hex (§6.3). */
export function fingerprint(setupPayload, publicKeyHex) {
  const Y = decodeElement(publicKeyHex, 'public_key');
  return bytesToHex(D32('fingerprint', canonicalBytes(setupPayload), el(Y)));
}

/** Check a `dkg_ack` signature against the trustee's long-term key P_j (hex). */
export function verifyAck(electionId, publicKeyHex, ack) {
  const P = decodeElement(publicKeyHex, `dkg_commit[${ack.trustee}].public_key`);
  schnorrVerify('trustee-signature',
    [utf8(electionId), u32(ack.trustee), canonicalBytes(withoutSignature(ack))], P, ack.signature,
    `dkg_ack[${ack.trustee}].signature`, 'invalid_signature');
}
