// Booth encryption under node, using the vendored bundles the browser loads.
// usage: node bench/encrypt.mjs [--reps N] [--backend sodium|noble]   -> one JSON line, times in
// ms (minimum of N). The default backend is the booth's: libsodium's wasm build.
import * as pk from '../../src/phieukin/voting/static/voting/vendor/phieukin-crypto.js';
import { runWorkload } from './workload.mjs';

const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const reps = Number(arg('--reps', '20')) || 20;
const backend = await pk.init({
  backend: arg('--backend', 'sodium'),
  sodium: () => import('../../src/phieukin/voting/static/voting/vendor/phieukin-sodium.js'),
});
console.log(JSON.stringify({ node: process.version, backend, ...runWorkload(pk, reps) }));
