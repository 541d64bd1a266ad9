// What a bundle of the client holds: its static imports reach no model's module and no
// id; the client reaches each model's table through dynamic imports only: src/tables.ts
// (the first id of each shard), one shard (src/tables/, its ids), the model's module.
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

test("hub-sdk/standalone reaches no table and no id, statically or dynamically", () => {
  const reached = staticClosure(join(ESM, "standalone.js"));
  assert.ok(reached.includes("base.js") && !reached.includes("client.js"), reached.join(", "));
  for (const file of reached) {
    assert.ok(!file.startsWith("models") && !file.startsWith("tables") && file !== "validate.js", `standalone.js reaches ${file}`);
    assert.deepEqual(imports(join(ESM, file), DYNAMIC), [], `${file} imports dynamically`);
  }
});

const { MODELS } = await import(join(ESM, "validate.js"));
const { loadTable } = await import(join(ESM, "tables.js"));
const ids = Object.keys(MODELS).sort();

test("client, registry and shards reach the models through dynamic imports only", () => {
  const dynamic = (file) => imports(join(ESM, file), DYNAMIC).map((f) => relative(ESM, f));
  assert.deepEqual(dynamic("client.js"), ["tables.js"]);
  const shards = dynamic("tables.js");
  assert.ok(shards.length > 1 && shards.every((f) => f.startsWith("tables/")), shards.join(", "));
  const models = shards.flatMap(dynamic);
  assert.equal(models.length, ids.length);
  assert.ok(models.every((f) => f.startsWith("models/")));
  for (const file of ["tables.js", ...shards]) assert.deepEqual(imports(join(ESM, file), STATIC), [], file);
  // About √N ids a shard: what a first call loads grows as √N.
  assert.ok(shards.length <= Math.ceil(Math.sqrt(ids.length)) + 1);
});

test("every id finds its own table through the shards; other ids find none", async () => {
  for (const id of ids) assert.equal(await loadTable(id), MODELS[id], id);
  for (const id of ["", "a", "zzz", "veo-3.1-", "veo-3.10", `${ids[0]}0`, "toString", "__proto__"]) {
    assert.equal(await loadTable(id), undefined, id);
  }
});

test("hub-sdk/validate still holds every table, statically (validateInput is synchronous)", () => {
  const reached = staticClosure(join(ESM, "validate.js"));
  const { length } = reached.filter((f) => f.startsWith("models/"));
  assert.ok(length > 0);
  assert.ok(!reached.includes("client.js"));
});
