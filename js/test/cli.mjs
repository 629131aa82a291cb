// Test driver for tests/js/*.py: reads a JSON list of operations on stdin, runs each against the
// vendored bundle (what the browser loads) and prints a JSON list of results, each either
// {"ok": value} or {"error": {"code", "message"}}. One node process serves a whole test.
import * as pk from '../../src/phieukin/voting/static/voting/vendor/phieukin-crypto.js';
import { checkRecord } from './record_check.mjs';

// PHIEUKIN_JS_BACKEND=sodium runs every operation on libsodium's wasm build (the vendored
// phieukin-sodium.js the booth loads), =noble (the default) on @noble/curves: the tests in
// tests/js run both. A backend that does not come up is a failure, never a silent fallback.
const wanted = process.env.PHIEUKIN_JS_BACKEND || 'noble';
const SODIUM = '../../src/phieukin/voting/static/voting/vendor/phieukin-sodium.js';
const got = await pk.init({ backend: wanted, sodium: () => import(SODIUM) });
if (got !== wanted) throw new Error(`backend ${wanted} requested, ${got} in use`);

const part = (value, kind) => {
  if (kind === 'bytes') return pk.hexToBytes(value);
  if (kind === 'str') return pk.utf8(value);
  if (kind === 'int') return pk.u32(value);
  if (kind === 'element') return pk.decodeElement(value).toBytes();
  throw new Error(`unknown hash part kind ${kind}`);
};

const ops = {
  backend: () => pk.backend(),
  encrypt_ballot: (a) => pk.encryptBallot(a.manifest, a.election, a.choices, a.code),
  verify_ballot: (a) => { pk.verifyBallot(a.ballot, a.ctx); return true; },
  verify_audit: (a) => pk.verifyAudit(a.audited, a.ctx),
  ballot_hash: (a) => pk.ballotHash(a.ballot),
  tracking_code: (a) => pk.trackingCode(pk.ballotHash(a.ballot)),
  credential: (a) => {
    const k = pk.credentialKeypair(a.election_id, a.code);
    return { code: k.code, public_key: pk.encodeElement(k.publicKey) };
  },
  canonical: (a) => pk.canonicalJson(a.value),
  fingerprint: (a) => pk.fingerprint(a.setup, a.public_key),
  dkg_commit: (a) => pk.dkgCommit(a.election_id, a.trustee, a.threshold),
  dkg_reveal: (a) => pk.dkgReveal(a.state, a.commits),
  dkg_ack: (a) => pk.dkgAck(a.state, a.commits, a.reveals),
  verify_commit: (a) => { pk.verifyCommit(a.election_id, a.commit); return true; },
  verify_reveal: (a) => {
    pk.verifyReveal(a.election_id, a.threshold, a.commit, a.reveal, a.n);
    return true;
  },
  joint_key: (a) => pk.jointKey(a.reveals, a.n),
  partial_decrypt: (a) => pk.partialDecrypt(a.fingerprint, a.trustee, a.share, a.tally),
  verify_partial: (a) => {
    pk.verifyPartialDecryption(a.fingerprint, a.verification_key, a.tally, a.partial);
    return true;
  },
  combine: (a) => {
    const factors = new Map(a.partials.map((p, k) => [p.trustee,
      pk.verifyPartialDecryption(a.fingerprint, a.verification_keys[k], a.tally, p)]));
    return pk.combine(a.tally, factors, a.partials.map((p) => p.trustee));
  },
  decode_element: (a) => pk.encodeElement(pk.decodeElement(a.hex, 'element', a.allow_identity)),
  decode_scalar: (a) => pk.encodeScalar(pk.decodeScalar(a.hex)),
  hash: (a) => {
    const parts = a.parts.map((v, k) => part(v, a.kinds[k]));
    return { H: pk.bytesToHex(pk.H(a.dst, ...parts)), H2S: pk.encodeScalar(pk.H2S(a.dst, ...parts)),
      D32: pk.bytesToHex(pk.D32(a.dst, ...parts)) };
  },
  scalar_mult: (a) => pk.encodeElement(pk.decodeElement(a.P).multiply(pk.decodeScalar(a.s))),
  decrypt_share: (a) => pk.encodeScalar(pk.decryptShare(a.election_id, a.sender, a.recipient,
    pk.decodeScalar(a.recipient_secret), a.box)),
  verify_ack: (a) => { pk.verifyAck(a.election_id, a.public_key, a.ack); return true; },
  event_hash: (a) => pk.eventHash(a.event),
  check_record: (a) => checkRecord(a.lines),
  validate_manifest: (a) => { pk.validateManifest(a.manifest); return true; },
  // PHIEUKIN-v2
  chair_key: (a) => pk.chairKey(a.election_id),
  sign_attendance: (a) => pk.signAttendance(a.state, a.fingerprint, a.counts),
  fingerprint_v2: (a) => pk.fingerprintV2(a.setup, a.public_key, a.chair_key),
  dkg_check: (a) => pk.dkgCheck(a.state, a.reveals),
  dkg_answer: (a) => pk.dkgAnswer(a.state, a.to),
  dkg_ack_v2: (a) => pk.dkgAckV2(a.state, a.reveals, a.answers, a.qualified),
  qualified: (a) => pk.qualifiedSet(a.n, a.checks, a.answers),
  key_possession: (a) => pk.keyPossession(a.state, a.fingerprint),
  issue_credentials: (a) => pk.issueCredentials(a.state, a.fingerprint, a.count),
  endorse: (a) => pk.endorseCredentials(a.state, a.event),
  partial_decrypt_v2: (a) => pk.partialDecryptV2(a.fingerprint, a.state, a.tally, a.close),
  verify_receipt: (a) => pk.verifyReceipt(a.receipt, a.server_key, a.fingerprint),
  normalize_tracking: (a) => pk.normalizeTrackingCode(a.text),
  key_backup: (a) => pk.parseKeyBackup(pk.keyBackupText(a.state)),
};

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const results = requests.map(([name, args]) => {
  try {
    if (!(name in ops)) throw new Error(`unknown op ${name}`);
    return { ok: ops[name](args) };
  } catch (e) {
    if (e instanceof pk.CryptoError) return { error: { code: e.code, message: e.message } };
    return { error: { code: 'exception', message: String(e && e.stack || e) } };
  }
});
process.stdout.write(JSON.stringify(results, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
