// The chair's browser side (PHIEUKIN-v2): the chair's signing key is made here, kept in this
// browser's localStorage and saved once as a key file named for the ballot and the chair; only
// its public half is posted. Later the chair signs the attendance the room sees with it.

const panel = document.getElementById('chair-panel');
const status = document.getElementById('chair-status');
const storeKey = `phieukin-chair-${panel.dataset.ballot}`;
const text = panel.dataset;
let pk = null;
let loaded = null;

function csrf() {
  const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
  return headers['X-CSRFToken'] || '';
}

async function send(type, payload) {
  const response = await fetch(text.submitUrl, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf() },
    body: JSON.stringify({ type, payload }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
}

function saveOnce(state) {
  localStorage.setItem(storeKey, JSON.stringify(state));
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([JSON.stringify(state, null, 1)], { type: 'application/json' }));
  link.download = text.keyFile;
  link.id = 'chair-key-download';
  link.textContent = text.keyFile;
  document.getElementById('chair-downloads').append(link);
  link.click();
}

async function state() {
  const response = await fetch(text.stateUrl, { cache: 'no-store' });
  return response.json();
}

async function createKey() {
  const s = await state();
  const { state: secret, payload } = pk.chairKey(s.setup.election_id);
  await send('chair_key', payload);
  saveOnce(secret);
}

async function signAttendance() {
  const s = await state();
  const key = loaded || JSON.parse(localStorage.getItem(storeKey) || 'null');
  if (!key || key.role !== 'chair') throw new Error(text.needKey);
  if (key.election_id !== s.setup.election_id) throw new Error(text.wrongFile);
  await send('attendance', pk.signAttendance(key, s.joint_key.fingerprint, s.attendance_to_sign));
}

function act(id, action) {
  const el = document.getElementById(id);
  if (!el) return;
  el.addEventListener('click', async () => {
    el.disabled = true;
    try {
      await action();
      location.reload();
    } catch (e) {
      status.textContent = e.message;
      el.disabled = false;
    }
  });
}

document.getElementById('chair-key-file')?.addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try { loaded = JSON.parse(await file.text()); } catch { loaded = null; status.textContent = text.wrongFile; }
});

pk = await import(text.cryptoUrl);
act('chair-key-create', createKey);
act('attendance-sign', signAttendance);
panel.dataset.ready = 'true';
