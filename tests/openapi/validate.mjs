// Test helper: validates an OpenAPI document with an independent validator
// (@seriousme/openapi-schema-validator); exit 0 when valid, 1 when not, 2 on misuse.
import { readFile } from "node:fs/promises";
import { argv, exit } from "node:process";

import { Validator } from "@seriousme/openapi-schema-validator";

if (argv.length !== 3) {
  console.error(`usage: node ${argv[1]} FILE`);
  exit(2);
}
const text = await readFile(argv[2], "utf8");
const validator = new Validator();
// Parsed here so that a YAML reading of a broken file cannot pass: the document must be JSON.
const result = await validator.validate(JSON.parse(text));
if (!result.valid) {
  console.error(JSON.stringify(result.errors, null, 2));
  exit(1);
}
if (validator.version !== "3.1") {
  console.error(`expected an OpenAPI 3.1 document, got ${validator.version}`);
  exit(1);
}
// The schema check does not follow $refs: resolving them catches a dangling one.
try {
  validator.resolveRefs();
} catch (e) {
  console.error(`unresolvable $ref: ${e?.message ?? e}`);
  exit(1);
}
console.log(`valid OpenAPI ${validator.version} document`);
