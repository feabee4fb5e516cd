import { GraphQLError } from 'graphql';

/**
 * A JSON text's nesting, measured before it is parsed. JSON.parse itself copes with deep nesting, but what reads the
 * value afterwards (variable coercion, the journal's redaction, structuredClone, JSON.stringify) recurses and would
 * overflow the stack on a body of 100,000 nested arrays, a few hundred kilobytes well inside the body limit. One
 * linear pass over the text, skipping strings, tells a client mistake (400) from a server crash.
 */
export function jsonTooDeep(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

export function jsonDepthError(maxDepth: number): GraphQLError {
  return new GraphQLError(
    `Request body nested too deeply: JSON deeper than ${maxDepth} levels. Raise houstonMock.limits.maxJsonDepth to allow it.`,
    { extensions: { code: 'BAD_REQUEST', http: { status: 400, spec: false } } },
  );
}
