// Chromium side of bench/booth_js.py: window.bench.start(backend, n) then bench.encrypt(i)
// per ballot, each called by the driver between two readings of the renderer's thread CPU time.
import * as pk from '/phieukin-crypto.js';
import { check, encryptOne, prepare } from '/booth_workload.mjs';

let w = null;
window.bench = {
  async start(backend, n) {
    const t = performance.now();
    const got = await pk.init({ backend, sodium: () => import('/phieukin-sodium.js') });
    const initMs = performance.now() - t;
    w = prepare(pk, n + 3);
    check(pk, { ...w, codes: w.codes.slice(n + 1) });
    const t1 = performance.now();
    encryptOne(pk, w, n);
    return { backend: got, reason: pk.backendFallbackReason(), init_ms: initMs,
      first_ms: performance.now() - t1, userAgent: navigator.userAgent };
  },
  encrypt(i) {
    const t = performance.now();
    encryptOne(pk, w, i);
    return performance.now() - t;
  },
  nothing() {
    return 0;
  },
};
// A DOM mark for the driver (Playwright's wait_for_function polls with eval: the CSP forbids it).
document.documentElement.dataset.ready = 'true';
