/**
 * Loads `schema/houston.graphql` and produces the schema of one platform version.
 *
 * The SDL marks versioned elements with `@since(version:)` / `@until(version:)`; an element is present on platform V
 * iff `since <= V < until`. For a version we drop every absent element, strip both directives (definitions and
 * usages), then prune the types nothing reaches any more. The result contains only standard GraphQL.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userCacheDir, writeWhole } from '../core/userCache.js';
import { join } from 'node:path';
import { pruneSchema } from '@graphql-tools/utils';
import {
  Kind,
  assertValidSchema,
  buildASTSchema,
  parse,
  printSchema,
  version as graphqlVersion,
  visit,
  type ConstDirectiveNode,
  type DirectiveDefinitionNode,
  type DocumentNode,
  type EnumValueDefinitionNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type InputValueDefinitionNode,
} from 'graphql';
import { compareVersions, isPresentAt, isValidVersion, normalizeVersion } from './versions.js';

/** The two versioning directives of the SDL. */
const VERSION_DIRECTIVES = new Set(['since', 'until']);

/** Version bounds of one element of the SDL. */
export interface VersionBounds {
  since?: string;
  until?: string;
}

/** A versioned element: `Type`, `Type.field`, `Type.field(arg:)`, `Input.field` or `Enum.VALUE`, with its bounds. */
export interface VersionedElement extends VersionBounds {
  coordinate: string;
}

/** Location of the SDL file: from both `src/schema/*.ts` and `dist/schema/*.js`, two levels below the package root. */
const SDL_URL = new URL('../../schema/houston.graphql', import.meta.url);

let sdlCache: string | undefined;
let documentCache: DocumentNode | undefined;
const typeDefsCache = new Map<string, DocumentNode>();
const schemaCache = new Map<string, GraphQLSchema>();

/** The raw text of `schema/houston.graphql`, versioning directives included. */
export function readHoustonSdl(): string {
  sdlCache ??= readFileSync(SDL_URL, 'utf8');
  return sdlCache;
}

/** The parsed SDL, every version included. */
function houstonDocument(): DocumentNode {
  if (!documentCache) {
    const document = parse(readHoustonSdl());
    checkVersionDirectives(document);
    documentCache = document;
  }
  return documentCache;
}

function boundsOf(directives: readonly ConstDirectiveNode[] | undefined, where: string): VersionBounds {
  const bounds: VersionBounds = {};
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== 'since' && name !== 'until') continue;
    const argument = directive.arguments?.find((a) => a.name.value === 'version');
    if (!argument || argument.value.kind !== Kind.STRING) {
      throw new Error(`houston.graphql: @${name} on ${where} needs a string "version" argument`);
    }
    const version = argument.value.value;
    if (!isValidVersion(version)) throw new Error(`houston.graphql: @${name} on ${where} has an invalid version "${version}"`);
    if (bounds[name] !== undefined) throw new Error(`houston.graphql: @${name} given twice on ${where}`);
    bounds[name] = normalizeVersion(version);
  }
  return bounds;
}

interface NamedNodeWithDirectives {
  name: { value: string };
  directives?: readonly ConstDirectiveNode[] | undefined;
}

interface ContainerNode extends NamedNodeWithDirectives {
  fields?: readonly (FieldDefinitionNode | InputValueDefinitionNode)[] | undefined;
  values?: readonly EnumValueDefinitionNode[] | undefined;
}

function isContainerNode(node: unknown): node is ContainerNode {
  if (typeof node !== 'object' || node === null || !('kind' in node)) return false;
  switch ((node as { kind: string }).kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_EXTENSION:
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_EXTENSION:
    case Kind.SCALAR_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_EXTENSION:
    case Kind.UNION_TYPE_DEFINITION:
    case Kind.UNION_TYPE_EXTENSION:
      return true;
    default:
      return false;
  }
}

/** Every versioned element of the document, in document order. */
function collectVersionedElements(document: DocumentNode): VersionedElement[] {
  const out: VersionedElement[] = [];
  const add = (coordinate: string, bounds: VersionBounds) => {
    if (bounds.since !== undefined || bounds.until !== undefined) out.push({ coordinate, ...bounds });
  };
  for (const definition of document.definitions) {
    if (!isContainerNode(definition)) continue;
    const typeName = definition.name.value;
    add(typeName, boundsOf(definition.directives, typeName));
    for (const field of definition.fields ?? []) {
      const coordinate = `${typeName}.${field.name.value}`;
      add(coordinate, boundsOf(field.directives, coordinate));
      if (field.kind === Kind.FIELD_DEFINITION) {
        for (const argument of field.arguments ?? []) {
          const argCoordinate = `${coordinate}(${argument.name.value}:)`;
          add(argCoordinate, boundsOf(argument.directives, argCoordinate));
        }
      }
    }
    for (const value of definition.values ?? []) {
      const coordinate = `${typeName}.${value.name.value}`;
      add(coordinate, boundsOf(value.directives, coordinate));
    }
  }
  return out;
}

/** Rejects malformed or contradictory version directives when the file is first loaded. */
function checkVersionDirectives(document: DocumentNode): void {
  for (const element of collectVersionedElements(document)) {
    if (element.since !== undefined && element.until !== undefined && compareVersions(element.since, element.until) >= 0) {
      throw new Error(`houston.graphql: ${element.coordinate} has @since(${element.since}) not before @until(${element.until})`);
    }
  }
}

/** Drops what is absent at `version` and every trace of the versioning directives. */
function filterDocument(document: DocumentNode, version: string): DocumentNode {
  const keep = (node: NamedNodeWithDirectives): boolean => {
    const bounds = boundsOf(node.directives, node.name.value);
    return isPresentAt(version, bounds.since, bounds.until);
  };
  const versioned = (node: NamedNodeWithDirectives): null | undefined => (keep(node) ? undefined : null);
  return visit(document, {
    DirectiveDefinition: (node: DirectiveDefinitionNode) => (VERSION_DIRECTIVES.has(node.name.value) ? null : undefined),
    Directive: (node) => (VERSION_DIRECTIVES.has(node.name.value) ? null : undefined),
    ObjectTypeDefinition: versioned,
    ObjectTypeExtension: versioned,
    InterfaceTypeDefinition: versioned,
    InterfaceTypeExtension: versioned,
    InputObjectTypeDefinition: versioned,
    InputObjectTypeExtension: versioned,
    EnumTypeDefinition: versioned,
    EnumTypeExtension: versioned,
    ScalarTypeDefinition: versioned,
    ScalarTypeExtension: versioned,
    UnionTypeDefinition: versioned,
    UnionTypeExtension: versioned,
    FieldDefinition: versioned,
    InputValueDefinition: versioned,
    EnumValueDefinition: versioned,
  });
}

/**
 * The SDL of platform `version` as a document: absent elements removed, `@since`/`@until` gone, unreachable types
 * pruned. Ready for `makeExecutableSchema({ typeDefs })`. Cached per version.
 */
export function houstonTypeDefsFor(version: string): DocumentNode {
  const key = normalizeVersion(version);
  const cached = typeDefsCache.get(key);
  if (cached) return cached;
  const typeDefs = onDisk(key, () => printSchema(pruneSchema(buildASTSchema(filterDocument(houstonDocument(), key)))));
  typeDefsCache.set(key, typeDefs);
  return typeDefs;
}

/**
 * A version's SDL is worked out from the whole file (filtered, built, pruned, printed: most of a start's schema
 * work), and kept in the user's cache directory, named by a hash of everything it depends on (the SDL file, the
 * version, graphql's version), so that the next process only parses it. Best effort: where the directory cannot
 * be written (a read-only home in a container), every start works it out again.
 */
function onDisk(version: string, compute: () => string): DocumentNode {
  const hash = createHash('sha256').update(`${readHoustonSdl()}\0${version}\0${graphqlVersion}`).digest('hex').slice(0, 32);
  const file = join(userCacheDir(), `schema-${hash}.graphql`);
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch {
    // Not cached yet, unreadable or not GraphQL: worked out below (and written again).
  }
  const sdl = compute();
  try {
    writeWhole(file, sdl);
  } catch {
    // No writable cache directory: nothing kept.
  }
  return parse(sdl);
}

/** The schema (no resolvers) of platform `version`, validated. Cached per version. */
export function houstonSchemaFor(version: string): GraphQLSchema {
  const key = normalizeVersion(version);
  const cached = schemaCache.get(key);
  if (cached) return cached;
  const schema = buildASTSchema(houstonTypeDefsFor(key));
  assertValidSchema(schema);
  schemaCache.set(key, schema);
  return schema;
}

/** Every element of the SDL that carries `@since` or `@until`, in file order. */
export function versionInfo(): VersionedElement[] {
  return collectVersionedElements(houstonDocument()).map((element) => ({ ...element }));
}
