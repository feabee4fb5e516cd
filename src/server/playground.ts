import type { GraphiQLOptions } from 'graphql-yoga';

const rendered = new Map<string, Promise<string>>();

/**
 * The GraphQL IDE at `GET /v1`, as on Houston. graphql-yoga's default page loads GraphiQL from a CDN and is blank
 * offline; this one has every script and style inlined, so it works with no internet. The inlined bundle is
 * loaded on the first page view (an instance inside a test suite never pays its memory), and each distinct page
 * (its tabs name the platform version) is rendered once (about 9 MB) and reused.
 */
export function playgroundPage(options: GraphiQLOptions): Promise<string> {
  const key = JSON.stringify(options);
  let page = rendered.get(key);
  if (!page) {
    page = import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => renderGraphiQL(options));
    rendered.set(key, page);
  }
  return page;
}
