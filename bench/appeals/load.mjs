// Load generator: CLIENTS concurrent clients submit appeals with a photo to URL for SECONDS seconds,
// each request with its own Idempotency-Key. A request whose connection failed (refused, reset, the
// server killed) is sent again with the same key and the same bytes until it gets an answer, for up
// to RETRY_FOR seconds; an answer of any status is final. Every acknowledged submission (201, or 200
// for a replay) is written to ACKED as a JSON line {key, code, status}; the summary goes to stdout
// as JSON. Meanwhile one more client follows the latest acknowledged appeal by its tracking code
// (GET URL/track/CODE, one query) four times a second: what everybody else gets from the service
// while it takes the uploads.
//
//   node load.mjs URL SECONDS CLIENTS PHOTO_DIR ACKED RUN_ID
//
// Each body's photo is one of the generated photos with its luminance quantisation table changed in
// four high-frequency entries: still a valid JPEG, decoding to different pixels, so no two
// submissions of a run store the same file.
import fs from "node:fs";
import path from "node:path";

const [url, seconds, clients, photoDir, ackedFile, runId] = process.argv.slice(2);
const RETRY_FOR_MS = Number(process.env.RETRY_FOR || 300) * 1000;
const photos = fs
  .readdirSync(photoDir)
  .filter((f) => f.endsWith(".jpg"))
  .sort()
  .map((f) => {
    const bytes = fs.readFileSync(path.join(photoDir, f));
    return { bytes, dqt: lumaTable(bytes) };
  });
if (photos.length === 0) throw new Error(`no photos in ${photoDir}`);

/** Offset of the 64 entries of the first 8-bit quantisation table (the luminance one). */
function lumaTable(jpeg) {
  let i = 2;
  while (i < jpeg.length) {
    if (jpeg[i] !== 0xff) throw new Error("not a JPEG marker at " + i);
    const marker = jpeg[i + 1];
    const length = jpeg.readUInt16BE(i + 2);
    if (marker === 0xdb && (jpeg[i + 4] & 0xf0) === 0) return i + 5;
    if (marker === 0xda) break;
    i += 2 + length;
  }
  throw new Error("no 8-bit quantisation table");
}

let counter = 0;
let latestCode = null;
function nextBody() {
  const n = counter++;
  const photo = photos[n % photos.length];
  let v = Math.floor(n / photos.length);
  const bytes = Buffer.from(photo.bytes);
  // entries 60-63 in zigzag order, each 1..64: 16.7 million variants per photo
  for (let k = 60; k < 64; k++) {
    bytes[photo.dqt + k] = 1 + (v % 64);
    v = Math.floor(v / 64);
  }
  return bytes;
}

const acked = fs.createWriteStream(ackedFile);
const stats = { requests: 0, attempts: 0, acknowledged: 0, replayed: 0, status5xx: 0, status4xx: 0, gaveUp: 0, bytes: 0 };
const latencies = [];
const statuses = {};
const errors = {};
const started = Date.now();
const deadline = started + Number(seconds) * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function submitOnce(key, photo, c) {
  const form = new FormData();
  form.append("lon", (71.3 + (c % 20) * 0.01).toFixed(5));
  form.append("lat", (51.1 + Math.floor(c / 20) * 0.01).toFixed(5));
  form.append("category", "roads");
  // the key in the text: two appeals with the same text would be a duplicate
  form.append("text", `Яма на дороге, обращение ${key}`);
  form.append("consent", "true");
  form.append("language", "ru");
  form.append("photo", new Blob([photo], { type: "image/jpeg" }), "IMG_0001.jpg");
  const response = await fetch(url, { method: "POST", body: form, headers: { "Idempotency-Key": key } });
  const text = await response.text();
  return { status: response.status, text };
}

async function client(c) {
  for (let n = 0; Date.now() < deadline; n++) {
    const key = `${runId}-${c}-${n}`;
    const photo = nextBody();
    const t0 = performance.now();
    stats.requests++;
    let answer = null;
    while (answer === null) {
      stats.attempts++;
      try {
        answer = await submitOnce(key, photo, c);
      } catch (e) {
        const why = e.cause?.code || e.cause?.message || e.message;
        errors[why] = (errors[why] || 0) + 1;
        if (performance.now() - t0 > RETRY_FOR_MS) break;
        await sleep(250);
      }
    }
    if (answer === null) {
      stats.gaveUp++;
      continue;
    }
    statuses[answer.status] = (statuses[answer.status] || 0) + 1;
    if (answer.status === 201 || answer.status === 200) {
      const code = JSON.parse(answer.text).tracking_code;
      stats.acknowledged++;
      latestCode = code;
      if (answer.status === 200) stats.replayed++;
      stats.bytes += photo.length;
      latencies.push(performance.now() - t0);
      acked.write(JSON.stringify({ key, code, status: answer.status }) + "\n");
    } else if (answer.status >= 500) {
      stats.status5xx++;
      if (stats.status5xx <= 5) console.error(`${answer.status} for ${key}: ${answer.text.slice(0, 300)}`);
    } else {
      stats.status4xx++;
      if (stats.status4xx <= 5) console.error(`${answer.status} for ${key}: ${answer.text.slice(0, 300)}`);
    }
  }
}

const probe = { requests: 0, failed: 0, latencies: [] };
async function follower() {
  while (Date.now() < deadline) {
    await sleep(250);
    if (latestCode === null) continue;
    const t0 = performance.now();
    try {
      const response = await fetch(`${url}/track/${latestCode}`);
      await response.text();
      probe.requests++;
      if (response.status >= 500) probe.failed++;
      probe.latencies.push(performance.now() - t0);
    } catch {
      // the server is down (the crash run): that is the retrying clients' measure, not this one's
    }
  }
}

await Promise.all([follower(), ...Array.from({ length: Number(clients) }, (_, c) => client(c))]);
const elapsed = (Date.now() - started) / 1000;
await new Promise((r) => acked.end(r));
latencies.sort((a, b) => a - b);
probe.latencies.sort((a, b) => a - b);
const rank = (v, p) => (v.length ? v[Math.min(v.length - 1, Math.ceil(v.length * p) - 1)] : null);
const pct = (p) => rank(latencies, p);
console.log(
  JSON.stringify({
    ...stats,
    seconds: elapsed,
    appeals_per_s: stats.acknowledged / elapsed,
    mb_per_s: stats.bytes / 1e6 / elapsed,
    p50_ms: pct(0.5),
    p95_ms: pct(0.95),
    p99_ms: pct(0.99),
    max_ms: latencies.at(-1) ?? null,
    statuses,
    connection_errors: errors,
    tracking_requests: probe.requests,
    tracking_5xx: probe.failed,
    tracking_p50_ms: rank(probe.latencies, 0.5),
    tracking_p95_ms: rank(probe.latencies, 0.95),
  }),
);
