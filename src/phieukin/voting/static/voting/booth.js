// The voting booth: read the card, show the ballot, encrypt in the browser, cast or audit.
// The credential code never leaves this page: it arrives in the URL fragment (never sent to
// the server), is removed from the address bar at once, and only the signed, encrypted
// ballot is posted. Every request goes to this server's origin (CSP connect-src 'self').

const root = document.getElementById('booth');
const text = document.getElementById('booth-text').dataset;
const $ = (id) => document.getElementById(id);
const kiosk = new URLSearchParams(location.search).has('kiosk');

let pk = null; // the crypto module
let election = null; // {setup, public_key, fingerprint, status}
let code = null; // the normalized credential code, in memory only
let pending = null; // the last encrypted ballot {ballot, trackingCode, audit}

function show(step) {
  for (const id of ['step-code', 'step-choose', 'step-confirm', 'step-audit', 'step-receipt']) {
    $(id).hidden = id !== step;
  }
  const heading = $(step).querySelector('h2');
  if (heading) { heading.tabIndex = -1; heading.focus(); }
}

function error(message) {
  const box = $('booth-error');
  box.textContent = message || '';
  box.hidden = !message;
}

function option(q, qi, label, oi) {
  const single = q.min === 1 && q.max === 1;
  const wrap = document.createElement('label');
  wrap.className = 'option';
  const input = document.createElement('input');
  input.type = single ? 'radio' : 'checkbox';
  input.name = `q${qi}`;
  input.value = String(oi);
  input.id = `q${qi}-o${oi}`;
  wrap.append(input, document.createTextNode(label));
  return wrap;
}

function renderBallot(manifest) {
  const box = $('questions');
  box.replaceChildren();
  manifest.questions.forEach((q, qi) => {
    const fs = document.createElement('fieldset');
    fs.id = `question-${qi}`;
    const legend = document.createElement('legend');
    legend.textContent = q.label;
    fs.append(legend);
    if (!(q.min === 1 && q.max === 1)) {
      const hint = document.createElement('p');
      hint.className = 'helptext';
      hint.textContent = text.chooseRange.replace('%(min)s', q.min).replace('%(max)s', q.max);
      fs.append(hint);
    }
    q.options.forEach((label, oi) => fs.append(option(q, qi, label, oi)));
    box.append(fs);
  });
}

function readChoices(manifest) {
  return manifest.questions.map((q, qi) => {
    const row = q.options.map((_, oi) => ($(`q${qi}-o${oi}`).checked ? 1 : 0));
    const total = row.reduce((a, b) => a + b, 0);
    if (total < q.min || total > q.max) {
      const msg = q.min === 1 && q.max === 1 ? text.chooseOne
        : text.chooseRange.replace('%(min)s', q.min).replace('%(max)s', q.max);
      $(`question-${qi}`).scrollIntoView();
      throw new Error(`${q.label}: ${msg}`);
    }
    return row;
  });
}

async function post(url, payload) {
  let response;
  try {
    response = await fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload), credentials: 'omit', cache: 'no-store',
    });
  } catch {
    throw new Error(text.network);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || text.network);
  return body;
}

function electionParams() {
  return { election_id: election.setup.election_id, fingerprint: election.fingerprint,
    public_key: election.public_key };
}

/** The card's state, from the board's public lists (nothing is asked about this card). */
function cardState(normalized) {
  const key = pk.encodeElement(pk.credentialKeypair(election.setup.election_id, normalized).publicKey);
  if (!election.credentials.includes(key)) return 'unknown';
  return election.used.includes(key) ? 'used' : 'ok';
}

async function refreshElection() {
  const response = await fetch(root.dataset.electionUrl, { credentials: 'omit', cache: 'no-store' });
  election = await response.json();
}

async function acceptCode(typed) {
  error('');
  try {
    code = pk.normalizeCode(typed);
  } catch {
    error(text.badCode);
    show('step-code');
    return;
  }
  await refreshElection(); // the lists of cards and of used cards, as the board has them now
  const card = cardState(code);
  if (card !== 'ok') {
    code = null;
    error(card === 'used' ? text.usedCard : text.unknownCard);
    show('step-code');
    return;
  }
  $('code-input').value = '';
  renderBallot(election.setup.manifest);
  show('step-choose');
}

function encrypt(event) {
  event.preventDefault();
  error('');
  try {
    const choices = readChoices(election.setup.manifest);
    pending = pk.encryptBallot(election.setup.manifest, electionParams(), choices, code);
  } catch (e) {
    error(e.message);
    return;
  }
  $('tracking-code').textContent = pending.trackingCode;
  show('step-confirm');
}

function showReceipt(answer) {
  const receipt = answer.receipt;
  let signed = false;
  try { signed = pk.verifyReceipt(receipt, election.setup.server_key, election.fingerprint); } catch { signed = false; }
  $('receipt-code').textContent = answer.tracking_code;
  $('receipt-seq').textContent = String(answer.seq);
  $('receipt-check').textContent = signed ? text.receiptOk : text.receiptBad;
  $('receipt-check').className = signed ? 'message message--success' : 'message message--error';
  const blob = new Blob([JSON.stringify(receipt, null, 1)], { type: 'application/json' });
  const link = $('receipt-download');
  link.href = URL.createObjectURL(blob);
  link.download = `bien-nhan-phieu-${root.dataset.ballot}-${answer.tracking_code}.json`;
}

async function cast() {
  error('');
  $('cast').disabled = true;
  try {
    const receipt = await post(root.dataset.castUrl, pending.ballot);
    showReceipt(receipt);
    code = null;
    pending = null;
    show('step-receipt');
    if (kiosk) { $('next-voter').hidden = false; setTimeout(() => location.reload(), 30000); }
  } catch (e) {
    error(e.message);
  } finally {
    $('cast').disabled = false;
  }
}

async function audit() {
  error('');
  $('audit').disabled = true;
  try {
    const audited = pending.audit;
    let ok = true;
    try {
      pk.verifyAudit(audited, { manifest: election.setup.manifest, fingerprint: election.fingerprint,
        public_key: election.public_key });
    } catch { ok = false; }
    await post(root.dataset.auditUrl, audited);
    $('audit-result').textContent = ok ? text.auditOk : text.auditBad;
    $('audit-result').className = ok ? 'message message--success' : 'message message--error';
    const m = election.setup.manifest;
    const lines = m.questions.map((q, qi) => `${q.label}: ${q.options.filter((_, oi) => audited.choices[qi][oi]).join(', ') || '—'}`);
    lines.push('', `${pending.trackingCode}`, JSON.stringify(audited.randomness));
    $('audit-detail').textContent = lines.join('\n');
    pending = null;
    show('step-audit');
  } catch (e) {
    error(e.message);
  } finally {
    $('audit').disabled = false;
  }
}

function takeFragment() {
  const fragment = decodeURIComponent(location.hash.slice(1));
  if (fragment) history.replaceState(null, '', location.pathname + location.search);
  return fragment;
}

async function start() {
  const fragment = takeFragment();
  pk = await import(root.dataset.cryptoUrl);
  // libsodium's wasm build when it loads (the booth's CSP allows 'wasm-unsafe-eval'), else the
  // pure-JS group: same ballots, slower. init never rejects and gives up after its timeout.
  const [backend, response] = await Promise.all([
    pk.init({ backend: 'auto', sodium: () => import(root.dataset.sodiumUrl) }),
    fetch(root.dataset.electionUrl, { credentials: 'omit', cache: 'no-store' }),
  ]);
  root.dataset.backend = backend;
  election = await response.json();
  if (election.status !== 'open') {
    error(text.notOpen);
    $('code-form').hidden = true;
    return;
  }
  $('code-form').addEventListener('submit', (e) => { e.preventDefault(); acceptCode($('code-input').value).catch((x) => error(x.message)); });
  $('ballot-form').addEventListener('submit', encrypt);
  $('cast').addEventListener('click', cast);
  $('audit').addEventListener('click', audit);
  $('audit-again').addEventListener('click', () => { renderBallot(election.setup.manifest); show('step-choose'); });
  $('next-voter').addEventListener('click', () => location.reload());
  // A card scanned while the page is open (kiosk) arrives as a new fragment.
  window.addEventListener('hashchange', () => { const f = takeFragment(); if (f) acceptCode(f).catch((x) => error(x.message)); });
  root.dataset.ready = 'true';
  if (fragment) await acceptCode(fragment);
}

start().catch((e) => error(e.message || text.network));
