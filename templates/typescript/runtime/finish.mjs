// After tsc: mark the CommonJS tree as such, then load both builds as a smoke test.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

writeFileSync(new URL("../dist/cjs/package.json", import.meta.url), '{"type": "commonjs"}\n');
const require = createRequire(import.meta.url);
for (const entry of ["index", "validate"]) {
  const cjs = require(`../dist/cjs/${entry}.js`);
  const esm = await import(`../dist/esm/${entry}.js`);
  const names = (m) => Object.keys(m).filter((k) => k !== "default" && k !== "__esModule").sort().join(",");
  if (names(cjs) !== names(esm) || !names(esm)) {
    throw new Error(`${entry}: the CommonJS and ESM builds export different names`);
  }
}
