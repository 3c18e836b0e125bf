// Link chart enhancement: draws the chart's JSON (positions precomputed on the server, so 2,000 nodes
// need no physics) with cytoscape on a canvas. The tables on the page hold the same information.
const container = document.getElementById('link-chart');
const key = document.getElementById('link-chart-key');
const cytoscape = window.cytoscape;

const COLOURS = { child: '#d4351c', adult_of_concern: '#003078', other: '#505a5f' };

function elementsOf(chart) {
  const nodes = chart.nodes.map((n) => ({
    data: {
      id: n.id,
      label: n.label,
      kind: n.kind,
      colour:
        n.kind === 'person'
          ? n.atRisk
            ? COLOURS.child
            : (COLOURS[n.subtype] ?? COLOURS.other)
          : n.kind === 'object'
            ? '#00703c'
            : '#f47738',
      shape: n.kind === 'person' ? 'ellipse' : n.kind === 'object' ? 'round-rectangle' : 'diamond',
      href:
        n.kind === 'location'
          ? `/network/places/${n.id}`
          : `/network/chart?type=${n.kind}&id=${encodeURIComponent(n.id)}`,
    },
    position: { x: n.x, y: n.y },
  }));
  const edges = chart.edges.map((e, i) => ({
    data: { id: `e${i}`, source: e.source, target: e.target, width: Math.min(8, 1 + e.weight) },
  }));
  return nodes.concat(edges);
}

async function draw() {
  if (container === null || typeof cytoscape !== 'function') return;
  const started = window.performance.now();
  const response = await fetch(container.dataset.url, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (!response.ok) return;
  const chart = await response.json();
  container.dataset.fetchMs = String(Math.round(window.performance.now() - started));
  container.hidden = false;
  if (key !== null) key.hidden = false;
  const big = chart.nodes.length > 300;
  const cy = cytoscape({
    container,
    elements: elementsOf(chart),
    layout: { name: 'preset', fit: true, padding: 20 },
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    pixelRatio: 1,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(colour)',
          shape: 'data(shape)',
          label: big ? '' : 'data(label)',
          'font-size': 11,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          width: 18,
          height: 18,
        },
      },
      {
        selector: 'edge',
        style: { width: 'data(width)', 'line-color': '#b1b4b6', 'curve-style': 'haystack' },
      },
      {
        selector: 'node:selected',
        style: { 'border-width': 3, 'border-color': '#ffdd00', label: 'data(label)' },
      },
    ],
  });
  cy.ready(() => {
    container.dataset.drawMs = String(Math.round(window.performance.now() - started));
    container.dataset.nodes = String(cy.nodes().length);
  });
  cy.on('tap', 'node', (event) => {
    window.location.assign(event.target.data('href'));
  });
}

draw().catch(() => {
  // The tables below carry the same information; the chart is an enhancement only.
});
