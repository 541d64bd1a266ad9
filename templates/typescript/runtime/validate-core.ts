/**
 * The validator every model's table runs through: types, allowed values, ranges,
 * lengths, item counts, URIs, then (when the fields pass) the image mapping and the
 * cross-field rules on the upstream view. Data in, problems out: no eval.
 */

export interface FieldSpec {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "array" | "object";
  readonly required?: boolean;
  readonly values?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly format?: string;
  readonly items?: FieldSpec;
  readonly properties?: readonly FieldSpec[];
}

export interface RuleSpec {
  readonly kind: "exactly_one_of" | "not_both" | "requires" | "max_total_items";
  readonly fields: readonly string[];
  readonly message: string;
  readonly when?: string;
  readonly max?: number;
}

export type ImageSpec =
  | { readonly slots: readonly string[]; readonly required: readonly string[] }
  | { readonly list: string; readonly required: boolean };

export interface ModelTable {
  readonly id: string;
  readonly fields: readonly FieldSpec[];
  readonly images?: ImageSpec;
  readonly rules?: readonly RuleSpec[];
}

/** One thing wrong with an input: where, which rule, and what to do. */
export interface Problem {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** An input the model does not accept. `problems` lists every reason. */
export class InputError extends Error {
  readonly modelId: string;
  readonly problems: readonly Problem[];
  constructor(modelId: string, problems: readonly Problem[]) {
    const n = problems.length;
    const lines = [`invalid input for ${modelId} (${n} problem${n !== 1 ? "s" : ""}):`];
    for (const p of problems) lines.push(`  - ${p.field}: ${p.message} [${p.rule}]`);
    super(lines.join("\n"));
    this.name = "InputError";
    this.modelId = modelId;
    this.problems = problems;
  }
}

const IMAGE_URLS = "image_urls";
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const PLAIN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[A-Za-z0-9._~%!$&'()*+,;=:@-]+(?:[/?#][\s\S]*)?$/;
const UNPRINTABLE = /[\p{C}\p{Z}\s]/u;

/** An absolute URI: a scheme, then something, no spaces or control characters. */
export function isUri(value: string): boolean {
  if (UNPRINTABLE.test(value)) return false;
  if (PLAIN.test(value)) return true;
  const colon = value.indexOf(":");
  if (colon <= 0) return false;
  const scheme = value.slice(0, colon);
  if (!SCHEME.test(scheme)) return false;
  let rest = value.slice(colon + 1);
  if (rest.startsWith("//")) {
    const netloc = rest.slice(2).split(/[/?#]/, 1)[0] ?? "";
    if (netloc) return true;
    rest = rest.slice(2 + netloc.length);
  }
  const path = rest.split(/[?#]/, 1)[0] ?? "";
  return path.length > 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function given(values: Record<string, unknown>, name: string): boolean {
  return values[name] !== undefined && values[name] !== null;
}

function filled(values: Record<string, unknown>, name: string): boolean {
  const value = values[name];
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);
}

function repr(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null) return "None";
  return JSON.stringify(value) ?? String(value);
}

function short(value: unknown, limit = 60): string {
  const text = repr(value);
  return text.length <= limit ? text : `${text.slice(0, limit - 5)}...${text.slice(-2)}`;
}

/** Similarity as difflib's ratio: twice the matching characters over both lengths. */
function ratio(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const up = rows[i - 1] as number[];
      row[j] = a[i - 1] === b[j - 1] ? (up[j - 1] ?? 0) + 1 : Math.max(up[j] ?? 0, row[j - 1] ?? 0);
    }
  }
  const common = (rows[a.length] as number[])[b.length] ?? 0;
  return a.length + b.length ? (2 * common) / (a.length + b.length) : 0;
}

export function didYouMean(name: string, choices: Iterable<string>): string {
  let best = "";
  let score = 0.6;
  for (const choice of [...choices].sort()) {
    const r = ratio(name, choice);
    if (r > score || (r === score && !best)) {
      best = choice;
      score = r;
    }
  }
  return best ? `; did you mean '${best}'?` : "";
}

const TYPE_WORDS: Record<FieldSpec["type"], string> = {
  string: "a valid string",
  integer: "a valid integer",
  number: "a valid number",
  boolean: "a valid boolean",
  array: "a valid list",
  object: "a valid dictionary or instance of a model",
};

function typeOk(spec: FieldSpec, value: unknown): boolean {
  switch (spec.type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return isRecord(value);
  }
}

function allowed(values: readonly unknown[]): string {
  const shown = values.map(repr);
  return shown.length < 2 ? shown.join("") : `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`;
}

function checkValue(spec: FieldSpec, value: unknown, where: string, out: Problem[]): void {
  if (spec.values !== undefined) {
    if (!spec.values.some((v) => v === value)) {
      const message = `${short(value)} is not allowed; allowed values: ${allowed(spec.values)}`;
      out.push({ field: where, rule: "enum", message });
    }
    return;
  }
  if (!typeOk(spec, value)) {
    const message = `Input should be ${TYPE_WORDS[spec.type]} (got ${short(value)})`;
    out.push({ field: where, rule: "type", message });
    return;
  }
  const limit = (rule: string, words: string, got: unknown): void => {
    out.push({ field: where, rule, message: `must be ${words} (got ${short(got)})` });
  };
  if (typeof value === "number") {
    if (spec.minimum !== undefined && value < spec.minimum)
      limit("minimum", `at least ${spec.minimum}`, value);
    if (spec.maximum !== undefined && value > spec.maximum)
      limit("maximum", `at most ${spec.maximum}`, value);
  } else if (typeof value === "string") {
    const n = [...value].length;
    if (spec.minLength !== undefined && n < spec.minLength) {
      limit("min_length", `at least ${spec.minLength} characters long`, n);
    } else if (spec.maxLength !== undefined && n > spec.maxLength) {
      limit("max_length", `at most ${spec.maxLength} characters long`, n);
    } else if (spec.format === "uri" && !isUri(value)) {
      const message = `must be an absolute URI such as https://... (got ${short(value)})`;
      out.push({ field: where, rule: "format", message });
    }
  } else if (Array.isArray(value)) {
    if (spec.items !== undefined) {
      const items = spec.items;
      value.forEach((item, index) => checkValue(items, item, `${where}.${index}`, out));
    }
    if (spec.minItems !== undefined && value.length < spec.minItems)
      limit("min_items", `at least ${spec.minItems} items long`, value.length);
    if (spec.maxItems !== undefined && value.length > spec.maxItems)
      limit("max_items", `at most ${spec.maxItems} items long`, value.length);
  } else if (isRecord(value) && spec.properties !== undefined) {
    checkObject(spec.properties, value, `${where}.`, out, undefined);
  }
}

function checkObject(
  fields: readonly FieldSpec[],
  input: Record<string, unknown>,
  prefix: string,
  out: Problem[],
  modelId: string | undefined,
): void {
  const known = new Map(fields.map((f) => [f.name, f]));
  for (const spec of fields) {
    const value = input[spec.name];
    if (value === undefined || value === null) {
      if (spec.required)
        out.push({ field: prefix + spec.name, rule: "required", message: "required parameter is missing" });
      continue;
    }
    checkValue(spec, value, prefix + spec.name, out);
  }
  for (const name of Object.keys(input)) {
    if (known.has(name) || input[name] === undefined) continue;
    let message = `unknown field${didYouMean(name, known.keys())}`;
    if (modelId !== undefined && name === IMAGE_URLS) message = `${modelId} takes no images`;
    out.push({ field: prefix + name, rule: "unknown_field", message });
  }
}

function imageProblems(images: ImageSpec, values: Record<string, unknown>): Problem[] {
  const urls = Array.isArray(values[IMAGE_URLS]) ? (values[IMAGE_URLS] as unknown[]) : [];
  const out: Problem[] = [];
  if ("slots" in images) {
    images.slots.forEach((name, index) => {
      if (index < urls.length && given(values, name)) {
        const message = `image_urls[${index}] and ${name} fill the same slot; pass one of them`;
        out.push({ field: `${IMAGE_URLS}, ${name}`, rule: "image_slot", message });
      } else if (images.required.includes(name) && index >= urls.length && !given(values, name)) {
        const message = `required: pass ${name}, or image_urls with at least ${index + 1} image(s)`;
        out.push({ field: name, rule: "required", message });
      }
    });
    return out;
  }
  if (given(values, IMAGE_URLS) && given(values, images.list)) {
    const message = `image_urls and ${images.list} are the same list; pass one of them`;
    return [{ field: `${IMAGE_URLS}, ${images.list}`, rule: "image_slot", message }];
  }
  if (images.required && !(given(values, IMAGE_URLS) || given(values, images.list)))
    return [{ field: images.list, rule: "required", message: `required: pass ${images.list} or image_urls` }];
  return [];
}

/** The upstream payload: image_urls mapped onto the model's own fields. */
export function applyImages(images: ImageSpec | undefined, values: Record<string, unknown>): Record<string, unknown> {
  if (images === undefined) return values;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (k !== IMAGE_URLS) out[k] = v;
  const urls = values[IMAGE_URLS];
  if ("slots" in images) {
    if (Array.isArray(urls)) images.slots.forEach((name, i) => i < urls.length && (out[name] = urls[i]));
  } else if (given(values, IMAGE_URLS)) {
    out[images.list] = urls;
  }
  return out;
}

function violated(rule: RuleSpec, values: Record<string, unknown>): boolean {
  const count = rule.fields.filter((name) => filled(values, name)).length;
  switch (rule.kind) {
    case "exactly_one_of":
      return count !== 1;
    case "not_both":
      return count > 1;
    case "requires":
      return rule.when !== undefined && filled(values, rule.when) && count === 0;
    case "max_total_items": {
      let total = 0;
      for (const name of rule.fields) {
        const value = values[name];
        if (Array.isArray(value)) total += value.length;
      }
      return rule.max !== undefined && total > rule.max;
    }
  }
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
  return out;
}

/** Every problem of `input` for the model of `table` (empty when it is accepted). */
export function problemsOf(table: ModelTable, input: unknown): Problem[] {
  if (!isRecord(input)) return [{ field: "input", rule: "type", message: `expected a mapping, got ${short(input)}` }];
  const out: Problem[] = [];
  checkObject(table.fields, input, "", out, table.images === undefined ? table.id : undefined);
  if (out.length) return out;
  const values = withoutNulls(input) as Record<string, unknown>;
  const found = table.images ? imageProblems(table.images, values) : [];
  const upstream = applyImages(table.images, values);
  for (const rule of table.rules ?? []) {
    if (violated(rule, upstream)) found.push({ field: rule.fields.join(", "), rule: rule.kind, message: rule.message });
  }
  return found;
}

/** `input` as the hub takes it (null and omitted fields left out); InputError otherwise. */
export function validateWith(table: ModelTable, input: unknown): Record<string, unknown> {
  const problems = problemsOf(table, input);
  if (problems.length) throw new InputError(table.id, problems);
  return withoutNulls(input) as Record<string, unknown>;
}
