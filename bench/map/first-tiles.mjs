// Time from navigation to the first drawn plot tile of the AdalMap web map, in headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core; nothing is downloaded), for city views at
// z12, z14 and z16, each page load cold (a new browser context: no cache). Baseline in the same run
// and the same browser: a page with Leaflet alone that fetches the same view's plots from
// /api/v1/plots as GeoJSON (limit 5000) and draws them, the way a map without vector tiles would.
//
//   node first-tiles.mjs http://127.0.0.1:18090 [rounds]
//
// Prints one JSON object: per view the medians, and the p95 over all loads, in milliseconds.

import { chromium } from 'playwright-core';

const base = process.argv[2];
const rounds = Number(process.argv[3] || 5);
const CITIES = {
  oskemen: [49.949, 82.615],
  semey: [50.4111, 80.2275],
  kokshetau: [53.2836, 69.389],
  astana: [51.1282, 71.4304],
};
const ZOOMS = [12, 14, 16];
const TIMEOUT = 30000;

// Leaflet and a GeoJSON layer of the view's plots: served by interception at a path of the same
// origin, so the application needs no page of its own for the benchmark
const BASELINE = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/webjars/leaflet/1.9.4/dist/leaflet.css">
<script src="/webjars/leaflet/1.9.4/dist/leaflet.js"></script>
<style>html,body,#map{height:100%;margin:0}</style></head><body><div id="map"></div><script>
const [z, lat, lon] = location.hash.slice(1).split('/').map(Number);
const map = L.map('map').setView([lat, lon], z);
const b = map.getBounds();
fetch('/api/v1/plots?limit=5000&bbox=' + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(','))
  .then((r) => r.json())
  .then((c) => { L.geoJSON(c, { style: { weight: 1 } }).addTo(map); requestAnimationFrame(() => performance.mark('baseline:drawn')); });
</script></body></html>`;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timeLoad(browser, url, mark) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/bench-baseline.html', (route) => route.fulfill({ contentType: 'text/html', body: BASELINE }));
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, { timeout: TIMEOUT });
    return await page.evaluate((name) => performance.getEntriesByName(name)[0].startTime, mark);
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const result = { views: [], adalmap: [], baseline: [] };
try {
  for (const [city, [lat, lon]] of Object.entries(CITIES)) {
    for (const z of ZOOMS) {
      const hash = `#${z}/${lat}/${lon}`;
      const ours = [];
      const theirs = [];
      for (let i = 0; i < rounds; i += 1) {
        // alternate, so that a busy moment of the machine falls on both
        ours.push(await timeLoad(browser, `${base}/?lang=en${hash}`, 'adalmap:first-tile:plots'));
        theirs.push(await timeLoad(browser, `${base}/bench-baseline.html${hash}`, 'baseline:drawn'));
      }
      result.adalmap.push(...ours);
      result.baseline.push(...theirs);
      result.views.push({ city, z, adalmap_median: percentile(ours, 50), baseline_median: percentile(theirs, 50) });
      console.error(`${city} z${z}: AdalMap ${percentile(ours, 50).toFixed(0)} ms, baseline ${percentile(theirs, 50).toFixed(0)} ms`);
    }
  }
} finally {
  await browser.close();
}
result.adalmap_p50 = percentile(result.adalmap, 50);
result.adalmap_p95 = percentile(result.adalmap, 95);
result.baseline_p50 = percentile(result.baseline, 50);
result.baseline_p95 = percentile(result.baseline, 95);
console.log(JSON.stringify(result));
