import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Holds back answers while a change to the platform is not settled: the CLI's `--state-sync` mode writes the state
 * file in `settle()`, so that an acknowledged change is on disk. Covers GraphQL over HTTP and over a websocket (after
 * the operation ran) and the control API (whose calls end before the GraphQL pipeline, so the check is on the way
 * out, for every answer). `changes()` counts the changes announced so far; every answer leaving while the count is
 * ahead of the last settled one waits, so concurrent requests share one write.
 */
export function settlePlugin(changes: () => number, settle: () => Promise<void>): Plugin {
  let settled = changes();
  const settleIfChanged = async () => {
    const count = changes();
    if (count === settled) return;
    await settle();
    // settle() wrote at least what the count covered when it was called.
    if (count > settled) settled = count;
  };
  return {
    onExecute({ args }) {
      // Over HTTP the answer is held in onResponse; a websocket operation has no HTTP answer, so it waits here.
      if ((args.contextValue as { request?: Request } | null)?.request) return undefined;
      return {
        async onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          try {
            await settleIfChanged();
          } catch (error) {
            setResult({ ...result, errors: [...(result.errors ?? []), notSaved(error)] });
          }
        },
      };
    },
    onResponse({ setResponse, fetchAPI }) {
      // Most answers follow no change: they leave at once rather than after a promise.
      if (changes() === settled) return undefined;
      return settleIfChanged().catch((error: unknown) => {
        const body = JSON.stringify({ errors: [notSaved(error).toJSON()] });
        setResponse(new fetchAPI.Response(body, { status: 500, headers: { 'content-type': 'application/json; charset=utf-8' } }));
      });
    },
  };
}

function notSaved(error: unknown): GraphQLError {
  const reason = String((error as Error | null)?.message ?? error).split('\n')[0];
  return new GraphQLError(`The change was made but not saved: ${reason}`, { extensions: { code: 'STATE_NOT_SAVED' } });
}
