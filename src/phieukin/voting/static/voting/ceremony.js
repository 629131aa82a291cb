// A trustee's browser side of the key ceremony and of the decryption.
// The trustee's secret state (long-term key, polynomial, later the key share) is created here,
// kept in this browser's localStorage and offered as a backup file; it is never sent anywhere.
// Only the public messages (commit, reveal, ack, partial decryption) are posted to the board.

const panel = document.getElementById('trustee-panel');
const status = document.getElementById('ceremony-status');
const button = document.getElementById('ceremony-next');
const index = Number(panel.dataset.index);
const storeKey = `phieukin-trustee-${panel.dataset.ballot}-${index}`;
let pk = null;

function csrf() {
  const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
  return headers['X-CSRFToken'] || '';
}

function loadState() {
  const raw = localStorage.getItem(storeKey);
  return raw ? JSON.parse(raw) : null;
}

function saveState(state) {
  localStorage.setItem(storeKey, JSON.stringify(state));
  const blob = new Blob([JSON.stringify(state, null, 1)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `trustee-${index}.key.json`;
  link.id = 'key-download';
  link.textContent = link.download;
  document.getElementById('key-download')?.remove();
  panel.append(link);
  link.click();
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

function mine(list) { return list.some((m) => m.trustee === index); }

function nextStep(s) {
  const n = s.setup.trustees.length;
  if (s.status === 'ceremony') {
    if (!mine(s.commits)) return 'commit';
    if (!mine(s.reveals)) return s.commits.length === n ? 'reveal' : 'wait';
    if (!mine(s.acks)) return s.reveals.length === n ? 'ack' : 'wait';
    return 'done';
  }
  if (s.status === 'closed' && !mine(s.partials)) return 'decrypt';
  return 'done';
}

async function run(s) {
  const step = nextStep(s);
  let state = loadState();
  if (step === 'commit') {
    const out = pk.dkgCommit(s.setup.election_id, index, s.setup.threshold);
    saveState(out.state);
    await send('dkg_commit', out.commit);
  } else if (step === 'reveal') {
    await send('dkg_reveal', pk.dkgReveal(state, s.commits));
  } else if (step === 'ack') {
    const out = pk.dkgAck(state, s.commits, s.reveals);
    saveState(out.state);
    await send('dkg_ack', out.ack);
  } else if (step === 'decrypt') {
    if (!state || !state.share) throw new Error('key file with the share is needed');
    await send('partial_decryption',
      pk.partialDecrypt(s.joint_key.fingerprint, index, state.share, s.encrypted_tally));
  }
}

async function refresh() {
  const response = await fetch(panel.dataset.stateUrl, { cache: 'no-store' });
  const s = await response.json();
  const step = nextStep(s);
  const needsKey = step !== 'commit' && step !== 'wait' && step !== 'done' && !loadState();
  button.hidden = step === 'wait' || step === 'done' || needsKey;
  button.dataset.step = step;
  panel.dataset.step = step;
  status.textContent = needsKey ? status.dataset.needKey
    : { wait: status.dataset.wait, done: status.dataset.done }[step] || '';
  return s;
}

button.addEventListener('click', async () => {
  button.disabled = true;
  try {
    await run(await refresh());
    status.textContent = '✓';
  } catch (e) {
    status.textContent = e.message;
  } finally {
    button.disabled = false;
    await refresh();
  }
});

document.getElementById('key-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  localStorage.setItem(storeKey, await file.text());
  await refresh();
});

pk = await import(panel.dataset.cryptoUrl);
await refresh();
setInterval(refresh, 3000);
