// Build a ballot in the browser from the JSON in location.hash; result in window.boothResult.
// args.backend picks the group backend ('noble', 'sodium' or 'auto', as the booth does).
import * as pk from '/phieukin-crypto.js';

try {
  const args = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  await pk.init({ backend: args.backend || 'noble', sodium: () => import('/phieukin-sodium.js') });
  window.boothResult = {
    ...pk.encryptBallot(args.manifest, args.election, args.choices, args.code),
    backend: pk.backend(),
    fallbackReason: pk.backendFallbackReason(),
  };
} catch (e) {
  window.boothResult = { error: String(e), code: e.code };
}
// A DOM mark to wait for: Playwright's wait_for_function polls with eval, which the CSP forbids.
document.documentElement.dataset.done = 'true';
