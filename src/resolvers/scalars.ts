import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import type { Resolvers } from './context.js';

function literalToJson(node: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.ENUM:
      return node.value;
  }
}

function stringScalar(name: string, description: string): GraphQLScalarType {
  const check = (value: unknown): string => {
    if (typeof value !== 'string') throw new GraphQLError(`${name} cannot represent a non-string value: ${JSON.stringify(value)}`);
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => (value === null || value === undefined ? null : String(value)),
    parseValue: check,
    parseLiteral: (node) => {
      if (node.kind !== Kind.STRING) throw new GraphQLError(`${name} cannot represent a non-string value`, { nodes: node });
      return node.value;
    },
  });
}

/**
 * Houston's custom scalars. IDs are cuid strings; `Uuid` also accepts `""`, which the Astro CLI sends as the
 * first-page cursor, so neither validates its shape. DateTime travels as an RFC 3339 string.
 */
export const resolvers: Resolvers = {
  Uuid: stringScalar('Uuid', 'An entity id (Houston uses cuid strings). The empty string is accepted as "none".'),
  Id: stringScalar('Id', 'An entity id.'),
  DateTime: new GraphQLScalarType({
    name: 'DateTime',
    description: 'An instant, as an RFC 3339 string in UTC.',
    serialize: (value) => (value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : String(value)),
    parseValue: (value) => {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
        throw new GraphQLError(`DateTime must be an RFC 3339 string, got ${JSON.stringify(value)}`);
      }
      return value;
    },
    parseLiteral: (node) => {
      if (node.kind !== Kind.STRING || Number.isNaN(Date.parse(node.value))) {
        throw new GraphQLError('DateTime must be an RFC 3339 string', { nodes: node });
      }
      return node.value;
    },
  }),
  JSON: new GraphQLScalarType({
    name: 'JSON',
    description: 'Any JSON value.',
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: (node, variables) => literalToJson(node, variables),
  }),
};
