// The web app's logic: sign-in (the token kept in sessionStorage and sent as a bearer token on
// every call), the feed page by page (ETag-revalidated), feedback, topics, and live updates read
// from the WatchFeed stream (newline-delimited JSON) with fetch and a ReadableStream.
'use strict';

const pageSize = 10;
const state = {
  token: sessionStorage.getItem('recommender.token') || '',
  user: sessionStorage.getItem('recommender.user') || '',
  pages: [''],        // page tokens of the pages visited: pages[i] opens page i
  page: 0,
  cached: new Map(),  // page token -> { etag, data }: a 304 reuses data
  cursor: '',         // the last WatchFeed cursor: a reconnect resumes from it
  synced: false,
  fresh: 0,           // papers that entered since the page was loaded
  watch: null,
};

const $ = id => document.getElementById(id);
const enc = encodeURIComponent;

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter(c => c !== null && c !== undefined));
  return node;
}

/** A REST call with the bearer token; answers the parsed JSON, or { status: 304 }. */
async function api(method, path, { body, headers = {} } = {}) {
  const init = { method, cache: 'no-store', headers: { Authorization: 'Bearer ' + state.token, ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 304) {
    return { status: 304, etag: response.headers.get('ETag') };
  }
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) {
    signOut('The server did not accept the token; sign in again.');
  }
  if (!response.ok) {
    throw new Error(data.message || `${response.status} ${response.statusText}`);
  }
  return { status: response.status, etag: response.headers.get('ETag'), data };
}

function showError(error) {
  $('error').hidden = !error;
  $('error').textContent = error ? String(error.message || error) : '';
}

// ---- sign-in -------------------------------------------------------------------------------

/** The token's subject when it is a JWT (the user id the server will see). */
function subjectOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).sub || '';
  } catch {
    return '';
  }
}

function signIn(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  const user = $('user-id').value.trim() || subjectOf(token);
  if (!token || !user) {
    $('user-id').placeholder = 'needed: the token names no user';
    return;
  }
  sessionStorage.setItem('recommender.token', token);
  sessionStorage.setItem('recommender.user', user);
  Object.assign(state, { token, user });
  start();
}

function signOut(message) {
  sessionStorage.removeItem('recommender.token');
  sessionStorage.removeItem('recommender.user');
  state.watch?.abort();
  Object.assign(state, { token: '', user: '', watch: null });
  $('main').hidden = true;
  $('sign-in').hidden = false;
  $('sign-out').hidden = true;
  $('who').textContent = message || '';
}

// ---- feed ----------------------------------------------------------------------------------

async function loadPage(index) {
  const token = state.pages[index];
  const path = `/v1/users/${enc(state.user)}/feed?pageSize=${pageSize}` + (token ? `&pageToken=${enc(token)}` : '');
  const cached = state.cached.get(token);
  try {
    const answer = await api('GET', path, { headers: cached ? { 'If-None-Match': cached.etag } : {} });
    const data = answer.status === 304 ? cached.data : answer.data;
    state.cached.set(token, { etag: answer.etag, data });
    state.page = index;
    if (data.nextPageToken) {
      state.pages[index + 1] = data.nextPageToken;
    }
    state.pages.length = data.nextPageToken ? index + 2 : index + 1;
    if (index === 0) {
      state.fresh = 0;
      $('news').hidden = true;
    }
    renderFeed(data);
    showError(null);
  } catch (error) {
    showError(error);
  }
}

function renderFeed(data) {
  $('feed-total').textContent = `${data.total} papers`;
  $('feed').replaceChildren(...(data.items || []).map(renderItem));
  $('page-label').textContent = `page ${state.page + 1}`;
  $('prev').disabled = state.page === 0;
  $('next').disabled = state.page + 1 >= state.pages.length;
}

function renderItem(item) {
  const paper = item.paper;
  const title = paper.url ? element('a', { href: paper.url, textContent: paper.title, target: '_blank', rel: 'noopener' }) : paper.title;
  const date = paper.publishedAt ? new Date(paper.publishedAt).toISOString().slice(0, 10) : '';
  const authors = (paper.authors || []).slice(0, 4).join(', ') + ((paper.authors || []).length > 4 ? ', …' : '');
  const heads = Object.entries(item.taskScores || {}).map(([head, score]) => element('span', { className: 'head', textContent: `${head} ${score.toFixed(2)}` }));
  const save = element('button', { className: 'save', textContent: 'Save' });
  const hide = element('button', { className: 'hide', textContent: 'Not interested' });
  const li = element('li', { className: 'item' },
    element('h3', {}, `${item.rank}. `, title),
    element('div', { className: 'meta', textContent: [date, authors, `score ${item.score.toFixed(3)}`].filter(Boolean).join(' · ') }),
    element('div', { className: 'heads' }, ...heads,
      // An exploratory slot: a paper the model is unsure about, shown so that the reader's answer can teach it.
      ...(item.exploratory ? [element('span', { className: 'exploring', textContent: `exploring (p ${item.propensity.toFixed(2)})` })] : [])),
    element('ul', { className: 'reasons' }, ...(item.reasons || []).map(r => element('li', { textContent: r }))),
    element('div', { className: 'actions' }, save, hide));
  li.dataset.paperId = paper.id;
  li.classList.toggle('exploratory', !!item.exploratory);
  save.onclick = () => feedback(li, 'SAVE', save);
  hide.onclick = () => feedback(li, 'HIDE', hide);
  return li;
}

async function feedback(li, kind, button) {
  button.disabled = true;
  try {
    await api('POST', `/v1/users/${enc(state.user)}/feedback`, { body: { paperId: li.dataset.paperId, kind } });
    if (kind === 'HIDE') {
      li.remove();
    } else {
      button.replaceWith(element('span', { className: 'saved', textContent: 'Saved' }));
    }
  } catch (error) {
    button.disabled = false;
    showError(error);
  }
}

// ---- topics --------------------------------------------------------------------------------

async function loadTopics() {
  try {
    const [topics, user] = await Promise.all([api('GET', '/v1/topics?pageSize=100'), api('GET', `/v1/users/${enc(state.user)}`)]);
    const followed = new Set(user.data.followedTopics || []);
    $('topics').replaceChildren(...(topics.data.topics || []).map(topic => {
      const following = followed.has(topic.id);
      const button = element('button', { textContent: following ? 'Unfollow' : 'Follow' });
      const li = element('li', {}, element('span', { textContent: topic.name || topic.id }), button);
      li.dataset.topicId = topic.id;
      li.dataset.following = following;
      button.onclick = async () => {
        button.disabled = true;
        try {
          await api(following ? 'DELETE' : 'PUT', `/v1/users/${enc(state.user)}/follows/${enc(topic.id)}`);
          await Promise.all([loadTopics(), loadPage(0)]);
        } catch (error) {
          button.disabled = false;
          showError(error);
        }
      };
      return li;
    }));
  } catch (error) {
    showError(error);
  }
}

// ---- live updates --------------------------------------------------------------------------

function setLive(on) {
  $('live').textContent = on ? 'live' : 'reconnecting';
  $('live').className = on ? 'live on' : 'live off';
}

async function watch() {
  const controller = new AbortController();
  state.watch = controller;
  while (!controller.signal.aborted) {
    try {
      const path = `/v1/users/${enc(state.user)}/feed:watch` + (state.cursor ? `?cursor=${enc(state.cursor)}` : '');
      const response = await fetch(path, { cache: 'no-store', signal: controller.signal, headers: { Authorization: 'Bearer ' + state.token } });
      if (response.status === 401) {
        signOut('The server did not accept the token; sign in again.');
        return;
      }
      if (!response.ok) {
        throw new Error(`watch: ${response.status}`);
      }
      state.synced = !!state.cursor;
      setLive(true);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
          const line = buffer.slice(0, end).trim();
          buffer = buffer.slice(end + 1);
          if (line) {
            onEvent(JSON.parse(line));
          }
        }
      }
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
    }
    setLive(false);
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

function onEvent(event) {
  if (event.cursor) {
    state.cursor = event.cursor;
  }
  switch (event.kind) {
    case 'SYNCED':
      state.synced = true;
      break;
    case 'ENTERED':
      // Before the first SYNCED of a fresh watch these are the feed as it is: already shown.
      if (state.synced) {
        state.fresh++;
        $('news-text').textContent = `${state.fresh} new ${state.fresh === 1 ? 'paper' : 'papers'} in your feed`;
        $('news').hidden = false;
      }
      break;
    case 'LEFT':
      document.querySelectorAll('#feed li.item').forEach(li => {
        if (li.dataset.paperId === event.paperId) {
          li.remove();
        }
      });
      break;
    case 'HEARTBEAT':
      break;
    default:
      if (event.message) {
        showError(event.message);
      }
  }
  if (event.total !== undefined && event.kind !== 'HEARTBEAT') {
    $('feed-total').textContent = `${event.total} papers`;
  }
}

// ---- start ---------------------------------------------------------------------------------

function start() {
  $('sign-in').hidden = true;
  $('main').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = state.user;
  state.cursor = '';
  state.pages = [''];
  state.cached.clear();
  loadPage(0);
  loadTopics();
  watch();
}

$('sign-in-form').onsubmit = signIn;
$('sign-out').onclick = () => signOut('');
$('prev').onclick = () => loadPage(state.page - 1);
$('next').onclick = () => loadPage(state.page + 1);
$('show-news').onclick = () => loadPage(0);

if (state.token && state.user) {
  start();
} else {
  signOut('');
}
