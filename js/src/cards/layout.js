// Text fitting for the ballot card (the twin of phieukin.voting.cards' layout): every string is
// placed inside its box of card_layout.json, shrunk (to min_size) and wrapped as needed, never
// over the cut line or the QR code's quiet zone. `measure(text, bold, size)` is the font's width
// in points.

export const MM = 72 / 25.4;

/** Break `text` into lines no wider than `width` (points); words first, long words by char. */
export function wrap(text, width, measure, bold, size) {
  const lines = [];
  let line = '';
  const push = (word) => {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate, bold, size) <= width) { line = candidate; return; }
    if (line) lines.push(line);
    line = '';
    let chunk = '';
    for (const ch of word) {
      if (measure(chunk + ch, bold, size) > width && chunk) { lines.push(chunk); chunk = ''; }
      chunk += ch;
    }
    line = chunk;
  };
  for (const word of text.split(' ')) push(word);
  if (line) lines.push(line);
  return lines;
}

/** Lines and font size that fit `paragraphs` into a w×h box (points). */
export function fit(paragraphs, w, h, { size, minSize, lineHeight, bold, measure, maxLines }) {
  for (let s = size; s >= minSize; s -= 0.25) {
    const lines = paragraphs.flatMap((p) => wrap(p, w, measure, bold, s));
    const tooWide = lines.some((l) => measure(l, bold, s) > w);
    if (!tooWide && lines.length * s * lineHeight <= h && (!maxLines || lines.length <= maxLines)) {
      return { size: s, lines };
    }
  }
  throw new Error(`text does not fit its ${(w / MM).toFixed(1)} mm box: ${paragraphs.join(' ')}`);
}

/** The texts of one card, box by box (what both renderers draw). */
export function cardTexts(layout, { title, url, code, number }) {
  const groups = code.split('-');
  return {
    heading: [layout.texts.heading],
    number: [`#${number}`],
    title: [title],
    code_label: [layout.texts.code_label],
    code: [groups.slice(0, 3).join('-'), groups.slice(3).join('-')],
    url: [layout.texts.url_label, url],
    instructions: layout.texts.instructions,
  };
}
