// HubClient against `hubgen serve` on 127.0.0.1, and against small node:http servers for
// what the mock does not do on demand (statuses, slow answers, hostile bodies).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { json, sdk, serve, tiny } from "./helpers.mjs";

const hub = await sdk();
const TOKEN = "sekret-token-123";

describe("against hubgen serve", () => {
  let mock;
  before(async () => {
    mock = await serve("--token", TOKEN, "--task-delay", "0.3");
  });
  after(() => mock.stop());

  const client = () => new hub.HubClient({ apiKey: TOKEN, baseURL: mock.url });

  test("generateAndWait: a completed task with output", async () => {
    const task = await client().video.generateAndWait(
      { model: "veo-3.1", input: { prompt: "A lighthouse at dusk", duration: "4s" } },
      { pollInterval: 0.1 },
    );
    assert.equal(task.status, "completed");
    assert.equal(task.ready, true);
  });

  test("image_urls reaches the hub for a slot model", async () => {
    const task = await client().video.generate({
      model: "veo-3.1-first-last",
      input: { prompt: "A flower opens", image_urls: ["https://example.com/a.jpg", "https://example.com/b.jpg"] },
    });
    assert.equal(task.model, "veo-3.1-first-last");
    assert.match(task.task_id, /./);
  });

  test("strict validation throws before sending; off lets the hub answer 4xx", async () => {
    await assert.rejects(
      client().video.submit("veo-3.1", { prompt: "x", duration: "9s" }),
      (e) => e instanceof hub.InputError && e.problems.some((p) => p.field === "duration" && p.rule === "enum"),
    );
    const off = new hub.HubClient({ apiKey: TOKEN, baseURL: mock.url, validation: "off" });
    await assert.rejects(off.video.submit("veo-3.1", { prompt: "x", duration: "9s" }), hub.BadRequestError);
  });

  test("warn validation sends anyway and reports", async () => {
    const warnings = [];
    const warn = new hub.HubClient({ apiKey: TOKEN, baseURL: mock.url, validation: "warn", onWarning: (m) => warnings.push(m) });
    await assert.rejects(warn.video.submit("veo-3.1", { prompt: "x", duration: "9s" }), hub.BadRequestError);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /sent anyway/);
  });

  test("a wrong token is an AuthenticationError without the token in it", async () => {
    const bad = new hub.HubClient({ apiKey: "wrong-token-456", baseURL: mock.url });
    const error = await bad.models.list("video").catch((e) => e);
    assert.ok(error instanceof hub.AuthenticationError);
    assert.equal(error.status, 401);
    assert.ok(!JSON.stringify({ m: error.message, b: error.body }).includes("wrong-token-456"));
  });

  test("models.list and models.get", async () => {
    const models = await client().models.list("video");
    assert.ok(models.some((m) => m.id === "veo-3.1"));
    const info = await client().models.get("veo-3.1");
    assert.equal(typeof info.input_schema, "object");
    assert.equal(typeof info.example, "object");
  });

  test("an unknown task is a NotFoundError", async () => {
    await assert.rejects(client().tasks.get("hub-missing"), hub.NotFoundError);
  });

  test("a signal aborted before the call sends nothing", async () => {
    let calls = 0;
    const counting = (...args) => {
      calls++;
      return fetch(...args);
    };
    const c = new hub.HubClient({ apiKey: TOKEN, baseURL: mock.url, fetch: counting });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      c.video.generate({ model: "veo-3.1", input: { prompt: "x" } }, { signal: controller.signal }),
      hub.AbortError,
    );
    assert.equal(calls, 0);
  });
});

const created = { task_id: "hub-1", status: "pending", capability: "video", model: "veo-3.1", vendor: "Google", mode: "text-to-video", created_at: "2026-01-01T00:00:00Z" };

describe("against a server answering as the hub documents", () => {
  test("429 and 503 are retried (Retry-After honoured) with one Idempotency-Key", async () => {
    const server = await tiny((req, res, n) => {
      if (n === 1) return json(res, 429, { error: "slow down" }, { "retry-after": "0" });
      if (n === 2) return json(res, 503, { error: "busy" });
      json(res, 200, created);
    });
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url, maxRetries: 2 });
      const task = await c.video.generate({ model: "veo-3.1", input: { prompt: "x" } });
      assert.equal(task.task_id, "hub-1");
      const keys = new Set(server.seen.map((s) => s.headers["idempotency-key"]));
      assert.equal(server.seen.length, 3);
      assert.equal(keys.size, 1);
      assert.ok([...keys][0]);
      assert.equal(server.seen[0].headers.authorization, `Bearer ${TOKEN}`);
    } finally {
      await server.close();
    }
  });

  test("the retries run out: the last error, its body without the token", async () => {
    const server = await tiny((req, res) => json(res, 500, { error: `no ${TOKEN} here` }));
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url, maxRetries: 1 });
      const error = await c.tasks.get("hub-1").catch((e) => e);
      assert.ok(error instanceof hub.ServerError);
      assert.equal(server.seen.length, 2);
      assert.ok(!error.message.includes(TOKEN) && !JSON.stringify(error.body).includes(TOKEN));
    } finally {
      await server.close();
    }
  });

  for (const status of ["failed", "timeout", "cancelled", "exploded"]) {
    test(`a task ready in status ${status} rejects with TaskFailedError`, async () => {
      const server = await tiny((req, res, n) =>
        json(res, 200, n < 2 ? { task_id: "hub-1", status: "processing", ready: false } : { task_id: "hub-1", status, ready: true, error_code: "E1", error_message: "it broke" }),
      );
      try {
        const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url });
        const error = await c.tasks.wait("hub-1", { pollInterval: 0.05 }).catch((e) => e);
        assert.ok(error instanceof hub.TaskFailedError, String(error));
        assert.equal(error.status, status);
        assert.match(error.message, /hub-1/);
      } finally {
        await server.close();
      }
    });
  }

  test("completed with only the documented poll fields succeeds", async () => {
    const server = await tiny((req, res, n) =>
      json(res, 200, n < 3 ? { task_id: "hub-1", status: "pending", ready: false } : { task_id: "hub-1", status: "completed", ready: true, data: { url: "https://x/y.mp4" }, elapsed_ms: 5 }),
    );
    try {
      const task = await new hub.HubClient({ apiKey: TOKEN, baseURL: server.url }).tasks.wait("hub-1", { pollInterval: 0.05 });
      assert.equal(task.status, "completed");
      assert.deepEqual(task.data, { url: "https://x/y.mp4" });
    } finally {
      await server.close();
    }
  });

  test("an abort during a wait rejects within one poll interval", async () => {
    const server = await tiny((req, res) => json(res, 200, { task_id: "hub-1", status: "processing", ready: false }));
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url });
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 150);
      await assert.rejects(c.tasks.wait("hub-1", { pollInterval: 1, signal: controller.signal }), hub.AbortError);
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    } finally {
      await server.close();
    }
  });

  test("a wait past its deadline is a TaskTimeoutError", async () => {
    const server = await tiny((req, res) => json(res, 200, { task_id: "hub-1", status: "pending", ready: false }));
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url });
      await assert.rejects(c.tasks.wait("hub-1", { pollInterval: 0.05, waitTimeout: 0.2 }), hub.TaskTimeoutError);
    } finally {
      await server.close();
    }
  });

  test("a taskId creation answer is read as task_id", async () => {
    const server = await tiny((req, res) => json(res, 200, { taskId: "hub-9", status: "pending" }));
    try {
      const task = await new hub.HubClient({ apiKey: TOKEN, baseURL: server.url }).video.submit("future-model", { anything: 1 });
      assert.equal(task.task_id, "hub-9");
      assert.deepEqual(JSON.parse(server.seen[0].body), { model: "future-model", input: { anything: 1 } });
    } finally {
      await server.close();
    }
  });

  test("no answer at all is an APIConnectionError naming the URL", async () => {
    const server = await tiny(() => {});
    const url = server.url;
    await server.close();
    const c = new hub.HubClient({ apiKey: TOKEN, baseURL: url, maxRetries: 0 });
    const error = await c.tasks.get("hub-1").catch((e) => e);
    assert.ok(error instanceof hub.APIConnectionError, String(error));
    assert.ok(error.message.includes(url) && !error.message.includes(TOKEN));
  });

  test("no token is a HubError naming the variable", () => {
    const saved = process.env.HUB_API_KEY;
    delete process.env.HUB_API_KEY;
    try {
      assert.throws(() => new hub.HubClient({ baseURL: "http://127.0.0.1:1" }), /HUB_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.HUB_API_KEY = saved;
    }
    assert.ok(!JSON.stringify(new hub.HubClient({ apiKey: TOKEN })).includes(TOKEN));
  });
});
