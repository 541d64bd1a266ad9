// timeoutMs bounds the whole call (connect to last byte, retries and the waits between
// them included) and an answer is read within a size cap, against real servers on
// 127.0.0.1 that trickle, stall on every attempt, or never stop sending.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { json, sdk, tiny } from "./helpers.mjs";

const hub = await sdk();
const TOKEN = "sekret-token-123";
/** What a busy machine may add to a deadline (timers, a loaded event loop). */
const SLACK = 400;
const MiB = 2 ** 20;

/** Headers at once, then one space every `every` ms: a body that never completes. */
function trickle(res, every = 50) {
  res.writeHead(200, { "content-type": "application/json" });
  res.write('{"task_id": "hub-1"');
  const timer = setInterval(() => res.write(" "), every);
  res.on("close", () => clearInterval(timer));
}

async function elapsed(promise) {
  const started = performance.now();
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  return { error, ms: performance.now() - started };
}

describe("timeoutMs bounds the whole call", () => {
  test("a trickled answer ends at the deadline, without a retry past it", async () => {
    const server = await tiny((req, res) => trickle(res));
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url, maxRetries: 3, timeoutMs: 500 });
      const { error, ms } = await elapsed(c.tasks.get("hub-1"));
      assert.ok(error instanceof hub.APIConnectionError, String(error));
      assert.match(error.message, /no complete answer within 0\.5s/);
      assert.ok(ms >= 450 && ms < 500 + SLACK, `took ${ms.toFixed(0)} ms`);
      assert.equal(server.seen.length, 1);
    } finally {
      await server.close();
    }
  });

  test("every attempt slow: the retries share one deadline", async () => {
    // Each attempt takes 300 ms and answers 503 (retry at once): ten retries would take
    // 3.3 s; the call gets 1 s in all.
    const server = await tiny((req, res) => setTimeout(() => json(res, 503, { error: "busy" }, { "retry-after": "0" }), 300));
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url, maxRetries: 10, timeoutMs: 1000 });
      const { error, ms } = await elapsed(c.video.submit("future-model", { prompt: "x" }));
      assert.ok(error instanceof hub.APIConnectionError, String(error));
      assert.ok(ms < 1000 + SLACK, `took ${ms.toFixed(0)} ms`);
      assert.ok(server.seen.length >= 2 && server.seen.length <= 4, `${server.seen.length} attempts`);
      assert.equal(new Set(server.seen.map((s) => s.headers["idempotency-key"])).size, 1);
    } finally {
      await server.close();
    }
  });

  test("a Retry-After longer than the time left ends the call with the hub's error", async () => {
    const server = await tiny((req, res) => json(res, 429, { error: "slow down" }, { "retry-after": "5" }));
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url, maxRetries: 3, timeoutMs: 1000 });
      const { error, ms } = await elapsed(c.tasks.get("hub-1"));
      assert.ok(error instanceof hub.RateLimitError, String(error));
      assert.ok(ms < SLACK, `took ${ms.toFixed(0)} ms`);
      assert.equal(server.seen.length, 1);
    } finally {
      await server.close();
    }
  });

  test("a per-call timeoutMs overrides the client's", async () => {
    const server = await tiny((req, res) => trickle(res));
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url, timeoutMs: 60_000 });
      const { error, ms } = await elapsed(c.tasks.get("hub-1", { timeoutMs: 300 }));
      assert.ok(error instanceof hub.APIConnectionError, String(error));
      assert.ok(ms < 300 + SLACK, `took ${ms.toFixed(0)} ms`);
    } finally {
      await server.close();
    }
  });

  test("an abort while the answer trickles is an AbortError at once", async () => {
    const server = await tiny((req, res) => trickle(res));
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url, timeoutMs: 10_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      const { error, ms } = await elapsed(c.tasks.get("hub-1", { signal: controller.signal }));
      assert.ok(error instanceof hub.AbortError, String(error));
      assert.ok(ms < 150 + SLACK, `took ${ms.toFixed(0)} ms`);
    } finally {
      await server.close();
    }
  });

  test("a fetch that ignores its signal still ends at the deadline", async () => {
    const never = () => new Promise(() => {});
    const c = new hub.HubClient({ apiKey: TOKEN, baseURL: "http://127.0.0.1:1", fetch: never, timeoutMs: 300, maxRetries: 2 });
    const { error, ms } = await elapsed(c.tasks.get("hub-1"));
    assert.ok(error instanceof hub.APIConnectionError, String(error));
    assert.ok(ms < 300 + SLACK, `took ${ms.toFixed(0)} ms`);
  });
});

describe("the 5 MiB answer cap, enforced while reading", () => {
  test("an endless body is cut at the cap: the reader is cancelled, memory stays bounded", async () => {
    let sent = 0;
    let closed;
    const gone = new Promise((resolve) => (closed = resolve));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const server = await tiny((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      let open = true;
      res.on("close", () => {
        open = false;
        closed();
      });
      const pump = () => {
        while (open) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once("drain", pump);
        }
      };
      pump();
    });
    try {
      const before = process.memoryUsage();
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url, timeoutMs: 30_000 });
      const { error, ms } = await elapsed(c.tasks.get("hub-1"));
      const after = process.memoryUsage();
      assert.ok(error instanceof hub.MalformedResponseError, String(error));
      assert.match(error.message, /larger than 5 MiB/);
      assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
      // The client hung up: the server stops, having sent the cap and what the socket buffers hold.
      await gone;
      assert.ok(sent < 5 * MiB + 16 * MiB, `the server sent ${(sent / MiB).toFixed(1)} MiB`);
      const grown = after.arrayBuffers - before.arrayBuffers;
      assert.ok(grown < 64 * MiB, `array buffers grew by ${(grown / MiB).toFixed(1)} MiB`);
    } finally {
      await server.close();
    }
  });

  test("a small gzip body that inflates past the cap is refused (decoded bytes count)", async () => {
    const bomb = gzipSync(Buffer.alloc(40 * MiB, 0x20));
    const server = await tiny((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": bomb.length });
      res.end(bomb);
    });
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url });
      const error = await c.tasks.get("hub-1").catch((e) => e);
      assert.ok(bomb.length < MiB);
      assert.ok(error instanceof hub.MalformedResponseError, String(error));
      assert.match(error.message, /larger than 5 MiB/);
    } finally {
      await server.close();
    }
  });

  test("an error status with a huge body is refused the same way", async () => {
    const big = Buffer.alloc(6 * MiB, 0x61);
    const server = await tiny((req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(big);
    });
    try {
      const c = new hub.HubClient({ apiKey: TOKEN, baseURL: server.url, maxRetries: 0 });
      const error = await c.tasks.get("hub-1").catch((e) => e);
      assert.ok(error instanceof hub.MalformedResponseError, String(error));
    } finally {
      await server.close();
    }
  });

  test("an answer just under the cap is read whole", async () => {
    const pad = "x".repeat(5 * MiB - 200);
    const server = await tiny((req, res) => json(res, 200, { task_id: "hub-1", status: "pending", pad }));
    try {
      const task = await new hub.HubClient({ apiKey: TOKEN, baseURL: server.url }).tasks.get("hub-1");
      assert.equal(task.task_id, "hub-1");
      assert.equal(task.pad.length, pad.length);
    } finally {
      await server.close();
    }
  });
});
