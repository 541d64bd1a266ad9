// What tsc says to a consumer of the built declarations: a right call compiles, a wrong
// value is exactly one error naming the field, an unknown model id is an error.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import { BUILD, VECTORS } from "./helpers.mjs";

const dir = mkdtempSync(join(tmpdir(), "hub-sdk-consumer-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const entry = JSON.stringify(join(BUILD, "dist", "esm", "index.js"));
const validate = JSON.stringify(join(BUILD, "dist", "esm", "validate.js"));
const standalone = JSON.stringify(join(BUILD, "dist", "esm", "standalone.js"));

const cases = {
  ok: `
    const client = new HubClient({ apiKey: "k" });
    const task = await client.video.generate({ model: "veo-3.1", input: { prompt: "p", duration: "8s" } });
    const s: string = task.status;
    await client.video.generate({ model: "veo-3.1-first-last", input: { prompt: "p", image_urls: ["https://e/a", "https://e/b"] } });
    await client.video.submit("a-model-from-tomorrow", { anything: 1 });
    const v: Record<string, unknown> = validateInput("veo-3.1", { prompt: "p" });
    export { s, v };`,
  wrongValue: `
    const client = new HubClient({ apiKey: "k" });
    await client.video.generate({ model: "veo-3.1", input: { prompt: "p", duration: "9s" } });`,
  unknownModel: `
    const client = new HubClient({ apiKey: "k" });
    await client.video.generate({ model: "veo-9", input: { prompt: "p" } });`,
  standalone: `
    import { HubClient as Standalone } from ${standalone};
    import { Veo31Table } from ${validate};
    const client = new Standalone({ apiKey: "k", tables: [Veo31Table] });
    await client.video.generate({ model: "veo-3.1", input: { prompt: "p", duration: "8s" } });`,
  standaloneWrongValue: `
    import { HubClient as Standalone } from ${standalone};
    const client = new Standalone({ apiKey: "k", tables: [] });
    await client.video.generate({ model: "veo-3.1", input: { prompt: "p", duration: "9s" } });`,
  standaloneNoTables: `
    import { HubClient as Standalone } from ${standalone};
    new Standalone({ apiKey: "k" });`,
  unknownField: `
    const client = new HubClient({ apiKey: "k" });
    await client.video.generate({ model: "veo-3.1", input: { prompt: "p", durration: "8s" } });`,
};

// Every docs page's example, typed per model: both example forms must compile.
const pages = readdirSync(VECTORS).filter((f) => f.endsWith(".json")).sort().map((f) => JSON.parse(readFileSync(join(VECTORS, f), "utf8")));
cases.pages = ["const client = new HubClient({ apiKey: \"k\" });"]
  .concat(pages.flatMap((d) => d.examples.map((input) => `await client.${d.capability}.generate(${JSON.stringify({ model: d.model, input })});`)))
  .join("\n");

for (const [name, body] of Object.entries(cases)) {
  writeFileSync(join(dir, `${name}.ts`), `import { HubClient } from ${entry};\nimport { validateInput } from ${validate};\n${body}\n`);
}
writeFileSync(join(dir, "package.json"), '{"type": "module"}\n');
writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, exactOptionalPropertyTypes: true, noEmit: true, types: [], lib: ["ES2022", "DOM"] },
    include: ["*.ts"],
  }),
);

function errors() {
  const tsc = join(BUILD, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { encoding: "utf8", cwd: dir });
    return [];
  } catch (error) {
    return error.stdout.split("\n").filter((line) => /error TS\d+/.test(line));
  }
}

const found = errors();
const of = (name) => found.filter((line) => line.startsWith(`${name}.ts(`));

test("a right call, image_urls and the untyped path compile", () => {
  assert.deepEqual(of("ok"), []);
});

test("every page example (both forms) type-checks against its model's input type", () => {
  assert.ok(pages.length > 0);
  assert.deepEqual(of("pages"), []);
});

test("a wrong value is exactly one error, at the field", () => {
  const lines = of("wrongValue");
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0], /"9s"/);
  // reported at the field itself: the column where `duration:` starts
  const column = Number(/\((\d+),(\d+)\)/.exec(lines[0])[2]);
  assert.equal(cases.wrongValue.split("\n")[2].indexOf("duration") + 1, column);
  assert.match(lines[0], /"4s" \| "6s" \| "8s"/);
});

test("an unknown model id is an error naming it", () => {
  const lines = of("unknownModel");
  assert.ok(lines.length >= 1);
  assert.match(lines[0], /"veo-9"/);
});

test("hub-sdk/standalone: the same types; its options require the tables", () => {
  assert.deepEqual(of("standalone"), []);
  const wrong = of("standaloneWrongValue");
  assert.equal(wrong.length, 1, wrong.join("\n"));
  assert.match(wrong[0], /"9s"/);
  const missing = of("standaloneNoTables");
  assert.equal(missing.length, 1, missing.join("\n"));
  assert.match(missing[0], /StandaloneOptions/);
});

test("a misspelt field is one error naming it", () => {
  const lines = of("unknownField");
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(lines[0], /durration/);
});
