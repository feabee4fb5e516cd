import { GraphQLError } from 'graphql';
import { HoustonError } from '../core/errors.js';

/**
 * Turns whatever a resolver threw into what Houston (Apollo Server) sends: Houston's errors keep their message and
 * `extensions.code`; anything unexpected is masked, never leaking a stack trace.
 */
export function maskError(error: unknown): GraphQLError {
  const graphqlError = error instanceof GraphQLError ? error : undefined;
  const original = graphqlError ? graphqlError.originalError : error;
  if (original instanceof HoustonError) {
    return new GraphQLError(original.message, {
      ...(graphqlError?.nodes ? { nodes: graphqlError.nodes } : {}),
      ...(graphqlError?.path ? { path: graphqlError.path } : {}),
      // Apollo Server 2 gives every error a code: INTERNAL_SERVER_ERROR when the error brought none.
      extensions: { code: original.code ?? 'INTERNAL_SERVER_ERROR' },
    });
  }
  if (graphqlError && (!original || original instanceof GraphQLError)) {
    if (graphqlError.extensions.code !== undefined) return graphqlError;
    // graphql-js's own errors (variable coercion, …) carry no code; Apollo Server 2 gives them INTERNAL_SERVER_ERROR.
    return new GraphQLError(graphqlError.message, {
      nodes: graphqlError.nodes ?? null,
      source: graphqlError.source ?? null,
      positions: graphqlError.positions ?? null,
      path: graphqlError.path ?? null,
      originalError: graphqlError.originalError ?? null,
      extensions: { ...graphqlError.extensions, code: 'INTERNAL_SERVER_ERROR' },
    });
  }
  return new GraphQLError('Unexpected error.', {
    ...(graphqlError?.nodes ? { nodes: graphqlError.nodes } : {}),
    ...(graphqlError?.path ? { path: graphqlError.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/**
 * An error as a client receives it outside yoga's HTTP answers (websocket frames): masked, without yoga's `http`
 * extension, which only tells the HTTP layer which status to answer with.
 */
export function clientErrorJSON(error: unknown): ReturnType<GraphQLError['toJSON']> {
  const json = maskError(error).toJSON();
  if (json.extensions && 'http' in json.extensions) {
    const { http: _http, ...extensions } = json.extensions;
    return { ...json, extensions };
  }
  return json;
}
