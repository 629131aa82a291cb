// A trustee's browser side of the key ceremony, the cards and the decryption (PHIEUKIN-v2).
// The trustee's secret state (long-term key, polynomial, later the key share) is created here
// and kept in this browser's localStorage; once complete (after the ack) it is saved ONCE as a
// key file named for the ballot and the trustee, and may be printed as a paper backup (QR).
// Before the ballot opens the trustee reloads that file to prove it still opens the share. The
// cards are drawn here as PDF: their codes never leave this page. Only public, signed messages
// are posted; the table of ✓ follows the board without a reload.

const panel = document.getElementById('trustee-panel');
const status = document.getElementById('ceremony-status');
const button = document.getElementById('ceremony-next');
const index = Number(panel.dataset.index);
const storeKey = `phieukin-trustee-${panel.dataset.ballot}-${index}`;
const text = panel.dataset;
let pk = null;
let fromFile = null; // the key state as read from the saved file (key possession proof)
let cardsPdfUrl = null;

const STEP_TEXT = {
  commit: text.tCommit, reveal: text.tReveal, check: text.tCheck, answer: text.tAnswer,
  ack: text.tAck, possess: text.tPossess, cards: text.tCards, endorse: text.tEndorse,
  decrypt: text.tDecrypt, paper: text.tPaper,
};

function csrf() {
  const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
  return headers['X-CSRFToken'] || '';
}

function loadState() {
  const raw = localStorage.getItem(storeKey);
  return raw ? JSON.parse(raw) : null;
}

function keepState(state) {
  localStorage.setItem(storeKey, JSON.stringify(state));
}

function download(bytes, name, type, id) {
  const blob = new Blob([bytes], { type });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.id = id;
  link.textContent = name;
  document.getElementById(id)?.remove();
  document.getElementById('trustee-downloads').append(link);
  link.click();
  return link.href;
}

async function send(type, payload) {
  const response = await fetch(panel.dataset.submitUrl, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf() },
    body: JSON.stringify({ type, payload }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
}

const mine = (list) => list.some((m) => m.trustee === index);
const openComplaints = (s, dealer) => s.checks
  .filter((c) => c.complaints.includes(dealer))
  .filter((c) => !s.answers.some((a) => a.trustee === dealer && a.to === c.trustee))
  .map((c) => c.trustee);

function ceremonyStep(s) {
  const n = s.setup.trustees.length;
  if (!mine(s.commits)) return 'commit';
  if (s.commits.length < n) return 'wait';
  if (!mine(s.reveals)) return 'reveal';
  if (s.reveals.length < n) return 'wait';
  if (!mine(s.checks)) return 'check';
  if (s.checks.length < n) return 'wait';
  if (!s.acks.length && openComplaints(s, index).length) return 'answer';
  if (!mine(s.acks)) return s.qualified.includes(index) ? 'ack' : 'disqualified';
  return 'wait';
}

function readyStep(s) {
  if (!s.qualified.includes(index)) return 'disqualified';
  if (!mine(s.possessions)) return 'possess';
  if (!s.attendance) return 'wait';
  if (!s.credentials) return 'cards';
  const signers = s.credentials.signers;
  if (!signers.includes(index) && signers.length < s.setup.threshold) return 'endorse';
  return 'done';
}

function paperStep(s) {
  // A hybrid poll: two trustees sign the agreed paper count (docs/paper.md).
  const p = s.paper;
  if (!p || p.published || !p.to_sign || p.signers.includes(index) || p.signers.length >= 2) return null;
  return s.qualified.includes(index) ? 'paper' : null;
}

function nextStep(s) {
  if (s.status === 'ceremony') return ceremonyStep(s);
  if (s.status === 'ready') return readyStep(s);
  if (s.status === 'closed' && s.qualified.includes(index) && !mine(s.partials)) return 'decrypt';
  if (s.status === 'closed') return paperStep(s) || 'done';
  return 'done';
}

async function fonts() {
  const get = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
  return { regular: await get(text.fontRegular), bold: await get(text.fontBold) };
}

async function issueCards(s, state) {
  const cards = await import(text.cardsUrl);
  const { codes, payload } = pk.issueCredentials(state, s.joint_key.fingerprint, s.cards_to_issue);
  const pdf = await cards.buildCardsPdf({ title: s.title, url: s.booth_url, codes, fonts: await fonts() });
  await send('credentials', payload); // public keys and the signature only
  cardsPdfUrl = download(pdf, text.cardsFile, 'application/pdf', 'cards-download');
}

async function printBackup(state) {
  const cards = await import(text.cardsUrl);
  const pdf = await cards.buildKeyBackupPdf({ title: text.backupTitle, text: pk.keyBackupText(state),
    lines: [text.backupLine1, text.backupLine2, `${text.backupWho} ${index}`], fonts: await fonts() });
  download(pdf, text.keyFile.replace('.key.json', '.giay.pdf'), 'application/pdf', 'backup-download');
}

async function run(s, step) {
  const state = loadState();
  const need = () => { if (!state) throw new Error(text.needKey); return state; };
  if (step === 'commit') {
    const out = pk.dkgCommit(s.setup.election_id, index, s.setup.threshold);
    keepState(out.state);
    await send('dkg_commit', out.commit);
  } else if (step === 'reveal') {
    await send('dkg_reveal', pk.dkgReveal(need(), s.commits));
  } else if (step === 'check') {
    await send('dkg_check', pk.dkgCheck(need(), s.reveals));
  } else if (step === 'answer') {
    for (const to of openComplaints(s, index)) await send('dkg_answer', pk.dkgAnswer(need(), to));
  } else if (step === 'ack') {
    const out = pk.dkgAckV2(need(), s.reveals, s.answers, s.qualified);
    await send('dkg_ack', out.ack);
    keepState(out.state);
    download(JSON.stringify(out.state, null, 1), text.keyFile, 'application/json', 'key-download');
  } else if (step === 'possess') {
    if (!fromFile) throw new Error(text.needFile);
    await send('key_possession', pk.keyPossession(fromFile, s.joint_key.fingerprint));
  } else if (step === 'cards') {
    // Irreversible: the signed list fixes who may vote. Ask first (the count is the attendance's).
    if (!window.confirm(text.confirmCards.replace('{count}', String(s.cards_to_issue)))) return false;
    await issueCards(s, need());
  } else if (step === 'endorse') {
    await send('credentials_endorsement', pk.endorseCredentials(need(), s.credentials.event));
  } else if (step === 'decrypt') {
    const key = fromFile || need();
    if (!key.share) throw new Error(text.needKey);
    await send('partial_decryption', pk.partialDecryptV2(s.joint_key.fingerprint, key,
      s.encrypted_tally, s.close.hash));
  } else if (step === 'paper') {
    const key = fromFile || need();
    const signed = pk.signAsTrustee(key, s.paper.to_sign);
    await send('paper_signature', { trustee: index, signature: signed.signature });
  }
}

function mark(s) {
  const phases = { commit: s.commits, reveal: s.reveals, check: s.checks, ack: s.acks,
    possess: s.possessions, decrypt: s.partials };
  for (const [phase, list] of Object.entries(phases)) {
    for (const m of list) {
      const cell = document.getElementById(`cell-${m.trustee}-${phase}`);
      if (cell && cell.dataset.done !== 'true') {
        cell.dataset.done = 'true';
        cell.innerHTML = '<span class="badge badge--ok">✓</span>';
      }
    }
  }
}

async function refresh() {
  const response = await fetch(panel.dataset.stateUrl, { cache: 'no-store' });
  const s = await response.json();
  mark(s);
  const step = nextStep(s);
  const needsFile = step === 'possess' && !fromFile;
  const needsKey = !['commit', 'wait', 'done', 'disqualified', 'possess'].includes(step)
    && !loadState() && !fromFile;
  button.hidden = ['wait', 'done', 'disqualified'].includes(step) || needsFile || needsKey;
  button.textContent = STEP_TEXT[step] || button.dataset.label;
  panel.dataset.step = step;
  document.getElementById('key-backup').hidden = !(loadState() || {}).share;
  const cardsInfo = document.getElementById('cards-info');
  cardsInfo.hidden = !s.credentials;
  if (s.credentials) {
    cardsInfo.querySelector('[data-short-code]').textContent = s.credentials.short_code;
    cardsInfo.querySelector('[data-count]').textContent = s.credentials.count;
  }
  if (needsFile) status.textContent = text.needFile;
  else if (needsKey) status.textContent = text.needKey;
  else status.textContent = { wait: text.wait, done: text.done, disqualified: text.disqualified }[step] || '';
  return s;
}

button.addEventListener('click', async () => {
  button.disabled = true;
  try {
    const s = await refresh();
    const ran = await run(s, nextStep(s));
    status.textContent = ran === false ? '' : '✓';
  } catch (e) {
    status.textContent = e.message;
  } finally {
    button.disabled = false;
    await refresh().catch(() => {});
  }
});

document.getElementById('key-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const content = await file.text();
  try {
    fromFile = content.trim().startsWith('{') ? JSON.parse(content) : pk.parseKeyBackup(content);
    if (fromFile.trustee !== index) throw new Error(text.wrongFile);
    if (!loadState()) keepState(fromFile);
    status.textContent = text.fileLoaded;
  } catch (e) {
    fromFile = null;
    status.textContent = e.message || text.wrongFile;
  }
  await refresh();
});

document.getElementById('key-backup').addEventListener('click', async () => {
  try { await printBackup(loadState()); } catch (e) { status.textContent = e.message; }
});

pk = await import(panel.dataset.cryptoUrl);
await refresh();
setInterval(() => refresh().catch(() => {}), 2000);

