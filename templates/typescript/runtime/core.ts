/**
 * What every call shares: settings, one request with retries (connection errors, 408,
 * 409, 429, 5xx; backoff with full jitter or the hub's Retry-After) within one deadline
 * for the whole call, the answer read within a size cap, the token kept out of every
 * text the hub sends back, and waiting for a task. Native fetch, no Node API.
 */
import {
  AbortError,
  APIConnectionError,
  APIError,
  errorClass,
  HubError,
  isRecord,
  MalformedResponseError,
  TaskFailedError,
  TaskTimeoutError,
} from "./errors.js";
import type { Task } from "../task.js";
import { parseTask } from "../task.js";

export type Validation = "strict" | "warn" | "off";

export interface PollingPolicy {
  /** Seconds before the second poll. */
  readonly interval: number;
  readonly maxInterval: number;
  readonly backoff: number;
  readonly jitter: number;
  /** Seconds a wait gives a task by default. */
  readonly timeout: number;
  readonly running: readonly string[];
  readonly succeeded: readonly string[];
  readonly failed: readonly string[];
}

export interface HubSurface {
  readonly baseURL: string;
  readonly tokenEnv: string;
  readonly baseURLEnv: string;
  readonly authHeader: string;
  readonly polling: PollingPolicy;
  readonly taskPath: string;
}

export interface ClientOptions {
  /** The API token; else HUB_API_KEY when `process.env` exists. */
  apiKey?: string;
  /** Else HUB_BASE_URL when `process.env` exists, else the hub's own. */
  baseURL?: string;
  /** Retries of one request (default 2). */
  maxRetries?: number;
  /** The deadline of one call, in milliseconds (default 60000): connect to last byte, its
   * retries and the waits between them included, as the Python SDK's `timeout`. */
  timeoutMs?: number;
  /** Another fetch (a test double, a proxy-aware one); the global one otherwise. */
  fetch?: typeof fetch;
  /** Check inputs before sending: throw (strict), warn and send (warn), or send as given. */
  validation?: Validation;
  /** Called with the message when validation is "warn" (default: console.warn). */
  onWarning?: (message: string) => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** This call's deadline in milliseconds, retries included (default: the client's). */
  timeoutMs?: number;
  maxRetries?: number;
}

export interface WaitOptions extends RequestOptions {
  /** Seconds to give the task (default: the hub's polling timeout). */
  waitTimeout?: number;
  /** Seconds before the second poll (default: the hub's polling interval). */
  pollInterval?: number;
}

const RETRY_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER = 60;
const MAX_ANSWER_BYTES = 5 * 2 ** 20;

function processEnv(): Record<string, string | undefined> {
  const found = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return found?.env ?? {};
}

export function retryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

export function redact<T>(value: T, token: string): T {
  if (!token) return value;
  if (typeof value === "string") return value.split(token).join("***") as T;
  if (Array.isArray(value)) return value.map((v) => redact(v, token)) as T;
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redact(k, token)] = redact(v, token);
    return out as T;
  }
  return value;
}

/** Resolves after `ms`, or rejects with AbortError as soon as `signal` fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError(what, signal.reason));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError(what, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function newKey(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

const now = (): number => (globalThis.performance ? performance.now() : Date.now());

/** One call's deadline: the signal every attempt of it sends with, aborted when the
 * deadline passes or the caller's signal fires. */
class Call {
  readonly started = now();
  readonly signal: AbortSignal;
  /** Rejects as soon as `signal` aborts (awaited only through race()). */
  readonly stopped: Promise<never>;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onAbort = (): void => this.controller.abort();

  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
    readonly caller: AbortSignal | undefined,
  ) {
    this.signal = this.controller.signal;
    this.stopped = new Promise<never>((_, reject) => {
      this.signal.addEventListener("abort", () => reject(new Error("stopped")), { once: true });
    });
    this.stopped.catch(() => undefined);
    caller?.addEventListener("abort", this.onAbort, { once: true });
    this.timer = setTimeout(this.onAbort, Math.max(0, timeoutMs));
  }

  /** Milliseconds before the deadline. */
  left(): number {
    return this.timeoutMs - (now() - this.started);
  }

  expired(): boolean {
    return this.signal.aborted || this.left() <= 0;
  }

  /** `promise`, or a rejection as soon as the deadline passes or the caller aborts (so a
   * fetch that ignores its signal cannot hold the call past its deadline). */
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.stopped]);
  }

  end(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener("abort", this.onAbort);
  }
}

/** The body as text, read chunk by chunk within the call's deadline: past
 * MAX_ANSWER_BYTES (decoded bytes, as fetch hands them over) the reader is cancelled and
 * the answer is a MalformedResponseError, so an endless body costs at most the cap. */
async function readCapped(response: Response, call: Call): Promise<string> {
  const tooLarge = (): MalformedResponseError =>
    new MalformedResponseError(call.method, call.url, `the answer is larger than ${MAX_ANSWER_BYTES / 2 ** 20} MiB`);
  const stream = response.body as ReadableStream<Uint8Array> | null | undefined;
  if (stream === undefined) {
    // A fetch without streams (a test double): its text, then the same cap.
    const text = await call.race(response.text());
    if (new TextEncoder().encode(text).byteLength > MAX_ANSWER_BYTES) throw tooLarge();
    return text;
  }
  if (stream === null) return "";
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await call.race(reader.read());
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ANSWER_BYTES) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

export class Core {
  readonly baseURL: string;
  readonly validation: Validation;
  readonly surface: HubSurface;
  readonly warn: (message: string) => void;
  private readonly token: string;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly fetcher: typeof fetch;

  constructor(surface: HubSurface, options: ClientOptions = {}) {
    const env = processEnv();
    const token = options.apiKey ?? env[surface.tokenEnv] ?? "";
    if (!token) throw new HubError(`no API token: pass apiKey or set ${surface.tokenEnv}`);
    const url = options.baseURL || env[surface.baseURLEnv] || surface.baseURL;
    if (!/^https?:\/\//.test(url))
      throw new HubError(`base URL must start with http:// or https://, got ${JSON.stringify(url)}`);
    const validation = options.validation ?? "strict";
    if (!["strict", "warn", "off"].includes(validation))
      throw new HubError(`validation must be one of strict, warn, off, got ${JSON.stringify(validation)}`);
    const maxRetries = options.maxRetries ?? 2;
    if (!(maxRetries >= 0)) throw new HubError(`maxRetries must be 0 or more, got ${maxRetries}`);
    const fetcher = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (fetcher === undefined) throw new HubError("no fetch: pass one as the fetch option");
    this.surface = surface;
    this.token = token;
    this.baseURL = url.replace(/\/+$/, "");
    this.maxRetries = maxRetries;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.validation = validation;
    this.fetcher = fetcher;
    this.warn = options.onWarning ?? ((message) => console.warn(message));
  }

  /** What the client shows of itself: never the token. */
  toJSON(): Record<string, unknown> {
    return { baseURL: this.baseURL, validation: this.validation, maxRetries: this.maxRetries };
  }

  /** One call: the parsed JSON of a 2xx answer, or the SDK's error. `timeoutMs` bounds
   * the whole call, retries and the waits between them included, connect to last byte. */
  async request(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<unknown> {
    const url = this.baseURL + path;
    const { signal } = options;
    if (signal?.aborted) throw new AbortError(`${method} ${url}`, signal.reason);
    const headers: Record<string, string> = {
      [this.surface.authHeader]: `Bearer ${this.token}`,
      Accept: "application/json",
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method === "POST") headers["Idempotency-Key"] = newKey();
    const retries = options.maxRetries ?? this.maxRetries;
    const call = new Call(method, url, options.timeoutMs ?? this.timeoutMs, signal);
    try {
      for (let attempt = 0; ; attempt++) {
        let failure: unknown;
        try {
          return await this.attempt(call, headers, body);
        } catch (error) {
          failure = error;
        }
        const retryable = failure instanceof APIConnectionError || isRetryable(failure);
        if (failure instanceof AbortError || call.expired() || attempt >= retries || !retryable) throw failure;
        const hinted = failure instanceof APIError ? failure.retryAfter : undefined;
        const delay = hinted !== undefined ? Math.min(hinted, MAX_RETRY_AFTER) : Math.random() * Math.min(8, 0.5 * 2 ** attempt);
        // No time left to wait for another attempt: this one's error is the answer.
        if (delay * 1000 >= call.left()) throw failure;
        await sleep(delay * 1000, signal, `${method} ${url}`);
      }
    } finally {
      call.end();
    }
  }

  private async attempt(call: Call, headers: Record<string, string>, body: unknown): Promise<unknown> {
    const { method, url } = call;
    let text: string;
    let response: Response;
    try {
      if (call.expired()) throw new Error("deadline");
      const init: RequestInit = { method, headers, signal: call.signal };
      if (body !== undefined) init.body = JSON.stringify(body);
      response = await call.race(this.fetcher(url, init));
      text = await readCapped(response, call);
    } catch (error) {
      if (error instanceof MalformedResponseError) throw error;
      if (call.caller?.aborted) throw new AbortError(`${method} ${url}`, call.caller.reason);
      if (call.expired()) throw new APIConnectionError(method, url, `no complete answer within ${call.timeoutMs / 1000}s`);
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new APIConnectionError(method, url, redact(reason, this.token) || "connection failed");
    }
    let parsed: unknown;
    let isJson = true;
    try {
      parsed = redact(JSON.parse(text) as unknown, this.token);
    } catch {
      isJson = false;
      parsed = redact(text.slice(0, 2000), this.token);
    }
    if (!response.ok) {
      const requestId = response.headers.get("x-request-id");
      const Err = errorClass(response.status);
      throw new Err(
        method,
        url,
        response.status,
        parsed,
        requestId === null ? undefined : redact(requestId, this.token),
        retryAfter(response.headers.get("retry-after")),
      );
    }
    if (!isJson) throw new MalformedResponseError(method, url, "not JSON");
    return parsed;
  }

  async getTask(taskId: string, options: RequestOptions = {}): Promise<Task> {
    const path = this.surface.taskPath.replace("{task_id}", encodeURIComponent(taskId));
    const answer = await this.request("GET", path, undefined, options);
    return parseTask(answer, `GET ${this.baseURL}${path}`);
  }

  /** Polls until the task is ready: a completed task, or TaskFailedError / TaskTimeoutError / AbortError. */
  async wait(taskId: string, options: WaitOptions = {}): Promise<Task> {
    const policy = this.surface.polling;
    const limit = options.waitTimeout ?? policy.timeout;
    const started = Date.now();
    let delay = options.pollInterval ?? policy.interval;
    let last: Task | undefined;
    for (;;) {
      last = await this.getTask(taskId, options);
      if (policy.succeeded.includes(last.status)) return last;
      if (policy.failed.includes(last.status)) throw new TaskFailedError(last);
      if (last.ready === true) throw new TaskFailedError(last, false);
      const capped = Math.min(delay, policy.maxInterval);
      const jittered = Math.max(0, capped * (1 + policy.jitter * (2 * Math.random() - 1)));
      const left = limit - (Date.now() - started) / 1000;
      if (left <= 0) throw new TaskTimeoutError(taskId, limit, last);
      await sleep(Math.min(jittered, left) * 1000, options.signal, `waiting for task ${taskId}`);
      delay = capped * policy.backoff;
    }
  }
}

function isRetryable(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" && (RETRY_STATUSES.has(status) || status >= 500);
}
