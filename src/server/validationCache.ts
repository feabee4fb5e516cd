import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Remembers each parsed document's validation result, as yoga's own cache does, without the key yoga works out on
 * every request: the names of all validation rules (graphql-js's and graphql-armor's, about thirty) joined into a
 * string, which cost about 3% of a request. Here the rules need no key: an instance's plugins add the same rules to
 * every request (graphql-js's specified rules and the armor limits of its config), so the schema and the document
 * decide the result. yoga's parser cache (the same DocumentNode for the same query text) makes the document a
 * lasting key; createYoga gets `parserAndValidationCache: { validationCache: false }` so validation is cached once.
 *
 * Put it where yoga puts its cache, after the other plugins: the result stored is the one those plugins' validation
 * hooks (Apollo's error codes) made, and a cached one goes through them again, as with yoga's cache.
 */
export function validationCachePlugin(): Plugin {
  const bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly Error[]>>();
  return {
    onValidate({ params: { schema, documentAST }, setResult }) {
      // No schema, no cache (as yoga's).
      if (schema == null) return undefined;
      let byDocument = bySchema.get(schema);
      if (!byDocument) {
        byDocument = new WeakMap();
        bySchema.set(schema, byDocument);
      }
      const cached = byDocument.get(documentAST);
      if (cached) {
        setResult(cached);
        return undefined;
      }
      const store = byDocument;
      return ({ result }) => {
        if (result != null) store.set(documentAST, result);
      };
    },
  };
}
