// Headless Chromium side of the booth benchmark: result lands in window.benchResult.
// ?backend=sodium (the booth's, default) or noble; served under the booth's CSP.
import * as pk from '/phieukin-crypto.js';
import { runWorkload } from '/workload.mjs';

const query = new URLSearchParams(location.search);
const reps = Number(query.get('reps')) || 20;
try {
  const backend = await pk.init({
    backend: query.get('backend') || 'sodium', sodium: () => import('/phieukin-sodium.js'),
  });
  window.benchResult = { userAgent: navigator.userAgent, backend, ...runWorkload(pk, reps) };
} catch (e) {
  window.benchResult = { error: String(e) };
}
// A DOM mark for the driver (Playwright's wait_for_function polls with eval: the CSP forbids it).
document.documentElement.dataset.done = 'true';
