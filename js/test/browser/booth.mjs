// Build a ballot in the browser from the JSON in location.hash; result in window.boothResult.
import * as pk from '/phieukin-crypto.js';

try {
  const args = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  window.boothResult = pk.encryptBallot(args.manifest, args.election, args.choices, args.code);
} catch (e) {
  window.boothResult = { error: String(e), code: e.code };
}
