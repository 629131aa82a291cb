// Booth one-of-4 encryption under node, per backend: node bench/booth.mjs --backend sodium|noble
// --ballots N. Prints one JSON line: per-ballot process CPU (user + system, process.cpuUsage)
// and wall (performance.now) in ms, after one warm-up ballot (reported apart). Driven by
// bench/booth_js.py, which alternates the backends and adds the load average.
import os from 'node:os';
import * as pk from '../../src/phieukin/voting/static/voting/vendor/phieukin-crypto.js';
import { check, encryptOne, prepare } from './booth_workload.mjs';

const arg = (name, dflt) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? process.argv[k + 1] : dflt;
};
const backend = arg('backend', 'sodium');
const n = Number(arg('ballots', '30'));
const SODIUM = '../../src/phieukin/voting/static/voting/vendor/phieukin-sodium.js';

const load = os.loadavg();
let t = performance.now();
const got = await pk.init({ backend, sodium: () => import(SODIUM) });
const initMs = performance.now() - t;
if (got !== backend) throw new Error(`asked for ${backend}, got ${got}`);
const w = prepare(pk, n + 1 + 2);
check(pk, { ...w, codes: w.codes.slice(n + 1) });
t = performance.now();
encryptOne(pk, w, n); // warm-up: JIT, the election key's decoding (and noble's table)
const firstMs = performance.now() - t;
const cpu = [];
const wall = [];
for (let i = 0; i < n; i++) {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  encryptOne(pk, w, i);
  const w1 = performance.now();
  const c1 = process.cpuUsage(c0);
  wall.push(w1 - w0);
  cpu.push((c1.user + c1.system) / 1000);
}
console.log(JSON.stringify({
  backend, node: process.version, ballots: n, init_ms: initMs, first_ms: firstMs,
  cpu_ms: cpu, wall_ms: wall, loadavg_before: load, loadavg_after: os.loadavg(),
}));
