/**
 * What the client throws. Messages name the request and the cause, never the token.
 *
 * HubError                     anything the client reports
 * ├── APIConnectionError       no answer: refused, reset, timed out
 * ├── APIError                 the hub answered with an error status
 * │   ├── BadRequestError          400, 413, 422 (`problems` lists each one)
 * │   ├── AuthenticationError      401, 403
 * │   ├── NotFoundError            404
 * │   ├── RateLimitError           429 (`retryAfter` in seconds)
 * │   └── ServerError              5xx
 * ├── MalformedResponseError   an answer that is not the documented shape
 * ├── TaskFailedError          the task ended failed (`task`)
 * ├── TaskTimeoutError         the task did not end in time (`taskId`, `task`)
 * └── AbortError               the caller's AbortSignal fired
 * InputError (hub-sdk/validate) is thrown before anything is sent.
 */
import type { Task } from "../task.js";

export class HubError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class APIConnectionError extends HubError {
  readonly method: string;
  readonly url: string;
  constructor(method: string, url: string, reason: string) {
    super(`${method} ${url}: no answer from the hub (${reason})`);
    this.method = method;
    this.url = url;
  }
}

/** One per-field problem, as the hub lists them in a 4xx body. */
export interface HubProblem {
  readonly field?: unknown;
  readonly rule?: unknown;
  readonly message?: unknown;
}

export class APIError extends HubError {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** The answer: parsed JSON if it was JSON, else its text (cut at 2000 characters). */
  readonly body: unknown;
  readonly requestId: string | undefined;
  readonly retryAfter: number | undefined;
  constructor(
    method: string,
    url: string,
    status: number,
    body: unknown,
    requestId?: string,
    retryAfter?: number,
  ) {
    const where = requestId ? ` (request id ${requestId})` : "";
    super(`${method} ${url} answered ${status}: ${detail(body)}${where}`);
    this.method = method;
    this.url = url;
    this.status = status;
    this.body = body;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }

  /** Per-field problems, when the hub listed them. */
  get problems(): HubProblem[] {
    const error = isRecord(this.body) ? this.body["error"] : undefined;
    const found = isRecord(error) ? error["problems"] : undefined;
    return Array.isArray(found) ? found.filter(isRecord) : [];
  }
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class NotFoundError extends APIError {}
export class RateLimitError extends APIError {}
export class ServerError extends APIError {}

export class MalformedResponseError extends HubError {
  readonly method: string;
  readonly url: string;
  constructor(method: string, url: string, reason: string) {
    super(`${method} ${url}: unexpected answer: ${reason}`);
    this.method = method;
    this.url = url;
  }
}

/** A task that ended without a result: failed, timeout, cancelled, or (`known` false) a
 * ready task in a status the SDK does not know. */
export class TaskFailedError extends HubError {
  readonly task: Task;
  readonly status: string;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  constructor(task: Task, known = true) {
    const which = task.model ? ` (${task.model})` : "";
    const reason = [task.error_code, task.error_message].filter((x) => x).join(": ");
    const ended = known
      ? `ended ${task.status}`
      : `is ready in status ${JSON.stringify(task.status)}, which the SDK does not know`;
    super(`task ${task.task_id}${which} ${ended}: ${reason || "no reason given"}`);
    this.task = task;
    this.status = task.status;
    this.errorCode = task.error_code;
    this.errorMessage = task.error_message;
  }
}

export class TaskTimeoutError extends HubError {
  readonly taskId: string;
  readonly waited: number;
  readonly task: Task | undefined;
  constructor(taskId: string, waited: number, task: Task | undefined) {
    const status = task ? task.status : "unknown";
    super(`task ${taskId} did not end within ${waited.toFixed(1)}s (last status: ${status})`);
    this.taskId = taskId;
    this.waited = waited;
    this.task = task;
  }
}

/** The caller's AbortSignal fired: before sending (nothing was sent) or while waiting. */
export class AbortError extends HubError {
  readonly reason: unknown;
  constructor(what: string, reason: unknown) {
    super(`${what}: aborted`);
    this.reason = reason;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function detail(body: unknown): string {
  if (isRecord(body)) {
    const error = body["error"];
    if (isRecord(error) && typeof error["message"] === "string") {
      const lines = [error["message"]];
      const problems = error["problems"];
      if (Array.isArray(problems)) {
        for (const p of problems.filter(isRecord)) {
          lines.push(`  - ${String(p["field"])}: ${String(p["message"])} [${String(p["rule"])}]`);
        }
      }
      return lines.join("\n");
    }
    if (typeof error === "string") return error;
    if (typeof body["message"] === "string") return body["message"];
  }
  const text = typeof body === "string" ? body : JSON.stringify(body) ?? "";
  return text ? text.slice(0, 500) : "(empty body)";
}

export function errorClass(status: number): typeof APIError {
  if (status >= 500) return ServerError;
  switch (status) {
    case 400:
    case 413:
    case 422:
      return BadRequestError;
    case 401:
    case 403:
      return AuthenticationError;
    case 404:
      return NotFoundError;
    case 429:
      return RateLimitError;
    default:
      return APIError;
  }
}
