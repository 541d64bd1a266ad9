// What a bundle of the client holds: its static imports reach no model's module and not
// the registry of ids; the client reaches each model's table through one dynamic import
// of src/tables.ts, which imports each model's module dynamically (a chunk per model).
// benchmarks/typescript.py measures the bundles themselves (esbuild).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { BUILD } from "./helpers.mjs";

const ESM = join(BUILD, "dist", "esm");
const STATIC = /^\s*(?:import|export)\s[^"']*?from\s*["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function imports(file, pattern) {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(pattern)].map((m) => join(dirname(file), m[1]));
}

/** Every module `entry` reaches through static imports and re-exports. */
function staticClosure(entry) {
  const seen = new Set();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...imports(file, STATIC));
  }
  return [...seen].map((f) => relative(ESM, f)).sort();
}

test("the client's static imports reach neither a model's module nor the id registry", () => {
  const reached = staticClosure(join(ESM, "index.js"));
  assert.ok(reached.includes("client.js") && reached.includes("runtime/validate-core.js"), reached.join(", "));
  for (const file of reached) {
    assert.ok(!file.startsWith("models") && file !== "tables.js" && file !== "validate.js", `index.js reaches ${file}`);
  }
});

test("the client imports the registry dynamically; the registry each model's module", async () => {
  const client = imports(join(ESM, "client.js"), DYNAMIC).map((f) => relative(ESM, f));
  assert.deepEqual(client, ["tables.js"]);
  const tables = imports(join(ESM, "tables.js"), DYNAMIC).map((f) => relative(ESM, f));
  const { MODELS } = await import(join(ESM, "validate.js"));
  assert.equal(tables.length, Object.keys(MODELS).length);
  assert.ok(tables.every((f) => f.startsWith("models/")));
  assert.deepEqual(imports(join(ESM, "tables.js"), STATIC), []);
});

test("hub-sdk/validate still holds every table, statically (validateInput is synchronous)", () => {
  const reached = staticClosure(join(ESM, "validate.js"));
  const { length } = reached.filter((f) => f.startsWith("models/"));
  assert.ok(length > 0);
  assert.ok(!reached.includes("client.js"));
});
