/**
 * A schema the user brings (`--schema FILE`, the factory's `schema` option): an introspection result (JSON, as
 * `houston-mock check` or any GraphQL tool saves it) or SDL. It replaces houston-mock's own SDL for the served
 * schema, so a user with an exact introspection of their Houston gets exactly that schema.
 */
import { readFileSync } from 'node:fs';
import {
  assertValidSchema,
  buildASTSchema,
  buildClientSchema,
  GraphQLSchema,
  parse,
  printSchema,
  type DocumentNode,
  type IntrospectionQuery,
} from 'graphql';

export class SchemaFileError extends Error {}

/** What the `schema` option accepts: SDL or introspection JSON as text, a parsed document, or a built schema. */
export type SchemaSource = string | DocumentNode | GraphQLSchema | IntrospectionQuery | { data: IntrospectionQuery };

function isIntrospection(value: unknown): value is IntrospectionQuery {
  return typeof value === 'object' && value !== null && '__schema' in value;
}

function fromIntrospection(value: unknown, origin: string): GraphQLSchema {
  const result = isIntrospection(value)
    ? value
    : typeof value === 'object' && value !== null && 'data' in value && isIntrospection((value as { data: unknown }).data)
      ? (value as { data: IntrospectionQuery }).data
      : undefined;
  if (!result) throw new SchemaFileError(`${origin}: JSON without "__schema" (or "data.__schema"): not an introspection result`);
  try {
    return buildClientSchema(result);
  } catch (error) {
    throw new SchemaFileError(`${origin}: not a usable introspection result: ${(error as Error).message}`);
  }
}

function fromText(text: string, origin: string): GraphQLSchema {
  if (text.trimStart().startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new SchemaFileError(`${origin}: invalid JSON: ${(error as Error).message}`);
    }
    return fromIntrospection(json, origin);
  }
  try {
    return buildASTSchema(parse(text));
  } catch (error) {
    throw new SchemaFileError(`${origin}: not valid SDL: ${(error as Error).message}`);
  }
}

/**
 * The user's schema as type definitions ready for `makeExecutableSchema`: validated, with a `Query` type, printed
 * and parsed again so that an introspection and an SDL of the same schema give the same document.
 */
export function schemaDocument(source: SchemaSource, origin = 'schema'): DocumentNode {
  let schema: GraphQLSchema;
  if (source instanceof GraphQLSchema) schema = source;
  else if (typeof source === 'string') schema = fromText(source, origin);
  else if ('kind' in source && source.kind === 'Document') {
    try {
      schema = buildASTSchema(source);
    } catch (error) {
      throw new SchemaFileError(`${origin}: ${(error as Error).message}`);
    }
  } else schema = fromIntrospection(source, origin);
  try {
    assertValidSchema(schema);
  } catch (error) {
    throw new SchemaFileError(`${origin}: invalid schema: ${(error as Error).message}`);
  }
  if (!schema.getQueryType()) throw new SchemaFileError(`${origin}: the schema has no Query type`);
  return parse(printSchema(schema));
}

/** Reads a schema file: introspection JSON (`{"data": {"__schema": …}}` or `{"__schema": …}`) or SDL. */
export function readSchemaFile(path: string): DocumentNode {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SchemaFileError(`cannot read schema file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return schemaDocument(text, path);
}
