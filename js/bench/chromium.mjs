// Headless Chromium side of the booth benchmark: result lands in window.benchResult.
import * as pk from '/phieukin-crypto.js';
import { runWorkload } from '/workload.mjs';

const reps = Number(new URLSearchParams(location.search).get('reps')) || 20;
try {
  window.benchResult = { userAgent: navigator.userAgent, ...runWorkload(pk, reps) };
} catch (e) {
  window.benchResult = { error: String(e) };
}
