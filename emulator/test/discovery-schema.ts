import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { expect } from "vitest";

/**
 * Turns the `schemas` section of a Google discovery document into JSON Schema
 * (draft-07, for ajv) so that every successful emulator response can be checked
 * against what Google publishes. Objects are closed (`additionalProperties:
 * false`) so that an invented field fails, exactly as a typo would.
 */

export interface DiscoveryProperty {
  type?: string;
  $ref?: string;
  format?: string;
  enum?: string[];
  items?: DiscoveryProperty;
  properties?: Record<string, DiscoveryProperty>;
  additionalProperties?: DiscoveryProperty;
  [other: string]: unknown;
}

export type DiscoverySchemas = Record<string, DiscoveryProperty>;

type JsonSchema = Record<string, unknown>;

// Google serialises 64-bit integers as JSON strings (proto3 JSON mapping).
const INT64_PATTERN = "^-?[0-9]+$";
const UINT64_PATTERN = "^[0-9]+$";
// RFC 3339 with "Z" or an offset, optional fraction (Google emits up to nanoseconds).
const DATETIME_PATTERN =
  "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";
const DURATION_PATTERN = "^-?[0-9]+(\\.[0-9]{1,9})?s$";
const BYTE_PATTERN = "^[A-Za-z0-9+/_-]*={0,2}$";

function convertProperty(node: DiscoveryProperty): JsonSchema {
  if (node.$ref) return { $ref: `#/definitions/${node.$ref}` };
  switch (node.type) {
    case "object": {
      const properties: Record<string, JsonSchema> = {};
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        properties[name] = convertProperty(child);
      }
      return {
        type: "object",
        properties,
        additionalProperties: node.additionalProperties ? convertProperty(node.additionalProperties) : false,
      };
    }
    case "array":
      return { type: "array", items: node.items ? convertProperty(node.items) : {} };
    case "string": {
      const out: JsonSchema = { type: "string" };
      if (node.enum) out.enum = node.enum;
      if (node.format === "int64") out.pattern = INT64_PATTERN;
      else if (node.format === "uint64") out.pattern = UINT64_PATTERN;
      else if (node.format === "google-datetime" || node.format === "date-time") out.pattern = DATETIME_PATTERN;
      else if (node.format === "google-duration") out.pattern = DURATION_PATTERN;
      else if (node.format === "byte") out.pattern = BYTE_PATTERN;
      return out;
    }
    case "integer":
      if (node.format === "int64" || node.format === "uint64") {
        // Discovery sometimes types 64-bit values as integer; on the wire they are strings.
        return { type: "string", pattern: node.format === "int64" ? INT64_PATTERN : UINT64_PATTERN };
      }
      return node.format === "uint32" ? { type: "integer", minimum: 0 } : { type: "integer" };
    case "number":
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "any":
    case undefined:
      return {};
    default:
      throw new Error(`discovery type not handled: ${String(node.type)}`);
  }
}

/** JSON Schema with one definition per discovery schema. */
export function toJsonSchema(schemas: DiscoverySchemas): { definitions: Record<string, JsonSchema> } {
  const definitions: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) definitions[name] = convertProperty(schema);
  return { definitions };
}

export function createValidator(schemas: DiscoverySchemas): (name: string) => ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addSchema({ $id: "discovery", ...toJsonSchema(schemas) });
  const cache = new Map<string, ValidateFunction>();
  return (name) => {
    if (!(name in schemas)) throw new Error(`no discovery schema named ${name}`);
    let fn = cache.get(name);
    if (!fn) {
      fn = ajv.compile({ $ref: `discovery#/definitions/${name}` });
      cache.set(name, fn);
    }
    return fn;
  };
}

const discoveryPath = new URL("./fixtures/classroom-v1-discovery.json", import.meta.url);

export const discovery = JSON.parse(readFileSync(discoveryPath, "utf8")) as {
  schemas: DiscoverySchemas;
  revision?: string;
};

const validatorFor = createValidator(discovery.schemas);

/** Fails the current test unless `body` conforms to the discovery schema `schemaName`. */
export function expectSchema(schemaName: string, body: unknown): void {
  const validate = validatorFor(schemaName);
  const valid = validate(body);
  const detail = (validate.errors ?? [])
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`)
    .join("; ");
  expect(valid, `${schemaName} schema violation: ${detail}\nbody: ${JSON.stringify(body).slice(0, 600)}`).toBe(true);
}
