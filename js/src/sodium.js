// Entry of the second vendored bundle, phieukin-sodium.js: libsodium's WebAssembly build
// (libsodium-wrappers-sumo, the variant with crypto_core_ristretto255_* and
// crypto_scalarmult_ristretto255*), the wasm embedded in the file, nothing fetched.
// The booth passes it to pk.init({backend: 'auto', sodium: () => import(url)}); see group.js.
export { default } from 'libsodium-wrappers-sumo';
