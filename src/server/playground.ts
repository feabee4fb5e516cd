import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

let rendered: string | undefined;

/**
 * The GraphQL IDE at `GET /v1`, as on Houston. graphql-yoga's default page loads GraphiQL from a CDN and is blank
 * offline; this one has every script and style inlined, so it works with no internet. It is rendered once
 * (about 9 MB) and reused.
 */
export function playgroundPage(options: GraphiQLOptions): string {
  rendered ??= renderGraphiQL(options);
  return rendered;
}
