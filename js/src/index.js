// phieukin-crypto: the browser twin of phieukin.crypto (docs/protocol.md, PHIEUKIN-v2).
//
// Booth:    encryptBallot, verifyBallot, verifyAudit, ballotHash, trackingCode, normalizeCode
// Ceremony: dkgCommit, dkgReveal, dkgCheck, dkgAnswer, dkgAckV2, keyPossession, partialDecryptV2
// Chair:    chairKey, signAttendance; cards: issueCredentials, endorseCredentials; verifyReceipt
// Checks:   verifyCommit, verifyReveal, verifyAck, verifyPartialDecryption, combine, eventHash,
//           validateManifest
// Backend:  await init({backend: 'auto', sodium: () => import(sodiumUrl)}) -> 'sodium' | 'noble';
//           backend(), backendFallbackReason() (without init: noble, synchronous)
// Every error is a CryptoError with a `code` from §6.7 and a message that names the field.

export {
  CryptoError, backend, backendFallbackReason, bytesToHex, decodeElement, decodeScalar,
  encodeElement, encodeScalar, hexToBytes, init,
} from './group.js';
export { canonicalJson, canonicalBytes } from './cjson.js';
export { H, H2S, D32, u32, utf8 } from './hash.js';
export {
  ALPHABET, checkSymbol, credentialKeypair, formatCode, generateCode, normalizeCode,
  normalizeSymbols, normalizeTrackingCode,
} from './credential.js';
export { validateManifest } from './manifest.js';
export { ballotHash, encryptBallot, trackingCode, verifyAudit, verifyBallot } from './ballot.js';
export {
  decryptShare, dkgAck, dkgCommit, dkgReveal, encryptShare, feldmanEval, fingerprint, jointKey,
  verifyAck, verifyCommit, verifyReveal,
} from './dkg.js';
export { eventHash } from './record.js';
export { combine, lagrange, partialDecrypt, verifyPartialDecryption } from './tally.js';
export { rangeProve, rangeVerify, schnorrProve, schnorrVerify } from './proofs.js';
export {
  chairKey, dkgAckV2, dkgAnswer, dkgCheck, endorseCredentials, fingerprintV2, issueCredentials,
  jointKeyV2, keyBackupText, keyPossession, parseKeyBackup, partialDecryptV2, qualifiedSet,
  signAsTrustee, signAttendance, verifyReceipt, verifyTrusteeSignature,
} from './v2.js';

/** Protocol version this module writes (it reads v1 and v2 records). */
export const PROTOCOL = 'PHIEUKIN-v2';
