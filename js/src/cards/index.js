// The ballot cards and a trustee's paper key backup, made as PDF in the browser that hands them
// out (docs/protocol.md §4.10): the codes exist only in this PDF. pdf-lib writes the PDF,
// @pdf-lib/fontkit embeds (a subset of) the vendored Liberation Sans, which has every Vietnamese
// letter, and `qr` draws the QR codes as vector squares with their quiet zone. All offline.

import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import encodeQR from 'qr';
import layout from '../../../src/phieukin/voting/card_layout.json';
import { MM, cardTexts, fit } from './layout.js';

export { layout };

async function fonts(doc, fontBytes) {
  doc.registerFontkit(fontkit);
  return {
    regular: await doc.embedFont(fontBytes.regular, { subset: true }),
    bold: await doc.embedFont(fontBytes.bold, { subset: true }),
  };
}

/** Dark modules of `text`'s QR, quiet zone included, inside a square of `size` points. */
function drawQr(page, text, x, top, size) {
  const matrix = encodeQR(text, 'raw', { ecc: 'medium', border: layout.quiet_zone_modules });
  const module = size / matrix.length;
  matrix.forEach((row, r) => row.forEach((dark, c) => {
    if (dark) {
      page.drawRectangle({ x: x + c * module, y: top - (r + 1) * module, width: module,
        height: module, color: rgb(0, 0, 0) });
    }
  }));
}

function drawBox(page, f, name, paragraphs, x0, top0) {
  const [bx, by, bw, bh] = layout.boxes[name];
  const bold = layout.bold.includes(name);
  const measure = (t, b, s) => (b ? f.bold : f.regular).widthOfTextAtSize(t, s);
  const { size, lines } = fit(paragraphs, bw * MM, bh * MM, {
    size: layout.sizes[name], minSize: layout.min_size, lineHeight: layout.line_height, bold,
    measure, maxLines: name === 'title' ? 2 : 0,
  });
  const font = bold ? f.bold : f.regular;
  lines.forEach((line, k) => {
    const baseline = top0 - by * MM - (k + 1) * size * layout.line_height + size * 0.22;
    const width = measure(line, bold, size);
    const x = name === 'number' ? x0 + (bx + bw) * MM - width : x0 + bx * MM;
    page.drawText(line, { x, y: baseline, size, font, color: rgb(0, 0, 0) });
  });
}

/**
 * The sheet of cards, 8 per A4 page: QR (booth URL with the code in the fragment), the code in
 * two lines, the URL, the title and the instructions, inside dashed cut lines.
 * @param {{title: string, url: string, codes: string[], fonts: {regular: Uint8Array, bold: Uint8Array}}} args
 * @returns {Promise<Uint8Array>} the PDF
 */
export async function buildCardsPdf({ title, url, codes, fonts: fontBytes }) {
  const doc = await PDFDocument.create();
  doc.setTitle(`Thẻ bỏ phiếu — ${title}`);
  doc.setCreator('phieukin');
  const f = await fonts(doc, fontBytes);
  const [pw, ph] = layout.page.map((v) => v * MM);
  const [cw, ch] = layout.card.map((v) => v * MM);
  const perPage = layout.cols * layout.rows;
  let page = null;
  codes.forEach((code, n) => {
    if (n % perPage === 0) page = doc.addPage([pw, ph]);
    const slot = n % perPage;
    const x0 = layout.margin[0] * MM + (slot % layout.cols) * cw;
    const top0 = ph - layout.margin[1] * MM - Math.floor(slot / layout.cols) * ch;
    page.drawRectangle({ x: x0, y: top0 - ch, width: cw, height: ch, borderColor: rgb(0.4, 0.4, 0.4),
      borderWidth: 0.5, borderDashArray: [3, 3] });
    const texts = cardTexts(layout, { title, url, code, number: n + 1 });
    for (const [name, paragraphs] of Object.entries(texts)) drawBox(page, f, name, paragraphs, x0, top0);
    const [qx, qy, qs] = layout.boxes.qr;
    drawQr(page, `${url}#${code}`, x0 + qx * MM, top0 - qy * MM, qs * MM);
  });
  return doc.save();
}

/**
 * A trustee's paper backup of its key: the backup text as a QR and in print, to keep sealed.
 * @param {{title: string, heading: string, text: string, lines: string[], fonts: object}} args
 */
export async function buildKeyBackupPdf({ title, text, lines, fonts: fontBytes }) {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const f = await fonts(doc, fontBytes);
  const [pw, ph] = layout.page.map((v) => v * MM);
  const page = doc.addPage([pw, ph]);
  let y = ph - 25 * MM;
  page.drawText(title, { x: 20 * MM, y, size: 14, font: f.bold });
  for (const line of lines) {
    y -= 7 * MM;
    page.drawText(line, { x: 20 * MM, y, size: 10, font: f.regular, maxWidth: pw - 40 * MM });
  }
  drawQr(page, text, 20 * MM, y - 10 * MM, 90 * MM);
  y -= 110 * MM;
  for (let k = 0; k < text.length; k += 64) {
    page.drawText(text.slice(k, k + 64), { x: 20 * MM, y, size: 8, font: f.regular });
    y -= 4.5 * MM;
  }
  return doc.save();
}
