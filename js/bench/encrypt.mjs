// Booth encryption under node, using the vendored bundle the browser loads.
// usage: node bench/encrypt.mjs [--reps N]   -> one JSON line, times in ms (median of N)
import * as pk from '../../src/phieukin/voting/static/voting/vendor/phieukin-crypto.js';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 20;
const question = (i, kind, n) => ({
  id: `q${i}`, kind, label: `Question ${i}`,
  options: Array.from({ length: n }, (_, k) => `Option ${k}`), min: 1, max: 1,
});
const shapes = {
  one_of_4: { title: 'bench', questions: [question(0, 'choose', 4)] },
  rating_5: { title: 'bench', questions: [question(0, 'rating', 5)] },
  sixteen: { title: 'bench', questions: Array.from({ length: 16 }, (_, i) => question(i, 'choose', 4)) },
};

function election() {
  const eid = 'bench-election';
  const c = pk.dkgCommit(eid, 1, 1);
  const reveal = pk.dkgReveal(c.state, [c.commit]);
  const joint = pk.jointKey([reveal], 1);
  const setup = { election_id: eid, manifest: shapes.one_of_4 };
  return { election_id: eid, fingerprint: pk.fingerprint(setup, joint.public_key),
    public_key: joint.public_key };
}

function median(fn) {
  const times = [];
  let last;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    last = fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(times.length / 2)], last];
}

const el = election();
const code = pk.generateCode();
const t0 = performance.now();
pk.encryptBallot(shapes.one_of_4, el, [[1, 0, 0, 0]], code);
const out = { node: process.version, reps, first_encrypt_ms: performance.now() - t0 };
for (const [name, manifest] of Object.entries(shapes)) {
  const choices = (i) => manifest.questions.map((q, k) =>
    q.options.map((_, o) => (o === (i + k) % q.options.length ? 1 : 0)));
  const [enc, last] = median((i) => pk.encryptBallot(manifest, el, choices(i), code));
  const ctx = { ...el, manifest };
  const [ver] = median(() => pk.verifyBallot(last.ballot, ctx));
  out[name] = { encrypt_ms: enc, verify_ms: ver, ballot_bytes: JSON.stringify(last.ballot).length };
}
console.log(JSON.stringify(out));
