// A compact record checker built only on the bundle's public API (test use): chain, canonical
// lines, DKG, ballots with the policy, tally, partial decryptions and result; for PHIEUKIN-v2 also
// the chair's key and signed attendance, the complaint round, key possession, the signed and
// endorsed card list, the close's ballot-set hash and the signed partial decryptions. It shows that the
// JS twin suffices to re-check a record, and lets the tests compare its verdict on the shared
// record vectors with the Python verifier's. (The phase-order state machine and full payload
// schemas live only in the Python verifier; a seq gap or swap is caught here by the seq check.)
import * as pk from '../../src/phieukin/voting/static/voting/vendor/phieukin-crypto.js';

const ZERO = '0'.repeat(64);
const fail = (message, code) => { throw new pk.CryptoError(message, code); };
const sameJson = (a, b) => pk.canonicalJson(a) === pk.canonicalJson(b);

// The generator, decoded at each use: an element made before pk.init belongs to the old backend.
const G = () => pk.decodeElement('e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76');
const v2 = (st) => st.setup.version === 'PHIEUKIN-v2';
const trusteeSig = (st, p, what) => pk.verifyTrusteeSignature(st.eid, p.trustee ?? p.issuer,
  st.commits.get(p.trustee ?? p.issuer).public_key, p, what);
const unsigned = ({ signature, ...rest }) => rest; // eslint-disable-line no-unused-vars

/** The v2 events and checks, built on the bundle's v2 API (§4.6.1, §4.6.2, §4.8–§4.10). */
function onV2(st, type, p, hash) {
  switch (type) {
    case 'chair_key':
      st.chair = pk.decodeElement(p.public_key, 'chair_key.public_key');
      pk.schnorrVerify('chair-key', [pk.utf8(st.eid)], st.chair, p.key_proof, 'chair_key.key_proof');
      return true;
    case 'dkg_check': trusteeSig(st, p, 'dkg_check'); st.checks.push(p); return true;
    case 'dkg_answer': {
      const reveal = st.reveals.get(p.trustee);
      const As = reveal.coefficients.map((a) => pk.decodeElement(a));
      if (!G().multiply(pk.decodeScalar(p.share, 'share')).equals(pk.feldmanEval(As, p.to))) {
        fail('answer off the polynomial', 'invalid_proof');
      }
      trusteeSig(st, p, 'dkg_answer');
      st.answers.push(p);
      return true;
    }
    case 'key_possession':
      pk.schnorrVerify('key-possession', [pk.hexToBytes(st.ctx.fingerprint), pk.u32(p.trustee)],
        pk.decodeElement(st.vks[p.trustee - 1]), p.share_proof, 'share_proof');
      trusteeSig(st, p, 'key_possession');
      return true;
    case 'attendance':
      pk.schnorrVerify('chair-signature', [pk.hexToBytes(st.ctx.fingerprint),
        pk.canonicalBytes(unsigned(p))], st.chair, p.signature, 'attendance.signature',
        'invalid_signature');
      if (p.present < p.quorum_required) fail('quorum not met', 'quorum_not_met');
      st.present = p.present;
      return true;
    case 'credentials':
      if (p.election !== st.ctx.fingerprint) fail('list for another election', 'wrong_election');
      trusteeSig(st, p, 'credentials');
      if (p.count > st.present) fail('more cards than members present', 'credentials_exceed_present');
      st.credentials = p.credentials;
      st.credentialsHash = hash;
      st.signers = 1;
      return true;
    case 'credentials_endorsement':
      if (p.event !== st.credentialsHash) fail('endorses another list', 'event_mismatch');
      trusteeSig(st, p, 'credentials_endorsement');
      st.signers += 1;
      return true;
    default: return false;
  }
}

function onEvent(st, type, p, hash) {
  if (st.setup && v2(st) && onV2(st, type, p, hash)) return;
  switch (type) {
    case 'setup':
      Object.assign(st, { setup: p, eid: p.election_id, t: p.threshold, n: p.trustees.length,
        manifest: p.manifest, policy: p.policy });
      break;
    case 'attendance': break;
    case 'dkg_commit': pk.verifyCommit(st.eid, p); st.commits.set(p.trustee, p); break;
    case 'dkg_reveal':
      pk.verifyReveal(st.eid, st.t, st.commits.get(p.trustee), p, st.n);
      st.reveals.set(p.trustee, p);
      break;
    case 'dkg_ack':
      pk.verifyAck(st.eid, st.commits.get(p.trustee).public_key, p);
      if (v2(st)) {
        const q = pk.qualifiedSet(st.n, st.checks, st.answers);
        if (!sameJson(q, p.qualified)) fail('ack names another qualified set', 'invalid_proof');
      }
      st.acks.set(p.trustee, p);
      break;
    case 'joint_key': onJointKey(st, p); break;
    case 'credentials': st.credentials = p.credentials; break;
    case 'ballot': onBallot(st, p); break;
    case 'audited_ballot':
      if (v2(st) && st.signers < st.t) fail('the list of cards lacks endorsements', 'out_of_order');
      pk.verifyAudit(p, st.ctx);
      seen(st, p.ballot);
      break;
    case 'close':
      if (v2(st) && st.signers < st.t) fail('the list of cards lacks endorsements', 'out_of_order');
      if (p.counted !== st.counted.size) fail('close.counted differs', 'tally_mismatch');
      if (v2(st)) {
        const hashes = [...st.counted.values()].map((c) => pk.hexToBytes(c.hash));
        if (pk.bytesToHex(pk.D32('ballot-set', ...hashes)) !== p.ballots) {
          fail('close.ballots is not the hash of the counted ballots', 'tally_mismatch');
        }
        st.closeHash = hash;
      }
      break;
    case 'encrypted_tally': onTally(st, p); break;
    case 'partial_decryption':
      if (v2(st)) {
        if (p.close !== st.closeHash) fail('decrypts another close', 'event_mismatch');
        trusteeSig(st, p, 'partial_decryption');
      }
      st.factors.set(p.trustee, pk.verifyPartialDecryption(st.ctx.fingerprint,
        st.vks[p.trustee - 1], st.tally, p));
      break;
    case 'result': {
      if (p.trustees.some((i) => !st.factors.has(i))) fail('names an absent trustee', 'absent_trustee');
      const counts = pk.combine(st.tally, st.factors, p.trustees);
      if (!sameJson(counts, p.counts)) fail('result counts differ from the decryption', 'result_mismatch');
      st.counts = counts;
      break;
    }
    default: fail(`unknown event type ${type}`, 'invalid_schema');
  }
}

function onJointKey(st, p) {
  const reveals = [...st.reveals.keys()].sort((a, b) => a - b).map((i) => st.reveals.get(i));
  if (v2(st) && !st.chair) fail('joint_key before the chair key', 'out_of_order');
  const joint = v2(st) ? pk.jointKeyV2(reveals, st.n, p.qualified) : pk.jointKey(reveals, st.n);
  if (joint.public_key !== p.public_key || !sameJson(joint.verification_keys, p.verification_keys)) {
    fail('joint_key differs from the Feldman commitments', 'invalid_share');
  }
  for (const [j, ack] of st.acks) {
    if (ack.public_key !== p.public_key || ack.verification_key !== p.verification_keys[j - 1]) {
      fail(`dkg_ack ${j} disagrees with joint_key`, 'invalid_share');
    }
  }
  const fingerprint = v2(st)
    ? pk.fingerprintV2(st.setup, p.public_key, pk.encodeElement(st.chair))
    : pk.fingerprint(st.setup, p.public_key);
  if (fingerprint !== p.fingerprint) fail('joint_key.fingerprint is wrong', 'invalid_share');
  st.vks = p.verification_keys;
  st.ctx = { manifest: st.manifest, fingerprint, public_key: p.public_key };
}

/** No ballot hash twice among cast and audited ballots (a replay is invalid_ballot). */
function seen(st, ballot) {
  const h = pk.ballotHash(ballot);
  if (st.hashes.has(h)) fail('ballot replayed (same ballot hash)', 'invalid_ballot');
  st.hashes.add(h);
}

function onBallot(st, p) {
  pk.verifyBallot(p, { ...st.ctx, credentials: st.credentials });
  seen(st, p);
  if (st.policy === 'first' && st.counted.has(p.credential)) {
    fail('credential already used', 'duplicate_credential');
  }
  if (v2(st) && st.signers < st.t) fail('the list of cards lacks endorsements', 'out_of_order');
  st.counted.delete(p.credential); // 'last': a later ballot replaces (and moves to the end)
  const rows = p.answers.map((a) => a.choices);
  rows.hash = pk.ballotHash(p);
  st.counted.set(p.credential, rows);
}

function onTally(st, p) {
  const sum = st.manifest.questions.map((q) => q.options.map(() => null));
  const add = (a, b) => (a === null ? b : { alpha: a.alpha.add(b.alpha), beta: a.beta.add(b.beta) });
  for (const rows of st.counted.values()) {
    rows.forEach((row, q) => row.forEach((ct, o) => {
      sum[q][o] = add(sum[q][o], { alpha: pk.decodeElement(ct.alpha), beta: pk.decodeElement(ct.beta) });
    }));
  }
  const want = sum.map((row) => row.map((ct) => (ct === null ? { alpha: ZERO, beta: ZERO }
    : { alpha: pk.encodeElement(ct.alpha), beta: pk.encodeElement(ct.beta) })));
  if (p.counted !== st.counted.size || !sameJson(want, p.ciphertexts)) {
    fail('encrypted_tally is not the sum of the counted ballots', 'tally_mismatch');
  }
  st.tally = p;
}

/** Check record lines (strings without '\n'); returns {ok, head, counts} or {ok:false, seq, code}. */
export function checkRecord(lines) {
  const st = { commits: new Map(), reveals: new Map(), acks: new Map(), counted: new Map(),
    factors: new Map(), hashes: new Set(), checks: [], answers: [], present: Infinity };
  let prev = ZERO;
  for (let k = 0; k < lines.length; k++) {
    try {
      let e;
      try { e = JSON.parse(lines[k]); } catch { fail('not JSON', 'invalid_encoding'); }
      if (pk.canonicalJson(e) !== lines[k]) fail('line is not canonical JSON', 'non_canonical');
      if (e.seq !== k) fail(`expected seq ${k}`, 'out_of_order');
      if (e.prev !== prev || e.hash !== pk.eventHash(e)) fail('hash chain broken', 'broken_chain');
      onEvent(st, e.type, e.payload, e.hash);
      prev = e.hash;
    } catch (err) {
      if (!(err instanceof pk.CryptoError)) throw err;
      return { ok: false, seq: k, code: err.code, message: err.message };
    }
  }
  return { ok: true, head: prev, counts: st.counts };
}
