// The booth-encryption workload shared by node (encrypt.mjs) and headless Chromium
// (chromium.html): encrypt and verify a one-of-4, a 5-option rating and a 16-question ballot.

const question = (i, kind, n) => ({
  id: `q${i}`, kind, label: `Question ${i}`,
  options: Array.from({ length: n }, (_, k) => `Option ${k}`), min: 1, max: 1,
});
const SHAPES = {
  one_of_4: { title: 'bench', questions: [question(0, 'choose', 4)] },
  rating_5: { title: 'bench', questions: [question(0, 'rating', 5)] },
  sixteen: { title: 'bench', questions: Array.from({ length: 16 }, (_, i) => question(i, 'choose', 4)) },
};

function election(pk) {
  const eid = 'bench-election';
  const c = pk.dkgCommit(eid, 1, 1);
  const reveal = pk.dkgReveal(c.state, [c.commit]);
  const joint = pk.jointKey([reveal], 1);
  const setup = { election_id: eid, manifest: SHAPES.one_of_4 };
  return { election_id: eid, fingerprint: pk.fingerprint(setup, joint.public_key),
    public_key: joint.public_key };
}

function best(reps, fn) {
  const times = [];
  let last;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    last = fn(i);
    times.push(performance.now() - t);
  }
  return [Math.min(...times), last];
}

/** Run the workload with the bundle `pk`; returns timings in ms (minimum of `reps`: load only adds time). */
export function runWorkload(pk, reps) {
  const el = election(pk);
  const code = pk.generateCode();
  const t0 = performance.now();
  pk.encryptBallot(SHAPES.one_of_4, el, [[1, 0, 0, 0]], code);
  const out = { reps, first_encrypt_ms: performance.now() - t0 };
  for (const [name, manifest] of Object.entries(SHAPES)) {
    const n = name === 'sixteen' ? Math.max(3, Math.floor(reps / 4)) : reps;
    const choices = (i) => manifest.questions.map((q, k) =>
      q.options.map((_, o) => (o === (i + k) % q.options.length ? 1 : 0)));
    const [enc, last] = best(n, (i) => pk.encryptBallot(manifest, el, choices(i), code));
    const ctx = { ...el, manifest };
    const [ver] = best(n, () => pk.verifyBallot(last.ballot, ctx));
    out[name] = { encrypt_ms: enc, verify_ms: ver, ballot_bytes: JSON.stringify(last.ballot).length };
  }
  return out;
}
