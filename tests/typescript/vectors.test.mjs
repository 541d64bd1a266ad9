// The shared test vectors (generated/vectors/*.json), run through hub-sdk/validate; the
// Python suite runs the same files through hub_sdk (tests/test_vectors.py).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { VECTORS, validator } from "./helpers.mjs";

const { validateInput, InputError, MODELS, validateWith } = await validator();
const files = readdirSync(VECTORS).filter((f) => f.endsWith(".json")).sort();

function withoutNulls(input) {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null));
}

test("there is one vector file per model the SDK knows", () => {
  assert.deepEqual(files.map((f) => f.slice(0, -5)).sort(), Object.keys(MODELS).sort());
});

for (const file of files) {
  const doc = JSON.parse(readFileSync(join(VECTORS, file), "utf8"));
  describe(doc.model, () => {
    test("the page examples are accepted", () => {
      for (const example of doc.examples) assert.deepEqual(validateInput(doc.model, example), withoutNulls(example));
    });
    test(`${doc.accepted.length} accepted vectors`, () => {
      for (const c of doc.accepted) {
        assert.deepEqual(validateInput(doc.model, c.input), withoutNulls(c.input), c.id);
      }
    });
    test(`${doc.rejected.length} rejected vectors`, () => {
      for (const c of doc.rejected) {
        let caught;
        try {
          validateInput(doc.model, c.input);
        } catch (error) {
          caught = error;
        }
        assert.ok(caught instanceof InputError, `${c.id}: accepted`);
        const matching = caught.problems.filter((p) => p.field === c.field && p.rule === c.rule);
        assert.ok(matching.length, `${c.id}: expected ${c.rule} on ${c.field}, got:\n${caught.message}`);
        if (c.message !== null) assert.deepEqual(matching.map((p) => p.message), [c.message], c.id);
      }
    });
  });
}

test("an unknown model is an InputError with a suggestion", () => {
  assert.throws(() => validateInput("veo-3.2", {}), (e) => e instanceof InputError && /did you mean 'veo-3\.1'/.test(e.message));
});

test("validateWith runs one model's table alone", () => {
  const [first] = Object.values(MODELS);
  assert.throws(() => validateWith(first, { nope: 1 }), InputError);
});
