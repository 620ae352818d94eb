/**
 * A small validator for responses against an OpenAPI 3.0 document (enough for the BMS spec):
 * resolves `$ref`s, renames schema properties to the wire camelCase rule, and checks types,
 * nullability, enums, that every listed property is present, and that no unlisted one is.
 */
import { readFileSync } from 'node:fs';

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
}

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export function loadOpenApi(file: string | URL): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/**
 * .NET camel-casing (System.Text.Json / Newtonsoft): lower-case the leading run of capitals,
 * except the last one when a lower-case letter follows it. `SLAName`→`slaName`,
 * `IPAddress`→`ipAddress`, `HasMetSLA`→`hasMetSLA`, `CCs`→`cCs`.
 */
export function wireName(name: string): string {
  const chars = [...name];
  for (let i = 0; i < chars.length; i++) {
    const isUpper = (c: string | undefined) => c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();
    if (i === 1 && !isUpper(chars[i])) break;
    const hasNext = i + 1 < chars.length;
    if (i > 0 && hasNext && !isUpper(chars[i + 1])) break;
    chars[i] = chars[i]!.toLowerCase();
  }
  return chars.join('');
}

function normalisePath(path: string): string {
  return path.toLowerCase().replace(/\{[^}]+\}/g, '{}');
}

/** The documented 200 `application/json` schema of an operation, or undefined when there is none. */
export function responseSchema(doc: OpenApiDocument, method: string, pathTemplate: string): Schema | undefined {
  const wanted = normalisePath(pathTemplate);
  // The same path can appear twice with differently named parameters ({id} and {Id}).
  const operation = Object.keys(doc.paths)
    .filter((p) => normalisePath(p) === wanted)
    .map((p) => doc.paths[p]![method.toLowerCase()])
    .find((op) => op !== undefined);
  if (!operation) throw new Error(`the OpenAPI document has no ${method} ${pathTemplate}`);
  return operation.responses?.['200']?.content?.['application/json']?.schema;
}

export function schemaNamed(name: string): Schema {
  return { $ref: `#/components/schemas/${name}` };
}

export interface ValidateOptions {
  /** Allow properties the schema does not list (only for endpoints the docs do not have). */
  allowExtra?: boolean;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Every mismatch between `value` and `schema`, as `path: problem` strings (empty when valid). */
export function validate(doc: OpenApiDocument, schema: Schema, value: unknown, options: ValidateOptions = {}): string[] {
  const errors: string[] = [];

  const resolve = (s: Schema): Schema => {
    if (!s.$ref) return s;
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unresolvable $ref ${s.$ref}`);
    return resolve(target);
  };

  const check = (raw: Schema, v: unknown, path: string): void => {
    const s = resolve(raw);
    if (v === null) {
      // Swashbuckle cannot mark a $ref nullable in OpenAPI 3.0 (the envelope's Error is a $ref and
      // is null on success), so a referenced schema admits null.
      if (!s.nullable && !raw.$ref) errors.push(`${path}: null is not allowed`);
      return;
    }
    if (v === undefined) {
      errors.push(`${path}: missing`);
      return;
    }
    if (s.enum && !s.enum.includes(v)) errors.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    const type = s.type ?? (s.properties ? 'object' : undefined);
    switch (type) {
      case 'integer':
        if (!Number.isInteger(v)) errors.push(`${path}: expected integer, got ${typeOf(v)} ${JSON.stringify(v)}`);
        return;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${path}: expected number, got ${typeOf(v)}`);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') errors.push(`${path}: expected boolean, got ${typeOf(v)}`);
        return;
      case 'string':
        if (typeof v !== 'string') errors.push(`${path}: expected string, got ${typeOf(v)}`);
        else if (s.format === 'date-time' && Number.isNaN(Date.parse(v))) errors.push(`${path}: '${v}' is not a date-time`);
        return;
      case 'array':
        if (!Array.isArray(v)) errors.push(`${path}: expected array, got ${typeOf(v)}`);
        else v.forEach((item, i) => check(s.items ?? {}, item, `${path}[${i}]`));
        return;
      case 'object': {
        if (typeOf(v) !== 'object') {
          errors.push(`${path}: expected object, got ${typeOf(v)}`);
          return;
        }
        const record = v as Record<string, unknown>;
        const listed = new Map(Object.entries(s.properties ?? {}).map(([name, p]) => [wireName(name), p]));
        for (const [name, property] of listed) check(property, record[name], path ? `${path}.${name}` : name);
        if (!options.allowExtra && s.additionalProperties !== true) {
          for (const key of Object.keys(record)) if (!listed.has(key)) errors.push(`${path ? `${path}.` : ''}${key}: not in the schema`);
        }
        return;
      }
      default:
        return; // untyped: anything goes
    }
  };

  check(schema, value, '');
  return errors;
}
