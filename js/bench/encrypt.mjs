// Booth encryption under node, using the vendored bundle the browser loads.
// usage: node bench/encrypt.mjs [--reps N]   -> one JSON line, times in ms (minimum of N)
import * as pk from '../../src/phieukin/voting/static/voting/vendor/phieukin-crypto.js';
import { runWorkload } from './workload.mjs';

const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 20;
console.log(JSON.stringify({ node: process.version, ...runWorkload(pk, reps) }));
