/**
 * `client.<capability>`, `client.tasks` and `client.models`: thin methods over Core.
 * A capability resource is generic over its map from model id to input type, so
 * `generate({ model, input })` checks `input` against exactly that model's type.
 */
import type { Core, RequestOptions, WaitOptions } from "./core.js";
import { isRecord, MalformedResponseError } from "./errors.js";
import type { Task } from "../task.js";
import { parseTask } from "../task.js";
import { InputError, validateWith } from "./validate-core.js";
import type { ModelTable } from "./validate-core.js";

/** The validation table of a model the SDK knows (loaded on first use), or undefined for
 * any other id (sent as given: the hub decides); it may throw InputError to refuse an id. */
export type TableLoader = (modelId: string) => Promise<ModelTable | undefined>;

/** One shard of the client's registry (src/tables/): model id to a loader of its module. */
export type Shard = { readonly [id: string]: (() => Promise<{ readonly TABLE: ModelTable }>) | undefined };

export interface GenerateParams<Models, M extends keyof Models> {
  model: M;
  input: Models[M];
}

export class CapabilityResource<Models extends { [id: string]: object }> {
  constructor(
    private readonly core: Core,
    private readonly path: string,
    private readonly tables: TableLoader,
  ) {}

  /** Starts a job for a model the SDK knows, its input typed by the model id. */
  generate<M extends keyof Models & string>(params: GenerateParams<Models, M>, options?: RequestOptions): Promise<Task> {
    return this.submit(params.model, params.input as Record<string, unknown>, options);
  }

  /** generate(), then wait until the task is completed. */
  async generateAndWait<M extends keyof Models & string>(
    params: GenerateParams<Models, M>,
    options?: WaitOptions,
  ): Promise<Task> {
    const task = await this.generate(params, options);
    return this.core.wait(task.task_id, options);
  }

  /** The untyped path: any model id, any input (validated when the SDK knows the model). */
  async submit(model: string, input: Record<string, unknown>, options: RequestOptions = {}): Promise<Task> {
    const body = { model, input: await this.checked(model, input) };
    const answer = await this.core.request("POST", this.path, body, options);
    return parseTask(answer, `POST ${this.core.baseURL}${this.path}`);
  }

  private async checked(model: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const given: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== null) given[k] = v;
    if (this.core.validation === "off") return given;
    try {
      const table = await this.tables(model);
      return table === undefined ? given : validateWith(table, given);
    } catch (error) {
      if (error instanceof InputError && this.core.validation === "warn") {
        this.core.warn(`${error.message}\nsent anyway (validation='warn')`);
        return given;
      }
      throw error;
    }
  }
}

export class TasksResource {
  constructor(private readonly core: Core) {}

  get(taskId: string, options?: RequestOptions): Promise<Task> {
    return this.core.getTask(taskId, options);
  }

  /** Polls until ready: the completed task, or TaskFailedError, TaskTimeoutError, AbortError. */
  wait(taskId: string, options?: WaitOptions): Promise<Task> {
    return this.core.wait(taskId, options);
  }
}

export interface ModelSummary {
  readonly id: string;
  readonly [key: string]: unknown;
}

export interface ModelInfo {
  readonly input_schema: Record<string, unknown>;
  readonly example: Record<string, unknown>;
  readonly [key: string]: unknown;
}

const LIST_KEYS = ["models", "data"];

export class ModelsResource {
  constructor(
    private readonly core: Core,
    private readonly listPath: string,
    private readonly modelPath: string,
  ) {}

  /** One capability's models (or all): a bare array, {models: [...]} or {data: [...]}. */
  async list(capability?: string, options?: RequestOptions): Promise<ModelSummary[]> {
    const query = capability === undefined ? "" : `?capability=${encodeURIComponent(capability)}`;
    const answer = await this.core.request("GET", this.listPath + query, undefined, options);
    const where = `GET ${this.core.baseURL}${this.listPath}${query}`;
    let items: unknown = answer;
    if (isRecord(answer)) items = LIST_KEYS.map((k) => answer[k]).find(Array.isArray);
    if (!Array.isArray(items)) throw new MalformedResponseError("GET", where, "not a list, nor a 'models' or 'data' list");
    return items.map((item) => {
      const id = isRecord(item) ? (item["id"] ?? item["model"]) : undefined;
      if (typeof id !== "string") throw new MalformedResponseError("GET", where, "an entry without an id");
      return { ...(item as Record<string, unknown>), id };
    });
  }

  async get(model: string, options?: RequestOptions): Promise<ModelInfo> {
    const path = this.modelPath.replace("{model}", encodeURIComponent(model));
    const answer = await this.core.request("GET", path, undefined, options);
    if (!isRecord(answer) || !isRecord(answer["input_schema"]))
      throw new MalformedResponseError("GET", this.core.baseURL + path, "no input_schema");
    return answer as ModelInfo;
  }
}
