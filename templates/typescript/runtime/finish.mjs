// After tsc: mark the CommonJS tree as such, then load both builds as a smoke test.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

writeFileSync(new URL("../dist/cjs/package.json", import.meta.url), '{"type": "commonjs"}\n');
const require = createRequire(import.meta.url);
const { exports } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const entries = Object.values(exports).flatMap((e) => (e.import ? [/([^/]+)\.js$/.exec(e.import.default)[1]] : []));
for (const entry of entries) {
  const cjs = require(`../dist/cjs/${entry}.js`);
  const esm = await import(`../dist/esm/${entry}.js`);
  const names = (m) => Object.keys(m).filter((k) => k !== "default" && k !== "__esModule").sort().join(",");
  if (names(cjs) !== names(esm) || !names(esm)) {
    throw new Error(`${entry}: the CommonJS and ESM builds export different names`);
  }
}
