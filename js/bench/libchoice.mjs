// Micro-benchmark behind the JS library choice: noble ristretto255 vs libsodium (wasm).
// Run: node bench/libchoice.mjs  (prints JSON, times in microseconds per operation)
import { ristretto255 } from '@noble/curves/ed25519.js';
import sodiumMod from 'libsodium-wrappers-sumo';

const P = ristretto255.Point;
const N = P.Fn.ORDER;
function rnd() { const b = new Uint8Array(64); crypto.getRandomValues(b); let x = 0n; for (const v of b) x = (x << 8n) + BigInt(v); return x % N; }
function time(fn, n) { for (let i = 0; i < Math.min(20, n); i++) fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); return ((performance.now() - t) * 1000) / n; }

const out = {};
const s = rnd();
const Q = P.BASE.multiply(rnd());
out.noble_fixed_base_us = time(() => P.BASE.multiply(s), 300);
out.noble_variable_base_us = time(() => Q.multiply(s), 300);
const Qp = P.BASE.multiply(rnd()); Qp.precompute(8);
out.noble_precomputed_var_base_us = time(() => Qp.multiply(s), 300);
const enc = Q.toBytes();
out.noble_decode_us = time(() => P.fromBytes(enc), 300);
out.noble_encode_us = time(() => Q.toBytes(), 300);

await sodiumMod.ready;
const so = sodiumMod;
const sb = so.crypto_core_ristretto255_scalar_random();
const qb = so.crypto_scalarmult_ristretto255_base(so.crypto_core_ristretto255_scalar_random());
out.sodium_fixed_base_us = time(() => so.crypto_scalarmult_ristretto255_base(sb), 2000);
out.sodium_variable_base_us = time(() => so.crypto_scalarmult_ristretto255(sb, qb), 2000);
console.log(JSON.stringify(out));
