// Test driver: build a cards PDF (or a key backup) with the vendored cards bundle, write it to
// the path given; reads {kind, title, url, codes | text, lines} as JSON on stdin.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as cards from '../../src/phieukin/voting/static/voting/vendor/phieukin-cards.js';

const fontDir = fileURLToPath(new URL('../../src/phieukin/web/fonts/', import.meta.url));
const fonts = {
  regular: readFileSync(`${fontDir}LiberationSans-Regular.ttf`),
  bold: readFileSync(`${fontDir}LiberationSans-Bold.ttf`),
};
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const args = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const pdf = args.kind === 'backup'
  ? await cards.buildKeyBackupPdf({ ...args, fonts })
  : await cards.buildCardsPdf({ ...args, fonts });
writeFileSync(args.out, pdf);
