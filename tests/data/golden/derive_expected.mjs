// Derives a golden vector's expected.json, trip_ids.json and dropped.json with the reference peer
// (../shared/peers/transform.js), an implementation independent of ours. The peer throws on some
// data that client-api.md says to drop, so the trips listed by hand in drop_by_hand.json (index in
// `trips` and the spec's reason) are removed before the peer runs, and counted as dropped when they
// pass step 1 (bookable and enough seats).
// Usage: node tests/data/golden/derive_expected.mjs tests/data/golden/<name> [peers dir]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = resolve(process.argv[2]);
const here = dirname(fileURLToPath(import.meta.url));
const peers = resolve(process.argv[3] ?? join(here, '../../../../shared/peers'));
const { parseSearchQuery, transformSearch } = await import(join(peers, 'transform.js'));

const read = (name) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const supplier = read('supplier.json');
const request = read('request.json');
const dropList = existsSync(join(dir, 'drop_by_hand.json')) ? read('drop_by_hand.json') : [];

const c = request.client;
const fixed = c.markup?.fixed ?? {};
const client = { ...c, bps: BigInt(c.markup?.percent_bps ?? 0), fixedFor: (cur) => BigInt(fixed[cur] ?? 0) };
const q = parseSearchQuery(new URLSearchParams(request.query), client);
if (q.invalid) throw new Error(`query invalid: ${q.invalid}`);

const dropIdx = new Set(dropList.map((d) => d.index));
let dropped = 0;
for (const i of dropIdx) {
  const t = supplier.trips[i];
  const isObj = t !== null && typeof t === 'object' && !Array.isArray(t);
  if (!isObj) { dropped++; continue; } // not even an object: unusable
  if (t.bookable !== true) continue; // step 1 skips it before its data is looked at
  if (!Number.isInteger(t.seats_left)) { dropped++; continue; } // seats_left is a required integer
  if (t.seats_left >= q.pax) dropped++;
}
const doc = { ...supplier, trips: supplier.trips.filter((_, i) => !dropIdx.has(i)) };
const out = transformSearch(doc, q, client);

const tripIds = [];
for (const it of out.itineraries) {
  const raw = Buffer.from(it.id, 'base64url').toString('utf8'); // peer id: trip:date:pax
  tripIds.push(raw.split(':').slice(0, -2).join(':'));
  delete it.id;
}
const write = (name, v) => writeFileSync(join(dir, name), JSON.stringify(v, null, 1) + '\n');
write('expected.json', out);
write('trip_ids.json', tripIds);
write('dropped.json', dropped);
console.log(`${dir}: ${out.count} itineraries, ${dropped} dropped`);
