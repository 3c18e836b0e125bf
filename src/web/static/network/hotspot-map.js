// Hotspot map enhancement: Leaflet over the fictional area's GeoJSON, no tile server. Without
// JavaScript (or if this fails) the server-drawn SVG and the table remain.
const holder = document.getElementById('hotspot-map');
const L = window.L;

async function getJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

async function draw() {
  if (holder === null || L === undefined) return;
  const [area, data] = await Promise.all([getJson(holder.dataset.area), getJson(holder.dataset.url)]);
  holder.replaceChildren();
  holder.classList.add('app-hotspot-map--enhanced');
  holder.setAttribute('role', 'region');
  holder.setAttribute('aria-label', 'Interactive hotspot map; the table below lists the same places');
  const map = L.map(holder, { attributionControl: false, preferCanvas: false });
  const districts = L.geoJSON(area, {
    style: () => ({ color: '#505a5f', weight: 1.5, fillColor: '#f3f2f1', fillOpacity: 1 }),
    onEachFeature: (feature, layer) =>
      layer.bindTooltip(feature.properties.name, { permanent: true, direction: 'center' }),
  }).addTo(map);
  map.fitBounds(districts.getBounds());
  for (const p of data.places) {
    if (p.latitude === null || p.longitude === null) continue;
    const marker = L.circleMarker([p.latitude, p.longitude], {
      radius: Math.min(24, 5 + 3 * p.peakChildren),
      color: '#0b0c0c',
      weight: 1,
      fillColor: '#d4351c',
      fillOpacity: 0.7,
    }).addTo(map);
    const link = document.createElement('a');
    link.href = `/network/places/${p.id}`;
    link.className = 'govuk-link';
    link.textContent = `${p.label}: up to ${p.peakChildren} children at risk`;
    marker.bindPopup(link);
  }
  holder.dataset.ready = 'true';
}

draw().catch(() => {
  // Keep the server-drawn map.
});
