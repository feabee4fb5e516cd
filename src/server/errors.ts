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
  if (graphqlError && (!original || original instanceof GraphQLError)) return graphqlError;
  return new GraphQLError('Unexpected error.', {
    ...(graphqlError?.nodes ? { nodes: graphqlError.nodes } : {}),
    ...(graphqlError?.path ? { path: graphqlError.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
