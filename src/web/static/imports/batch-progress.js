// Progressive enhancement of a running import's page (imports/web/views/batch.njk): polls the batch's
// JSON about once a second and updates the progress area and the running counts in place; when the batch stops running (or stalls) the
// page reloads to show the summary. Without this file the page's Refresh button does the same by hand.
const area = document.getElementById('import-progress');
const url = area === null ? undefined : area.dataset.pollUrl;
const POLL_MS = 1000;

function show(name, text) {
  const el = area.querySelector(`[data-progress="${name}"]`);
  if (el !== null && el.textContent !== text) el.textContent = text;
}

async function poll() {
  let batch;
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (!response.ok) return false;
    batch = await response.json();
  } catch {
    return true; // A network hiccup: try again at the next tick.
  }
  if (batch.status !== 'running' || batch.progress.stalled) {
    window.location.reload();
    return false;
  }
  const p = batch.progress;
  show('headline', p.text.headline);
  show('rows', p.text.rows);
  show('rate', p.text.rate);
  show('left', p.text.left);
  show('read', p.text.read);
  // The running counts below the progress area (rows in, loaded, quarantined, duplicate).
  for (const name of ['rowsIn', 'loaded', 'quarantined', 'duplicate']) {
    const el = document.querySelector(`[data-count="${name}"]`);
    const text = Number(batch[name]).toLocaleString('en-GB');
    if (el !== null && el.textContent !== text) el.textContent = text;
  }
  const bar = area.querySelector('[data-progress="bar"]');
  if (bar !== null && p.percent !== null) {
    bar.value = p.percent;
    bar.textContent = `${p.percent}%`;
  }
  return true;
}

async function loop() {
  if (await poll()) window.setTimeout(loop, POLL_MS);
}

if (area !== null && url !== undefined) window.setTimeout(loop, POLL_MS);
