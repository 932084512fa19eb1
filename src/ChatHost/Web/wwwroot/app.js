// ModelScale's page: chat, compare tiers, see what each costs. No dependencies, no build step.
// It talks to this server's public API only (same origin), and never puts model text into innerHTML:
// every answer is rendered as text nodes (see markdown() below).
'use strict';

const KEY_STORAGE = 'modelscale.apiKey';
const $ = (id) => document.getElementById(id);

/** Builds an element; children are nodes or strings (always text nodes). */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---------------------------------------------------------------------------------------------------------------
// API: same-origin fetch with the key from session storage; a 401 asks for the key and tries again.

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

let keyPrompt = null;

function askForKey(message) {
  if (keyPrompt) return keyPrompt;
  keyPrompt = new Promise((resolve) => {
    const dialog = $('key-dialog');
    $('key-message').textContent = message || 'This service needs an API key.';
    $('key-input').value = '';
    $('key-form').onsubmit = (event) => {
      event.preventDefault();
      const key = $('key-input').value.trim();
      if (!key) return;
      sessionStorage.setItem(KEY_STORAGE, key);
      dialog.close();
      keyPrompt = null;
      resolve();
    };
    dialog.oncancel = (event) => event.preventDefault();
    dialog.showModal();
    $('key-input').focus();
  });
  return keyPrompt;
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) return body.error.message;
  } catch { /* not JSON */ }
  return `The server answered ${response.status} ${response.statusText}.`;
}

async function api(path, options = {}) {
  for (;;) {
    const headers = new Headers(options.headers || {});
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) headers.set('Authorization', `Bearer ${key}`);
    let body = options.body;
    if (options.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(options.json);
    }
    const response = await fetch(path, {
      method: options.method || 'GET', headers, body, signal: options.signal,
      credentials: 'same-origin', mode: 'same-origin', cache: 'no-store', redirect: 'error',
    });
    if (response.status === 401) {
      // Several requests go out at once: one refused with an old key may come back after the user gave a new one.
      // Then it is tried again with that key instead of asking a second time.
      const current = sessionStorage.getItem(KEY_STORAGE);
      if (current && current !== key) continue;
      const message = await errorMessage(response);
      await askForKey(key ? `That key was refused: ${message}` : message);
      continue;
    }
    if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
    return response;
  }
}

const getJson = async (path, options) => (await api(path, options)).json();

/** Reads a server-sent-event stream ("data: JSON" blocks) and calls onEvent for each; stops at [DONE]. */
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
      if (!data) continue;
      if (data === '[DONE]') return;
      onEvent(JSON.parse(data));
    }
  }
}

/** Reads newline-delimited JSON and calls onLine for each object. */
async function readLines(response, onLine) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line) onLine(JSON.parse(line));
    }
    if (done) {
      if (buffer.trim()) onLine(JSON.parse(buffer));
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A small Markdown renderer that builds DOM nodes: fenced code, headings, lists, quotes, paragraphs; inline code,
// bold, italics and http(s) links. Text only ever goes in through text nodes.

function markdown(text) {
  const root = el('div', { class: 'md' });
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) root.append(el('p', null, inline(paragraph.join('\n'))));
    paragraph = [];
  };
  while (i < lines.length) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)\s*([\w+.#-]*)/.exec(line);
    if (fence) {
      flush();
      const code = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) code.push(lines[i++]);
      i++;
      const codeEl = el('code', { text: code.join('\n') });
      if (fence[2]) codeEl.dataset.lang = fence[2];
      root.append(el('pre', null, codeEl));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      root.append(el(`h${Math.min(heading[1].length + 1, 4)}`, null, inline(heading[2])));
      i++;
      continue;
    }
    const item = /^\s*([-*+]|\d{1,9}[.)])\s+/.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]);
      const list = el(ordered ? 'ol' : 'ul');
      while (i < lines.length) {
        const m = /^\s*([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(lines[i]);
        if (!m || /\d/.test(m[1]) !== ordered) break;
        list.append(el('li', null, inline(m[2])));
        i++;
      }
      root.append(list);
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const quoted = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s*>\s?/, ''));
      root.append(el('blockquote', null, inline(quoted.join('\n'))));
      continue;
    }
    if (!line.trim()) {
      flush();
      i++;
      continue;
    }
    paragraph.push(line);
    i++;
  }
  flush();
  return root;
}

function inline(text) {
  const out = [];
  // Underscores and stars inside a word (snake_case, window.__name) are not emphasis, as in CommonMark.
  const pattern = /(`+)([\s\S]*?)\1|(?<!\w)\*\*(?!\s)([^*\n]+?)\*\*(?!\w)|(?<!\w)__(?!\s)([^_\n]+?)__(?!\w)|(?<![\w*])\*(?![\s*])([^*\n]+?)\*(?![\w*])|\[([^\]\n]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  let m;
  while ((m = pattern.exec(text))) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    if (m[1]) out.push(el('code', { text: m[2] }));
    else if (m[3] || m[4]) out.push(el('strong', { text: m[3] || m[4] }));
    else if (m[5]) out.push(el('em', { text: m[5] }));
    else out.push(link(m[6], m[7]));
    last = pattern.lastIndex;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

function link(label, href) {
  let url = null;
  try { url = new URL(href); } catch { /* not absolute */ }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return document.createTextNode(`[${label}](${href})`);
  return el('a', { href: url.href, rel: 'noopener noreferrer nofollow', target: '_blank', text: label });
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const fmt = {
  ms: (v) => (typeof v === 'number' ? (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`) : '—'),
  rate: (v) => (typeof v === 'number' && v > 0 ? `${v.toFixed(1)} tok/s` : '—'),
  num: (v, digits = 2) => (typeof v === 'number' ? v.toFixed(digits) : '—'),
  bytes(v) {
    if (typeof v !== 'number') return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
  },
  params(v) {
    if (typeof v !== 'number') return '—';
    return v >= 1e9 ? `${(v / 1e9).toFixed(1)} B` : v >= 1e6 ? `${(v / 1e6).toFixed(1)} M` : `${(v / 1e3).toFixed(0)} K`;
  },
  when: (v) => (v ? new Date(v).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : ''),
};

function status(text) { $('status').textContent = text || ''; }

function statsLine(stats, incomplete) {
  const meta = el('div', { class: 'meta' });
  if (!stats) {
    if (incomplete) meta.append(el('span', { class: 'finish', text: 'stopped' }));
    return meta;
  }
  meta.append(
    el('span', { text: `${stats.completionTokens} tokens` }),
    el('span', { text: `TTFT ${fmt.ms(stats.timeToFirstTokenMs)}` }),
    el('span', { text: fmt.rate(stats.decodeTokensPerSecond) }),
    el('span', { class: 'finish', text: incomplete ? `stopped (${stats.finishReason})` : stats.finishReason }),
  );
  if (stats.trimmedMessages) meta.append(el('span', { text: `${stats.trimmedMessages} old messages trimmed` }));
  return meta;
}

// ---------------------------------------------------------------------------------------------------------------
// Dialogs: a text prompt and a confirmation, keyboard-friendly.

function ask({ title, message, value, field = true, ok = 'OK' }) {
  return new Promise((resolve) => {
    const dialog = $('ask-dialog');
    $('ask-title').textContent = title;
    $('ask-message').textContent = message || '';
    $('ask-field').hidden = !field;
    $('ask-input').value = value || '';
    $('ask-ok').textContent = ok;
    const finish = (result) => { dialog.close(); resolve(result); };
    $('ask-form').onsubmit = (event) => { event.preventDefault(); finish(field ? $('ask-input').value : true); };
    $('ask-cancel').onclick = () => finish(null);
    dialog.oncancel = (event) => { event.preventDefault(); finish(null); };
    dialog.showModal();
    (field ? $('ask-input') : $('ask-ok')).focus();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// State

const state = {
  profiles: [],
  sessions: [],
  session: null, // the open session's view (GET /api/sessions/{id}.session)
  messages: [], // the open session's stored messages
  answering: null, // AbortController of the answer under way
};

/** Whether a profile can answer now: downloaded, or a remote tier. */
const usable = (p) => p.onDisk || p.remote;

async function loadProfiles() {
  state.profiles = await getJson('/api/profiles');
  fillTierSelect();
  fillCompareTiers();
}

function fillTierSelect() {
  const select = $('tier');
  const current = state.session?.profile || select.value;
  select.replaceChildren(...state.profiles.map((p) => el('option', {
    value: p.id,
    disabled: !usable(p),
    text: `${p.displayName} (${p.id})${p.remote ? ' — remote' : p.onDisk ? '' : ' — not downloaded'}`,
  })));
  const pick = state.profiles.find((p) => p.id === current) || state.profiles.find(usable);
  if (pick) select.value = pick.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Chat

async function loadSessions() {
  state.sessions = await getJson('/api/sessions');
  renderSessions();
}

function sessionName(s) { return s.title || `Chat on ${s.profile || 'no tier'}`; }

function renderSessions() {
  const list = $('session-list');
  if (!state.sessions.length) {
    list.replaceChildren(el('li', { class: 'muted', text: 'No sessions yet.' }));
    return;
  }
  list.replaceChildren(...state.sessions.map((s) => el('li', { class: s.id === state.session?.id ? 'current' : '', 'data-id': s.id },
    el('button', { type: 'button', class: 'open', onclick: () => openSession(s.id), 'aria-current': s.id === state.session?.id ? 'true' : null },
      el('span', { text: sessionName(s) }),
      el('small', { text: `${s.profile || ''} · ${s.messageCount} messages · ${fmt.when(s.updatedAt)}`, title: fmt.when(s.updatedAt) })),
    el('button', { type: 'button', class: 'icon rename', 'aria-label': `Rename ${sessionName(s)}`, title: 'Rename', onclick: () => renameSession(s), text: '✎' }),
    el('button', { type: 'button', class: 'icon delete', 'aria-label': `Delete ${sessionName(s)}`, title: 'Delete', onclick: () => deleteSession(s), text: '✕' }))));
}

async function openSession(id) {
  if (state.answering) return;
  const detail = await getJson(`/api/sessions/${encodeURIComponent(id)}`);
  state.session = detail.session;
  state.messages = detail.messages;
  renderSessions();
  showSession(detail);
  $('sidebar').classList.remove('open');
  $('toggle-sessions').setAttribute('aria-expanded', 'false');
  $('input').focus();
}

function showSession(detail) {
  const s = state.session;
  $('chat-title').textContent = s ? sessionName(s) : 'New chat';
  if (s?.profile) $('tier').value = s.profile;
  $('system').value = s?.system || '';
  $('temperature').value = s ? s.sampling.temperature : '';
  $('seed').value = s ? s.sampling.seed : '';
  $('max-tokens').value = s?.sampling.maxTokens ?? '';
  const items = [];
  const switches = detail?.switches || [];
  const events = [
    ...(detail?.messages || []).map((m) => ({ at: m.createdAt, node: () => messageNode(m) })),
    ...switches.filter((w) => w.from).map((w) => ({ at: w.at, node: () => noticeNode(`Switched from ${w.from} to ${w.to} (${fmt.ms(w.loadMs)})`) })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const e of events) items.push(e.node());
  if (!items.length) items.push(el('li', { class: 'empty', text: 'Send a message to start. Switch tiers at any time: the history stays.' }));
  $('messages').replaceChildren(...items);
  scrollDown();
  updateCompareSource();
}

function messageNode(m) {
  if (m.role === 'user') return el('li', { class: 'msg user', text: m.content });
  if (m.role === 'system') return noticeNode(`System: ${m.content}`);
  return el('li', { class: `msg assistant${m.incomplete ? ' incomplete' : ''}` },
    el('div', { class: 'tag', text: m.profile || '' }),
    markdown(m.content),
    statsLine(m.stats, m.incomplete));
}

function noticeNode(text) { return el('li', { class: 'notice', text }); }

function scrollDown() {
  const list = $('messages');
  list.scrollTop = list.scrollHeight;
}

async function ensureSession() {
  if (state.session) return state.session;
  const created = await getJson('/api/sessions', { method: 'POST', json: { profile: $('tier').value || undefined, ...settingsBody(), system: $('system').value || undefined } });
  state.session = created;
  state.messages = [];
  await loadSessions();
  return created;
}

function settingsBody() {
  const number = (id) => ($(id).value === '' ? undefined : Number($(id).value));
  return { temperature: number('temperature'), seed: number('seed'), maxTokens: number('max-tokens') };
}

function setAnswering(controller) {
  state.answering = controller;
  $('send').hidden = !!controller;
  $('stop').hidden = !controller;
  $('tier').disabled = !!controller;
  $('new-session').disabled = !!controller;
  if (controller) $('stop').focus();
}

async function sendMessage(text) {
  let session;
  try {
    session = await ensureSession();
  } catch (error) {
    $('messages').append(el('li', { class: 'msg error', role: 'alert', text: error.message }));
    return;
  }
  const list = $('messages');
  list.querySelector('.empty')?.remove();
  list.append(el('li', { class: 'msg user', text }));
  const body = el('div', { class: 'md cursor' });
  const answer = el('li', { class: 'msg assistant streaming', 'aria-busy': 'true' }, el('div', { class: 'tag', text: session.profile || $('tier').value }), body);
  list.append(answer);
  scrollDown();

  const controller = new AbortController();
  setAnswering(controller);
  let text_ = '';
  let stats = null;
  let failure = null;
  let pending = false;
  const render = () => {
    pending = false;
    const nodes = markdown(text_);
    body.replaceChildren(...nodes.childNodes);
    scrollDown();
  };
  try {
    const response = await api(`/api/sessions/${encodeURIComponent(session.id)}/messages`, { method: 'POST', json: { content: text, stream: true }, signal: controller.signal });
    await readEvents(response, (event) => {
      if (event.error) { failure = event.error.message; return; }
      if (event.type === 'text') {
        text_ += event.text;
        if (!pending) { pending = true; requestAnimationFrame(render); }
      } else if (event.type === 'notice') {
        list.insertBefore(noticeNode(event.notice), answer);
      } else if (event.type === 'done') {
        stats = event.stats;
      }
    });
  } catch (error) {
    if (error.name !== 'AbortError') failure = error.message;
  } finally {
    setAnswering(null);
  }
  render();
  body.classList.remove('cursor');
  answer.classList.remove('streaming');
  answer.removeAttribute('aria-busy');
  const stopped = controller.signal.aborted;
  if (stats) answer.querySelector('.tag').textContent = stats.profile;
  answer.classList.toggle('incomplete', stopped);
  answer.append(statsLine(stats, stopped));
  if (failure) answer.append(el('div', { class: 'msg error', role: 'alert', text: failure }));
  $('input').focus();
  await loadSessions().catch(() => {});
  state.session = state.sessions.find((s) => s.id === session.id) || state.session;
  updateCompareSource();
}

async function switchTier(profile) {
  if (!state.session) return; // a new chat starts on the chosen tier
  const list = $('messages');
  const note = noticeNode(`Switching to ${profile}…`);
  list.append(note);
  scrollDown();
  $('tier').disabled = true;
  try {
    const result = await getJson(`/api/sessions/${encodeURIComponent(state.session.id)}/profile`, { method: 'PUT', json: { profile } });
    note.textContent = `Switched to ${result.profile.displayName} in ${fmt.ms(result.elapsedMs)}${result.wasResident ? ' (already loaded)' : ''}; `
      + `${result.messageCount} messages carried over, ${result.gpuLayers} GPU layers, context ${result.contextLength}.`;
    state.session = { ...state.session, profile };
    await loadSessions();
  } catch (error) {
    note.textContent = `Could not switch to ${profile}: ${error.message}`;
    note.classList.add('error');
    $('tier').value = state.session.profile;
  } finally {
    $('tier').disabled = false;
  }
}

async function saveSettings() {
  const session = await ensureSession();
  const id = encodeURIComponent(session.id);
  try {
    await api(`/api/sessions/${id}/system`, { method: 'PUT', json: { system: $('system').value.trim() || null } });
    state.session = await getJson(`/api/sessions/${id}/sampling`, { method: 'PUT', json: settingsBody() });
    status('Settings saved.');
  } catch (error) {
    status(error.message);
  }
}

async function renameSession(s) {
  const title = await ask({ title: 'Rename session', value: s.title || '', ok: 'Rename' });
  if (title === null) return;
  try {
    const renamed = await getJson(`/api/sessions/${encodeURIComponent(s.id)}/title`, { method: 'PUT', json: { title } });
    if (state.session?.id === s.id) { state.session = renamed; $('chat-title').textContent = sessionName(renamed); }
    await loadSessions();
  } catch (error) {
    status(error.message);
  }
}

async function deleteSession(s) {
  const sure = await ask({ title: 'Delete session', message: `Delete “${sessionName(s)}” and its ${s.messageCount} messages?`, field: false, ok: 'Delete' });
  if (!sure) return;
  try {
    await api(`/api/sessions/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
  } catch (error) {
    status(error.message);
  }
  if (state.session?.id === s.id) newChat();
  await loadSessions();
}

function newChat() {
  if (state.answering) return;
  state.session = null;
  state.messages = [];
  showSession(null);
  renderSessions();
  $('input').focus();
}

// ---------------------------------------------------------------------------------------------------------------
// Compare: a conversation through POST /api/replay on the chosen tiers.

let comparing = null;

function fillCompareTiers() {
  const box = $('compare-tiers');
  const checked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
  box.replaceChildren(...state.profiles.map((p) => el('label', { class: 'radio' },
    el('input', { type: 'checkbox', name: 'tier', value: p.id, checked: checked.has(p.id), disabled: !usable(p) }),
    `${p.displayName} (${p.id})${p.remote ? ' — remote' : p.onDisk ? '' : ' — not downloaded'}`)));
}

async function currentConversation() {
  if (!state.session) throw new Error('Open or start a chat first, or pick a conversation file.');
  const detail = await getJson(`/api/sessions/${encodeURIComponent(state.session.id)}`);
  const turns = [];
  for (const m of detail.messages) {
    if (m.role === 'user') turns.push({ user: m.content });
    else if (m.role === 'assistant' && turns.length && !m.incomplete && turns[turns.length - 1].reference === undefined) turns[turns.length - 1].reference = m.content;
  }
  if (!turns.length) throw new Error('The current chat has no messages to replay yet.');
  const s = detail.session;
  return {
    version: 1,
    system: s.system || undefined,
    sampling: { temperature: s.sampling.temperature, seed: s.sampling.seed, maxTokens: s.sampling.maxTokens ?? undefined },
    turns,
  };
}

function updateCompareSource() {
  const count = state.messages.filter((m) => m.role === 'user').length || state.session?.messageCount || 0;
  $('current-turns').textContent = state.session ? `(${sessionName(state.session)})` : '(no chat open)';
  return count;
}

async function runComparison() {
  const profiles = [...$('compare-tiers').querySelectorAll('input:checked')].map((i) => i.value);
  const result = $('compare-result');
  if (!profiles.length) {
    result.replaceChildren(el('p', { class: 'msg error', role: 'alert', text: 'Pick at least one tier.' }));
    return;
  }
  let conversation;
  try {
    if (document.querySelector('input[name=source]:checked').value === 'file') {
      const file = $('conversation-file').files[0];
      if (!file) throw new Error('Choose a conversation file first.');
      try { conversation = JSON.parse(await file.text()); } catch { throw new Error(`${file.name} is not JSON.`); }
    } else {
      conversation = await currentConversation();
    }
  } catch (error) {
    result.replaceChildren(el('p', { class: 'msg error', role: 'alert', text: error.message }));
    return;
  }

  const controller = new AbortController();
  comparing = controller;
  const turns = Array.isArray(conversation.turns) ? conversation.turns.length : '?';
  const started = performance.now();
  const progressText = $('compare-progress-text');
  let detail = '';
  const tick = () => {
    progressText.textContent = `Playing ${turns} turns on ${profiles.length} tiers… ${((performance.now() - started) / 1000).toFixed(0)} s${detail ? ` · ${detail}` : ''}`;
  };
  tick();
  const timer = setInterval(tick, 1000);
  $('compare-progress').hidden = false;
  $('compare-bar').hidden = false;
  $('run-compare').disabled = true;
  $('cancel-compare').hidden = false;
  result.replaceChildren();
  const bar = $('compare-bar');
  bar.removeAttribute('value');
  let report = null;
  let failure = null;
  try {
    const response = await api('/api/replay', {
      method: 'POST', signal: controller.signal,
      json: { profiles, conversation, teacherForcing: $('teacher-forcing').checked, stream: true },
    });
    if (!(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
      report = await response.json(); // a server that does not stream progress answers the report at once
    } else {
      await readEvents(response, (event) => {
        if (event.error) failure = event.error.message;
        else if (event.type === 'report') report = event.report;
        else if (event.type === 'profileStarting') {
          bar.max = (event.count || profiles.length) * (event.turns || 1);
          bar.value = (event.index || 0) * (event.turns || 1);
          detail = `${event.profile} (${(event.index || 0) + 1} of ${event.count}): loading`;
        } else if (event.type === 'profileLoaded') detail = `${event.profile}: loaded in ${fmt.ms(event.loadMs)}`;
        else if (event.type === 'turnFinished') {
          bar.value = Math.min(bar.max, (bar.value || 0) + 1);
          detail = `${event.profile}: turn ${event.turn} of ${event.turns} answered`;
        } else if (event.type === 'profileFinished') detail = `${event.profile}: ${event.status}`;
        tick();
      });
    }
    if (failure) throw new Error(failure);
    if (!report) throw new Error('The comparison ended without a report.');
    result.replaceChildren(renderReport(report));
    progressText.textContent = `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
  } catch (error) {
    progressText.textContent = '';
    result.replaceChildren(el('p', { class: 'msg error', role: 'alert', text: error.name === 'AbortError' ? 'Comparison cancelled.' : error.message }));
  } finally {
    clearInterval(timer);
    comparing = null;
    $('compare-bar').hidden = true;
    $('run-compare').disabled = false;
    $('cancel-compare').hidden = true;
    await loadProfiles().catch(() => {});
  }
}

/** Renders a replay report; fields it does not know are ignored and missing ones show as a dash. */
function renderReport(report) {
  const profiles = Array.isArray(report.profiles) ? report.profiles : [];
  const out = el('div', { class: 'report' });
  const verdict = report.verdict;
  if (verdict) {
    out.append(el('div', { class: 'card verdict', role: 'status' },
      el('h2', { text: `Verdict: ${verdict.recommended ?? '—'}` }),
      el('p', { text: verdict.sentence || '' }),
      el('p', { class: 'muted', text: [
        verdict.best !== undefined ? `best ${verdict.best} (${fmt.num(verdict.bestScore)})` : null,
        verdict.recommendedScore !== undefined ? `recommended score ${fmt.num(verdict.recommendedScore)}` : null,
        typeof verdict.speedRatio === 'number' ? `${verdict.speedRatio.toFixed(2)}× the speed` : null,
        typeof verdict.memoryShare === 'number' ? `${(verdict.memoryShare * 100).toFixed(0)}% of the memory` : null,
        verdict.judge ? `judged by ${verdict.judge}` : null,
      ].filter(Boolean).join(' · ') })));
  } else {
    out.append(el('p', { class: 'card verdict', role: 'status', text: report.interrupted ? 'The replay was interrupted.' : 'No verdict: the report has no judge scores to compare (the table shows the measurements).' }));
  }

  const peak = (p) => p.memory?.peakVramBytes ?? p.memory?.peakRssBytes;
  const columns = [
    ['Tier', (p) => el('span', null, el('strong', { text: p.displayName || p.id }), el('br'), el('small', { class: 'muted', text: p.id }))],
    ['Status', (p) => el('span', { class: `badge ${p.status === 'completed' ? 'ok' : p.status === 'failed' ? 'bad' : 'warn'}`, text: p.status ?? '—', title: p.reason || p.detail || '' })],
    ['Score', (p) => fmt.num(p.meanScore), true],
    ['chrF', (p) => fmt.num(p.meanChrF, 1), true],
    ['Keywords', (p) => (typeof p.keywordsExpected === 'number' ? `${p.keywordsHit}/${p.keywordsExpected}` : '—'), true],
    ['TTFT', (p) => fmt.ms(p.meanTtftMs), true],
    ['Speed', (p) => fmt.rate(p.decodeTokensPerSecond), true],
    ['Load', (p) => fmt.ms(p.loadMs), true],
    ['Peak memory', (p) => fmt.bytes(peak(p)), true],
    ['GPU layers', (p) => (p.plan ? `${p.plan.gpuLayers}/${p.plan.totalLayers}` : '—'), true],
  ];
  out.append(el('h2', { text: 'Tiers side by side' }), el('div', { class: 'table-wrap' }, el('table', { class: 'verdict-table' },
    el('thead', null, el('tr', null, columns.map(([name]) => el('th', { scope: 'col', text: name })))),
    el('tbody', null, profiles.map((p) => el('tr', { class: verdict?.recommended === p.id ? 'recommended' : '' },
      columns.map(([, cell, num]) => el('td', { class: num ? 'num' : '' }, cell(p)))))))));

  const turns = Array.isArray(report.turns) ? report.turns : [];
  out.append(el('h2', { text: 'Answers' }));
  for (const t of turns) {
    const number = t.turn;
    out.append(el('section', { class: 'turn card' },
      el('div', { class: 'prompt', text: `${number}. ${t.user ?? ''}` }),
      t.reference ? el('div', { class: 'reference', text: `Reference: ${t.reference}` }) : null,
      el('div', { class: 'side' }, profiles.map((p) => {
        const a = (p.answers || []).find((x) => x.turn === number);
        return el('div', { class: 'msg assistant' },
          el('div', { class: 'tag', text: p.displayName || p.id }),
          a ? markdown(a.answer ?? '') : el('p', { class: 'muted', text: 'No answer.' }),
          a ? el('div', { class: 'meta' },
            el('span', { text: `${a.completionTokens ?? '—'} tokens` }),
            el('span', { text: `TTFT ${fmt.ms(a.ttftMs)}` }),
            el('span', { text: fmt.rate(a.decodeTokensPerSecond) }),
            el('span', { text: a.finishReason ?? '' }),
            a.judgement ? el('span', { title: a.judgement.reason || '', text: `score ${a.judgement.score}` }) : null,
            typeof a.chrF === 'number' ? el('span', { text: `chrF ${a.chrF.toFixed(1)}` }) : null) : null);
      }))));
  }

  const blob = new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' });
  out.append(el('p', null, el('a', { href: URL.createObjectURL(blob), download: 'replay-report.json', text: 'Download the report (JSON)' })));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Tiers: every profile with its plan, and a download with live progress.

async function loadTiers() {
  const box = $('tiers');
  box.replaceChildren(el('p', { class: 'muted', text: 'Planning…' }));
  await loadProfiles();
  const cards = state.profiles.map((p) => tierCard(p));
  box.replaceChildren(...cards.map((c) => c.node));
  await Promise.all(cards.map((c) => c.plan()));
}

function tierCard(p) {
  const planBox = el('div', { class: 'plan muted', text: 'Planning…' });
  const disk = p.remote ? el('span', { class: 'badge ok', text: 'remote' })
    : p.resident ? el('span', { class: 'badge ok', text: 'loaded' })
    : p.onDisk ? el('span', { class: 'badge ok', text: 'on disk' }) : el('span', { class: 'badge warn', text: 'not downloaded' });
  const pull = el('div', { class: 'pull' });
  if (!usable(p)) pull.append(el('button', { type: 'button', class: 'primary', onclick: () => download(p, pull), text: `Download ${p.id}` }));
  const node = el('article', { class: 'card tier', 'data-id': p.id },
    el('h2', null, el('span', { text: p.displayName }), el('small', { class: 'muted', text: p.id }), disk),
    el('div', { class: 'muted', text: [p.family, p.parameters ? `${fmt.params(p.parameters)} parameters` : null, p.quantization, `context ${p.contextLength}`].filter((v) => v && v !== 'unknown').join(' · ') }),
    planBox, pull);
  const plan = async () => {
    if (p.remote) {
      planBox.textContent = 'Runs on a remote OpenAI-compatible endpoint: no local memory to plan.';
      return;
    }
    try {
      const json = await getJson(`/api/plan/${encodeURIComponent(p.id)}`);
      planBox.replaceChildren(planView(json));
      planBox.classList.remove('muted');
    } catch (error) {
      planBox.textContent = `No plan: ${error.message}`;
    }
  };
  return { node, plan };
}

function planView(plan) {
  const devices = Array.isArray(plan.devices) ? plan.devices : [];
  const vramNeed = devices.reduce((sum, d) => sum + (d.totalBytes || 0), 0);
  const vramFree = devices.reduce((sum, d) => sum + (d.freeBytes || 0), 0);
  const host = plan.host || {};
  const rows = [
    ['Fits', el('span', { class: `badge ${plan.fits ? 'ok' : 'bad'}`, text: plan.fits ? 'yes' : 'no' })],
    ['GPU layers', `${plan.gpuLayers ?? '—'} of ${plan.totalLayers ?? '—'}`],
    ['Context', `${plan.context ?? '—'}${plan.requestedContext && plan.requestedContext !== plan.context ? ` (asked ${plan.requestedContext})` : ''}`],
    ['VRAM', devices.length ? `${fmt.bytes(vramNeed)} needed, ${fmt.bytes(vramFree)} free` : 'no GPU'],
    ['RAM', `${fmt.bytes(host.totalBytes)} needed, ${host.freeBytes == null ? 'free unknown' : `${fmt.bytes(host.freeBytes)} free`}`],
  ];
  const emb = plan.embeddings;
  if (emb) {
    rows.push(['Embeddings', `+${fmt.bytes(emb.totalBytes)} when first asked (ctx ${emb.context}), ${emb.fits ? 'fits' : 'does not fit'}`]);
  }
  return el('div', null,
    el('dl', null, rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', null, v)])),
    el('p', { class: 'why', text: plan.reason || '' }),
    ...(Array.isArray(plan.notes) ? plan.notes.map((n) => el('p', { class: 'why', text: n })) : []));
}

async function download(p, box) {
  const bar = el('progress', { max: 1, value: 0 });
  const text = el('span', { class: 'muted', role: 'status', 'aria-live': 'polite', text: 'Starting…' });
  box.replaceChildren(bar, text);
  try {
    const response = await api('/api/pull', { method: 'POST', json: { model: p.id, stream: true } });
    let failed = null;
    await readLines(response, (line) => {
      if (line.error) { failed = line.error.message || line.error; return; }
      if (typeof line.total === 'number' && line.total > 0) {
        bar.max = line.total;
        bar.value = line.completed || 0;
        text.textContent = `${line.status || 'downloading'}: ${fmt.bytes(line.completed || 0)} of ${fmt.bytes(line.total)}`;
      } else {
        text.textContent = line.status || '';
      }
    });
    if (failed) throw new Error(failed);
    bar.value = bar.max;
    text.textContent = 'Downloaded.';
    await loadTiers();
  } catch (error) {
    bar.remove();
    text.textContent = error.status === 404 || error.status === 405
      ? `This server cannot download yet (no POST /api/pull); run "modelscale pull ${p.id}" in a terminal.`
      : `Download failed: ${error.message}`;
    box.append(el('button', { type: 'button', onclick: () => download(p, box), text: 'Try again' }));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Views and wiring

const views = ['chat', 'compare', 'tiers'];

function route() {
  const name = views.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'chat';
  for (const v of views) {
    $(`view-${v}`).hidden = v !== name;
    const link = $(`nav-${v}`);
    if (v === name) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  if (name === 'tiers') loadTiers().catch((error) => status(error.message));
  if (name === 'compare') updateCompareSource();
}

function wire() {
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('input').value.trim();
    if (!text || state.answering) return;
    $('input').value = '';
    sendMessage(text);
  });
  $('input').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $('composer').requestSubmit();
    }
  });
  $('stop').addEventListener('click', () => state.answering?.abort());
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state.answering && !document.querySelector('dialog[open]')) state.answering.abort();
  });
  $('tier').addEventListener('change', () => switchTier($('tier').value));
  $('new-session').addEventListener('click', newChat);
  $('toggle-settings').addEventListener('click', () => {
    const open = $('settings').hidden;
    $('settings').hidden = !open;
    $('toggle-settings').setAttribute('aria-expanded', String(open));
    if (open) $('system').focus();
  });
  $('settings').addEventListener('submit', (event) => { event.preventDefault(); saveSettings(); });
  $('toggle-sessions').addEventListener('click', () => {
    const open = $('sidebar').classList.toggle('open');
    $('toggle-sessions').setAttribute('aria-expanded', String(open));
  });
  $('compare-form').addEventListener('submit', (event) => { event.preventDefault(); if (!comparing) runComparison(); });
  $('cancel-compare').addEventListener('click', () => comparing?.abort());
  $('conversation-file').addEventListener('change', () => { document.querySelector('input[name=source][value=file]').checked = true; });
  $('refresh-tiers').addEventListener('click', () => loadTiers().catch((error) => status(error.message)));
  window.addEventListener('hashchange', route);
}

async function start() {
  wire();
  showSession(null);
  route();
  try {
    await Promise.all([loadProfiles(), loadSessions()]);
    if (!state.profiles.some(usable)) status('No tier is downloaded yet: see Tiers.');
  } catch (error) {
    status(error.message);
  }
  document.body.dataset.ready = 'true';
}

start();
