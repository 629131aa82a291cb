// PHIEUKIN-v2 messages (docs/protocol.md §4.6.1, §4.8–§4.10), the twin of phieukin.crypto's
// signing, credential_list and threshold (complaint round): what the chair's and the trustees'
// browsers sign, and the receipt check the booth runs. Secrets stay in plain state objects of
// hex strings that the page keeps (localStorage, a key file, a paper backup); nothing here sends.

import { canonicalBytes } from './cjson.js';
import { credentialKeypair, formatCode, generateCode } from './credential.js';
import { decryptShare, feldmanEval } from './dkg.js';
import {
  CryptoError, IDENTITY, baseMul, bytesToHex, decodeElement, decodeScalar, encodeElement,
  encodeScalar, hexToBytes, mod, randomScalar,
} from './group.js';
import { D32, el, u32, utf8 } from './hash.js';
import { schnorrProve, schnorrVerify } from './proofs.js';
import { partialDecrypt } from './tally.js';

const withoutSignature = ({ signature, ...rest }) => rest; // eslint-disable-line no-unused-vars

/** Sign a payload with a trustee's long-term key z_i (DST trustee-signature, §4.1). */
export function signAsTrustee(state, payload) {
  const z = decodeScalar(state.z, 'state.z');
  const ctx = [utf8(state.election_id), u32(state.trustee), canonicalBytes(payload)];
  return { ...payload, signature: schnorrProve('trustee-signature', ctx, z, baseMul(z)) };
}

/** Verify a trustee signature against P_i (hex); throws invalid_signature. */
export function verifyTrusteeSignature(electionId, index, publicKeyHex, payload, what = 'payload') {
  const P = decodeElement(publicKeyHex, `${what}: trustee key`);
  const ctx = [utf8(electionId), u32(index), canonicalBytes(withoutSignature(payload))];
  schnorrVerify('trustee-signature', ctx, P, payload.signature, `${what}.signature`,
    'invalid_signature');
}

// -- the chair (§4.8) ---------------------------------------------------------------------------

/** A fresh chair key for an election: keep `state` (secret), post `payload` (chair_key). */
export function chairKey(electionId) {
  const c = randomScalar();
  const C = baseMul(c);
  const payload = { public_key: encodeElement(C),
    key_proof: schnorrProve('chair-key', [utf8(electionId)], c, C) };
  return { state: { election_id: electionId, role: 'chair', c: encodeScalar(c) }, payload };
}

/** The chair's signature over the attendance counts, bound to fp (DST chair-signature). */
export function signAttendance(chairState, fingerprintHex, counts) {
  const c = decodeScalar(chairState.c, 'chair key');
  const fp = hexToBytes(fingerprintHex, 'fingerprint', 32);
  const proof = schnorrProve('chair-signature', [fp, canonicalBytes(counts)], c, baseMul(c));
  return { ...counts, signature: proof };
}

/** fp (v2) = D32("fingerprint", canonical(setup), Y, C) as hex (§6.3). */
export function fingerprintV2(setupPayload, publicKeyHex, chairKeyHex) {
  const Y = decodeElement(publicKeyHex, 'public_key');
  const C = decodeElement(chairKeyHex, 'chair_key');
  return bytesToHex(D32('fingerprint', canonicalBytes(setupPayload), el(Y), el(C)));
}

// -- the complaint round (§4.6.1) ---------------------------------------------------------------

function polyAt(state, x) {
  let acc = 0n;
  const coeffs = state.coefficients.map((c, k) => decodeScalar(c, `state.coefficients[${k}]`));
  for (let k = coeffs.length - 1; k >= 0; k--) acc = mod(acc * BigInt(x) + coeffs[k]);
  return acc;
}

/** The share dealer i sent me, checked against its Feldman commitments; throws invalid_share. */
function dealtShare(state, reveal) {
  const j = state.trustee;
  const i = reveal.trustee;
  const box = Array.isArray(reveal.shares) ? reveal.shares.find((sh) => sh && sh.to === j) : null;
  if (!box) throw new CryptoError(`trustee ${i} sent no share to trustee ${j}`, 'invalid_share');
  const sigma = decryptShare(state.election_id, i, j, decodeScalar(state.z, 'state.z'), box);
  const As = reveal.coefficients.map((a, k) => decodeElement(a, `dkg_reveal[${i}].coefficients[${k}]`));
  if (!baseMul(sigma).equals(feldmanEval(As, j))) {
    throw new CryptoError(`share from trustee ${i} fails the Feldman check`, 'invalid_share');
  }
  return sigma;
}

/** Round 3: open every share; the signed dkg_check names the dealers whose share failed. */
export function dkgCheck(state, reveals) {
  const complaints = [];
  for (const reveal of [...reveals].sort((a, b) => a.trustee - b.trustee)) {
    if (reveal.trustee === state.trustee) continue;
    try { dealtShare(state, reveal); } catch { complaints.push(reveal.trustee); }
  }
  return signAsTrustee(state, { trustee: state.trustee, complaints });
}

/** A dealer's answer to trustee `to`'s complaint: the share f_i(to) in the clear, signed. */
export function dkgAnswer(state, to) {
  return signAsTrustee(state, { trustee: state.trustee, to, share: encodeScalar(polyAt(state, to)) });
}

/** QUAL: dealers every complaint against whom has an answer (answers: dkg_answer payloads). */
export function qualifiedSet(n, checks, answers) {
  const answered = new Set(answers.map((a) => `${a.trustee}:${a.to}`));
  const out = [];
  for (let i = 1; i <= n; i++) {
    const open = checks.some((c) => c.complaints.includes(i) && !answered.has(`${i}:${c.trustee}`));
    if (!open) out.push(i);
  }
  return out;
}

/** Y = Σ_{i∈QUAL} A_i0 and every Y_j over QUAL's dealers. */
export function jointKeyV2(reveals, n, qualified) {
  const polys = reveals.filter((r) => qualified.includes(r.trustee))
    .map((r) => r.coefficients.map((a) => decodeElement(a, 'coefficient')));
  const Y = polys.reduce((acc, As) => acc.add(As[0]), IDENTITY);
  if (Y.is0()) throw new CryptoError('joint key is the identity', 'invalid_proof');
  const vks = [];
  for (let j = 1; j <= n; j++) vks.push(polys.reduce((acc, As) => acc.add(feldmanEval(As, j)), IDENTITY));
  return { public_key: encodeElement(Y), verification_keys: vks.map(encodeElement) };
}

/**
 * Round 5: s_j = Σ_{i∈QUAL} σ_ij (an answered share from the record, else the sealed one), and
 * the signed dkg_ack over QUAL. Returns {state (with share, qualified), ack}.
 */
export function dkgAckV2(state, reveals, answers, qualified) {
  const j = state.trustee;
  let s = 0n;
  for (const i of qualified) {
    const answer = answers.find((a) => a.trustee === i && a.to === j);
    let sigma;
    if (i === j) sigma = polyAt(state, j);
    else if (answer) sigma = decodeScalar(answer.share, `dkg_answer[${i}].share`);
    else sigma = dealtShare(state, reveals.find((r) => r.trustee === i));
    s = mod(s + sigma);
  }
  const joint = jointKeyV2(reveals, reveals.length, qualified);
  const vk = encodeElement(baseMul(s));
  if (vk !== joint.verification_keys[j - 1]) {
    throw new CryptoError('my verification key disagrees with the commitments', 'invalid_share');
  }
  const ack = signAsTrustee(state, { trustee: j, qualified: [...qualified],
    public_key: joint.public_key, verification_key: vk });
  return { state: { ...state, share: encodeScalar(s), qualified: [...qualified] }, ack };
}

// -- before opening: key possession, the credential list (§4.6.2, §4.10) --------------------------

/** Prove the (reloaded) key file opens s_i for Y_i, and sign with z_i. */
export function keyPossession(state, fingerprintHex) {
  const s = decodeScalar(state.share, 'state.share');
  const fp = hexToBytes(fingerprintHex, 'fingerprint', 32);
  const proof = schnorrProve('key-possession', [fp, u32(state.trustee)], s, baseMul(s));
  return signAsTrustee(state, { trustee: state.trustee, share_proof: proof });
}

/**
 * Issue `count` cards: fresh codes (they go on the cards and nowhere else) and the signed list
 * of their public keys, its count and fp. Returns {codes (printed form), payload}.
 */
export function issueCredentials(state, fingerprintHex, count) {
  if (!Number.isInteger(count) || count < 1) throw new CryptoError('count must be ≥ 1', 'invalid_schema');
  const codes = [];
  const keys = new Set();
  while (codes.length < count) {
    const code = generateCode();
    const pub = encodeElement(credentialKeypair(state.election_id, code).publicKey);
    if (keys.has(pub)) continue;
    keys.add(pub);
    codes.push(code);
  }
  const payload = signAsTrustee(state, { election: fingerprintHex, issuer: state.trustee,
    count, credentials: [...keys].sort() });
  return { codes, payload };
}

/** Another trustee confirms the list by signing the hash of its record event. */
export function endorseCredentials(state, eventHash) {
  hexToBytes(eventHash, 'event', 32);
  return signAsTrustee(state, { trustee: state.trustee, event: eventHash });
}

/** The v2 partial decryption: factors and proofs, the close it decrypts, signed with z_i. */
export function partialDecryptV2(fingerprintHex, state, tally, closeHash) {
  const pd = partialDecrypt(fingerprintHex, state.trustee, state.share, tally);
  return signAsTrustee(state, { ...pd, close: closeHash });
}

// -- receipts (§4.9) ----------------------------------------------------------------------------

const RECEIPT_KEYS = 'ballot,election,event,kind,seq,signature';

/** Check the server's signature on a receipt (S from setup.server_key) and its election. */
export function verifyReceipt(receipt, serverKeyHex, fingerprintHex) {
  if (!receipt || typeof receipt !== 'object' || Object.keys(receipt).sort().join(',') !== RECEIPT_KEYS) {
    throw new CryptoError('receipt: wrong keys', 'invalid_schema');
  }
  if (receipt.election !== fingerprintHex) throw new CryptoError('receipt for another election', 'wrong_election');
  const S = decodeElement(serverKeyHex, 'server_key');
  schnorrVerify('receipt', [canonicalBytes(withoutSignature(receipt))], S, receipt.signature,
    'receipt.signature', 'invalid_signature');
  return true;
}

// -- paper backup of a trustee's key (§4.6.2) ---------------------------------------------------

const BACKUP_PREFIX = 'PHIEUKIN-KEY-2';

/** The text of a paper backup (QR): what decryption needs, z_i and s_i, for one election. */
export function keyBackupText(state) {
  decodeScalar(state.z, 'state.z');
  decodeScalar(state.share, 'state.share');
  return [BACKUP_PREFIX, state.election_id, state.trustee, state.z, state.share].join('|');
}

/** A key state from a paper backup's text (as scanned or typed); throws invalid_encoding. */
export function parseKeyBackup(text) {
  const parts = String(text).trim().split('|');
  if (parts.length !== 5 || parts[0] !== BACKUP_PREFIX) {
    throw new CryptoError('not a phieukin key backup', 'invalid_encoding');
  }
  const trustee = Number(parts[2]);
  if (!Number.isInteger(trustee) || trustee < 1) throw new CryptoError('bad trustee index', 'invalid_encoding');
  decodeScalar(parts[3], 'z');
  decodeScalar(parts[4], 'share');
  return { election_id: parts[1], trustee, z: parts[3], share: parts[4] };
}

export { formatCode };
