// Test-only: verifies webhook signatures with the Standard Webhooks reference library (npm
// `standardwebhooks`), independently of travelctl's own code. Reads a JSON array of
// {"secret", "id", "timestamp", "signature", "body"} on stdin; prints one line per failure and
// exits 1 if any fails (0 when every one verifies).
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const deliveries = JSON.parse(input);
let failed = 0;
for (const d of deliveries) {
  try {
    const wh = new Webhook(d.secret);
    wh.verify(d.body, {
      "webhook-id": d.id,
      "webhook-timestamp": d.timestamp,
      "webhook-signature": d.signature,
    });
  } catch (e) {
    failed++;
    console.log(`${d.id}: ${e.message}`);
  }
}
console.log(`${deliveries.length - failed} of ${deliveries.length} verified`);
process.exit(failed === 0 && deliveries.length > 0 ? 0 : 1);
