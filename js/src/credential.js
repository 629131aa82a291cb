// Voter credentials (docs/protocol.md §6.4): a 20-symbol code (19 random + 1 check symbol) in
// Crockford-like base32, printed as 5 groups of 4; the secret k = H2S("credential",
// utf8(election_id), utf8(normalized code)) and the public key K = k·G.

import { CryptoError, baseMul } from './group.js';
import { H, H2S, utf8 } from './hash.js';

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY = 19;

/** The check symbol of a 19-symbol body. */
export function checkSymbol(body) {
  return ALPHABET[H('credential-check', utf8(body))[0] % 32];
}

/**
 * The one normalization of typed codes, cards and tracking codes alike (§6.4): at most 64
 * characters as typed, uppercase, drop U+0020 spaces and '-' (no other whitespace), O→0, I/L→1.
 */
export function normalizeSymbols(code) {
  if (typeof code !== 'string') {
    throw new CryptoError('code must be a string', 'invalid_credential_code');
  }
  if (code.length > 64) {
    throw new CryptoError('code is too long', 'invalid_credential_code');
  }
  return code.toUpperCase().replace(/[ -]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** A tracking code (or a prefix of one) as printed, XXXX-XXXX-…, from any typing. */
export function normalizeTrackingCode(text) {
  const n = normalizeSymbols(text);
  if (n.length > 16 || [...n].some((ch) => !ALPHABET.includes(ch))) {
    throw new CryptoError('a tracking code has at most 16 symbols of the alphabet',
      'invalid_credential_code');
  }
  return n ? formatCode(n) : '';
}

/**
 * Normalize a typed or scanned code (normalizeSymbols); then demand 20 alphabet symbols with a
 * correct check symbol. Throws CryptoError('invalid_credential_code').
 * @param {string} code
 * @returns {string} the 20-symbol normalized code
 */
export function normalizeCode(code) {
  const n = normalizeSymbols(code);
  if (n.length !== BODY + 1) {
    throw new CryptoError(`credential code must have ${BODY + 1} symbols, got ${n.length}`,
      'invalid_credential_code');
  }
  for (const ch of n) {
    if (!ALPHABET.includes(ch)) {
      throw new CryptoError('credential code contains a symbol outside the alphabet',
        'invalid_credential_code');
    }
  }
  if (checkSymbol(n.slice(0, BODY)) !== n[BODY]) {
    throw new CryptoError('credential code check symbol does not match (typo?)',
      'invalid_credential_code');
  }
  return n;
}

/** Format a normalized code as XXXX-XXXX-XXXX-XXXX-XXXX. */
export function formatCode(normalized) {
  return normalized.match(/.{1,4}/g).join('-');
}

/**
 * Credential code -> keypair for an election.
 * @param {string} electionId  setup.payload.election_id
 * @param {string} code        the printed code (any spacing/case; normalized here)
 * @returns {{secret: bigint, publicKey: import('@noble/curves/abstract/edwards.js').EdwardsPoint, code: string}}
 */
export function credentialKeypair(electionId, code) {
  const normalized = normalizeCode(code);
  const secret = H2S('credential', utf8(electionId), utf8(normalized));
  if (secret === 0n) throw new CryptoError('credential secret is zero', 'invalid_credential_code');
  return { secret, publicKey: baseMul(secret), code: normalized };
}

/** A fresh random code (for tests and demos; the board generates real ones). */
export function generateCode() {
  const bytes = new Uint8Array(BODY);
  globalThis.crypto.getRandomValues(bytes);
  const body = Array.from(bytes, (b) => ALPHABET[b % 32]).join('');
  return formatCode(body + checkSymbol(body));
}
