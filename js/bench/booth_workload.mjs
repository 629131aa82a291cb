// The booth's one-of-4 encryption, ballot by ballot, shared by node (booth.mjs) and Chromium
// (booth_page.mjs, driven by bench/booth_js.py). Every timed ballot is distinct: its own
// credential code (generated before the timing), its own choice, fresh randomness; nothing is
// cached between ballots except what the booth itself keeps (the election key).

const MANIFEST = {
  title: 'bench',
  questions: [{ id: 'q0', kind: 'choose', label: 'Q', options: ['A', 'B', 'C', 'D'], min: 1, max: 1 }],
};

/** A one-trustee election and `n` fresh card codes. */
export function prepare(pk, n) {
  const eid = `bench-booth-${pk.generateCode()}`;
  const c = pk.dkgCommit(eid, 1, 1);
  const joint = pk.jointKey([pk.dkgReveal(c.state, [c.commit])], 1);
  const election = {
    election_id: eid,
    fingerprint: pk.fingerprint({ election_id: eid, manifest: MANIFEST }, joint.public_key),
    public_key: joint.public_key,
  };
  const codes = Array.from({ length: n }, () => pk.generateCode());
  return { manifest: MANIFEST, election, codes };
}

/** What the booth's "Encrypt" button does for ballot `i`: returns the tracking code. */
export function encryptOne(pk, w, i) {
  const choices = [[0, 1, 2, 3].map((o) => (o === i % 4 ? 1 : 0))];
  return pk.encryptBallot(w.manifest, w.election, choices, w.codes[i]).trackingCode;
}

/** Check a few of the ballots (outside any timing): a bench of wrong ballots would mean nothing. */
export function check(pk, w, n = 2) {
  for (let i = 0; i < n; i++) {
    const choices = [[0, 1, 2, 3].map((o) => (o === i % 4 ? 1 : 0))];
    const { ballot } = pk.encryptBallot(w.manifest, w.election, choices, w.codes[i]);
    pk.verifyBallot(ballot, { ...w.election, manifest: w.manifest });
  }
}
