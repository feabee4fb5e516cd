import type { GraphiQLOptions } from 'graphql-yoga';

let rendered: Promise<string> | undefined;

/**
 * The GraphQL IDE at `GET /v1`, as on Houston. graphql-yoga's default page loads GraphiQL from a CDN and is blank
 * offline; this one has every script and style inlined, so it works with no internet. The inlined bundle is
 * loaded on the first page view (an instance inside a test suite never pays its memory), rendered once (about
 * 9 MB) and reused.
 */
export function playgroundPage(options: GraphiQLOptions): Promise<string> {
  rendered ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => renderGraphiQL(options));
  return rendered;
}
