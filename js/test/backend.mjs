// Backend selection (tests/js/test_backends.py): pk.init's choices, its fallback to noble when
// libsodium fails or hangs, and a switch inside one page (no element of one backend reaches the
// other). Prints one JSON object.
import * as pk from '../../src/phieukin/voting/static/voting/vendor/phieukin-crypto.js';

const SODIUM = '../../src/phieukin/voting/static/voting/vendor/phieukin-sodium.js';
const load = () => import(SODIUM);
const out = {};

out.before_init = pk.backend();
let t = performance.now();
out.refused = await pk.init({ backend: 'auto', sodium: () => Promise.reject(new Error('wasm refused')) });
out.refused_reason = pk.backendFallbackReason();
out.hung = await pk.init({ backend: 'auto', sodium: () => new Promise(() => {}), timeoutMs: 200 });
out.hung_ms = performance.now() - t;
out.hung_reason = pk.backendFallbackReason();
out.missing = await pk.init({ backend: 'auto' });
try {
  await pk.init({ backend: 'sodium', sodium: () => Promise.reject(new Error('no wasm')) });
  out.strict = 'no error';
} catch (e) {
  out.strict = `error: ${e.message}`;
}
out.strict_after = pk.backend();

// One election, a ballot under each backend, each verified under the other.
const eid = 'backend-switch';
const manifest = { title: 't', questions: [{ id: 'q0', kind: 'choose', label: 'Q', options: ['a', 'b', 'c', 'd'], min: 1, max: 1 }] };
const c = pk.dkgCommit(eid, 1, 1);
const joint = pk.jointKey([pk.dkgReveal(c.state, [c.commit])], 1);
const el = { election_id: eid, fingerprint: pk.fingerprint({ election_id: eid, manifest }, joint.public_key), public_key: joint.public_key };
const ctx = { ...el, manifest };
const code = pk.generateCode();
await pk.init({ backend: 'noble' });
const byNoble = pk.encryptBallot(manifest, el, [[0, 1, 0, 0]], code);
t = performance.now();
out.auto = await pk.init({ backend: 'auto', sodium: load });
out.auto_ms = performance.now() - t;
out.auto_reason = pk.backendFallbackReason();
const bySodium = pk.encryptBallot(manifest, el, [[0, 0, 1, 0]], code);
pk.verifyBallot(byNoble.ballot, ctx);
pk.verifyBallot(bySodium.ballot, ctx);
out.sodium_verifies_both = true;
await pk.init({ backend: 'noble' });
pk.verifyBallot(bySodium.ballot, ctx);
pk.verifyBallot(byNoble.ballot, ctx);
out.noble_verifies_both = true;
try {
  await pk.init({ backend: 'wasm' });
  out.unknown = 'no error';
} catch (e) {
  out.unknown = `error: ${e.message}`;
}
console.log(JSON.stringify(out));
