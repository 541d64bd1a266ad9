// hub-sdk/standalone: the client given its tables, against a node:http server on 127.0.0.1.
// What a given table checks, what an id given no table does under each validation mode,
// and that the entry reaches no table it was not given (bundle.test.mjs: its imports).
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { BUILD, json, tiny } from "./helpers.mjs";

const standalone = await import(join(BUILD, "dist", "esm", "standalone.js"));
const { Veo31Table } = await import(join(BUILD, "dist", "esm", "validate.js"));
const TOKEN = "sekret-token-123";
const TASK = { task_id: "t-1", status: "pending", ready: false, capability: "video", model: "veo-3.1" };

describe("hub-sdk/standalone", () => {
  let server;
  before(async () => {
    server = await tiny((req, res) => json(res, 200, TASK));
  });
  after(() => server.close());

  const client = (options = {}) =>
    new standalone.HubClient({ apiKey: TOKEN, baseURL: server.url, tables: [Veo31Table], ...options });

  test("a given table validates before sending: a wrong value sends nothing", async () => {
    const before = server.seen.length;
    await assert.rejects(
      client().video.generate({ model: "veo-3.1", input: { prompt: "x", duration: "9s" } }),
      (e) => e instanceof standalone.InputError && e.problems.some((p) => p.field === "duration" && p.rule === "enum"),
    );
    assert.equal(server.seen.length, before);
  });

  test("a valid input for a given table is sent, defaults as the hub takes them", async () => {
    const before = server.seen.length;
    const task = await client().video.generate({ model: "veo-3.1", input: { prompt: "A lighthouse", duration: "4s" } });
    assert.equal(task.task_id, "t-1");
    assert.equal(server.seen.length, before + 1);
    const sent = JSON.parse(server.seen.at(-1).body);
    assert.equal(sent.model, "veo-3.1");
    assert.equal(sent.input.duration, "4s");
    assert.equal(server.seen.at(-1).headers.authorization, `Bearer ${TOKEN}`);
  });

  test("an id given no table is refused under strict, naming the fix, and nothing is sent", async () => {
    const before = server.seen.length;
    await assert.rejects(client().video.submit("veo-3.1-fast", { prompt: "x" }), (e) => {
      assert.ok(e instanceof standalone.InputError);
      assert.deepEqual(e.problems.map((p) => [p.field, p.rule]), [["model", "no_table"]]);
      assert.match(e.message, /veo-3\.1-fast.*`tables`.*validation: "off"/s);
      assert.ok(!e.message.includes(TOKEN));
      return true;
    });
    assert.equal(server.seen.length, before);
  });

  test("ids that name Object's own members are refused like any id given no table", async () => {
    for (const id of ["__proto__", "toString", "constructor", "hasOwnProperty"]) {
      await assert.rejects(client().video.submit(id, { prompt: "x" }), (e) => e instanceof standalone.InputError && e.problems[0].rule === "no_table", id);
    }
  });

  test("under warn it is sent with a warning; under off it is sent silently", async () => {
    const warnings = [];
    const before = server.seen.length;
    await client({ validation: "warn", onWarning: (m) => warnings.push(m) }).video.submit("a-newer-model", { prompt: "x" });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /a-newer-model.*sent anyway/s);
    await client({ validation: "off", onWarning: (m) => warnings.push(m) }).video.submit("a-newer-model", { prompt: "x" });
    assert.equal(warnings.length, 1);
    assert.equal(server.seen.length, before + 2);
  });

  test("constructed without options (plain JavaScript): the client's own error, not a TypeError", () => {
    const saved = process.env.HUB_API_KEY;
    delete process.env.HUB_API_KEY;
    try {
      assert.throws(() => new standalone.HubClient(), (e) => e instanceof standalone.HubError && /no API token/.test(e.message));
    } finally {
      if (saved !== undefined) process.env.HUB_API_KEY = saved;
    }
  });

  test("exports what hub-sdk exports, its own HubClient in place of the lazy one", async () => {
    const main = await import(join(BUILD, "dist", "esm", "index.js"));
    assert.deepEqual(Object.keys(standalone).sort(), Object.keys(main).sort());
    assert.notEqual(standalone.HubClient, main.HubClient);
    assert.ok(new standalone.HubClient({ apiKey: TOKEN, tables: [] }) instanceof main.ClientBase);
  });
});
