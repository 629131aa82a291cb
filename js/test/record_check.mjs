// A compact record checker built only on the bundle's public API (test use): chain, canonical
// lines, DKG, ballots with the policy, tally, partial decryptions and result. It shows that the
// JS twin suffices to re-check a record, and lets the tests compare its verdict on the shared
// record vectors with the Python verifier's. (The phase-order state machine and full payload
// schemas live only in the Python verifier; a seq gap or swap is caught here by the seq check.)
import * as pk from '../../src/phieukin/voting/static/voting/vendor/phieukin-crypto.js';

const ZERO = '0'.repeat(64);
const fail = (message, code) => { throw new pk.CryptoError(message, code); };
const sameJson = (a, b) => pk.canonicalJson(a) === pk.canonicalJson(b);

function onEvent(st, type, p) {
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
      st.acks.set(p.trustee, p);
      break;
    case 'joint_key': onJointKey(st, p); break;
    case 'credentials': st.credentials = p.credentials; break;
    case 'ballot': onBallot(st, p); break;
    case 'audited_ballot':
      pk.verifyAudit(p, st.ctx);
      seen(st, p.ballot);
      break;
    case 'close':
      if (p.counted !== st.counted.size) fail('close.counted differs', 'tally_mismatch');
      break;
    case 'encrypted_tally': onTally(st, p); break;
    case 'partial_decryption':
      st.factors.set(p.trustee, pk.verifyPartialDecryption(st.ctx.fingerprint,
        st.vks[p.trustee - 1], st.tally, p));
      break;
    case 'result': {
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
  const joint = pk.jointKey(reveals, st.n);
  if (joint.public_key !== p.public_key || !sameJson(joint.verification_keys, p.verification_keys)) {
    fail('joint_key differs from the Feldman commitments', 'invalid_share');
  }
  for (const [j, ack] of st.acks) {
    if (ack.public_key !== p.public_key || ack.verification_key !== p.verification_keys[j - 1]) {
      fail(`dkg_ack ${j} disagrees with joint_key`, 'invalid_share');
    }
  }
  const fingerprint = pk.fingerprint(st.setup, p.public_key);
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
  st.counted.delete(p.credential); // 'last': a later ballot replaces (and moves to the end)
  st.counted.set(p.credential, p.answers.map((a) => a.choices));
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
    factors: new Map(), hashes: new Set() };
  let prev = ZERO;
  for (let k = 0; k < lines.length; k++) {
    try {
      let e;
      try { e = JSON.parse(lines[k]); } catch { fail('not JSON', 'invalid_encoding'); }
      if (pk.canonicalJson(e) !== lines[k]) fail('line is not canonical JSON', 'non_canonical');
      if (e.seq !== k) fail(`expected seq ${k}`, 'out_of_order');
      if (e.prev !== prev || e.hash !== pk.eventHash(e)) fail('hash chain broken', 'broken_chain');
      onEvent(st, e.type, e.payload);
      prev = e.hash;
    } catch (err) {
      if (!(err instanceof pk.CryptoError)) throw err;
      return { ok: false, seq: k, code: err.code, message: err.message };
    }
  }
  return { ok: true, head: prev, counts: st.counts };
}
