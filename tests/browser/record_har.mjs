// Test-only: a real browser session against travelctl serve, recorded as HAR 1.2 by Playwright
// (npm playwright-core) driving Debian's Chromium. Usage:
//   node record_har.mjs BASE_URL API_KEY OUT.har
// serve answers no CORS, so the page is given the serve's own origin: Playwright fulfils only the
// page document (/har-demo.html); every API call after it is a real fetch from Chromium to serve.
// Only /v1/ calls go into the HAR. Prints "recorded N API calls" and exits 0, or explains and
// exits 1.
import { chromium } from "playwright-core";

const [base, key, out] = process.argv.slice(2);
if (!base || !key || !out) {
  console.error("usage: node record_har.mjs BASE_URL API_KEY OUT.har");
  process.exit(2);
}

const page_html = `<!doctype html>
<html><head><meta charset="utf-8"><title>travelctl HAR demo</title></head>
<body><pre id="log"></pre>
<script>
const key = ${JSON.stringify(key)};
const date = new Date(Date.now() + 21 * 86400e3).toISOString().slice(0, 10);
async function call(path) {
  const r = await fetch(path, { headers: { "X-Api-Key": key } });
  const body = await r.json();
  document.getElementById("log").textContent += r.status + " " + path + "\\n";
  return body;
}
(async () => {
  const s = await call("/v1/itineraries?from=101&to=117&pax=2&date=" + date);
  await call("/v1/itineraries?from=101&to=117&pax=1&sort=price&date=" + date);
  if (s.itineraries && s.itineraries.length) {
    await call("/v1/itineraries/" + s.itineraries[0].id);
  }
  await call("/v1/bookings/b_does_not_exist");
  document.title = "done";
})();
</script></body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const context = await browser.newContext({
    recordHar: { path: out, content: "embed", urlFilter: /\/v1\// },
  });
  const page = await context.newPage();
  await page.route(`${base}/har-demo.html`, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: page_html }));
  await page.goto(`${base}/har-demo.html`);
  await page.waitForFunction(() => document.title === "done", null, { timeout: 30000 });
  const log = await page.textContent("#log");
  await context.close(); // writes the HAR
  const calls = log.trim().split("\n");
  console.log(`recorded ${calls.length} API calls:\n${log.trim()}`);
} catch (e) {
  console.error(`browser session failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
