// What the TypeScript SDK's tests share: where the build is, and a mock hub on 127.0.0.1.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BUILD = process.env.HUB_TS_BUILD ?? join(ROOT, ".ts-build");
export const VECTORS = join(ROOT, "generated", "vectors");

export async function sdk() {
  return import(join(BUILD, "dist", "esm", "index.js"));
}

export async function validator() {
  return import(join(BUILD, "dist", "esm", "validate.js"));
}

/** `hubgen serve --port 0` with `args`; resolves to { url, stop }. */
export function serve(...args) {
  const python = join(ROOT, ".venv", "bin", "python");
  const child = spawn(python, ["-m", "generator.cli", "serve", "--port", "0", "--quiet", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk) => {
      seen += chunk;
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        child.stderr.off("data", onData);
        child.stderr.resume();
        resolve({
          url: match[0],
          stop: () =>
            new Promise((done) => {
              child.once("exit", done);
              child.kill("SIGTERM");
            }),
        });
      }
    };
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`hubgen serve exited ${code}: ${seen}`)));
  });
}

/** A node:http server on 127.0.0.1 answering from `handler(request, response, n)` (n: the
 * request's number, from 1); resolves to { url, close, seen }. close() drops open connections. */
export async function tiny(handler) {
  const seen = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, seen.length);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, seen, close: () =>
      new Promise((r) => {
        server.close(r);
        server.closeAllConnections();
      }),
  };
}

export function json(res, status, value, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
}
