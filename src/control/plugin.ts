import { getOperationAST, GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { performance } from 'node:perf_hooks';
import type { Store } from '../store/state.js';
import { now } from '../store/state.js';
import type { HoustonContext } from '../resolvers/context.js';
import type { Caller } from '../auth/permissions.js';
import { maskError } from '../server/errors.js';
import type { Faults } from './faults.js';
import { redactVariables, type Journal, type JournalCaller, type JournalEntry } from './journal.js';

/** What one HTTP request has told us so far; a batched request runs several operations. */
interface RequestRecord {
  startedAt: number;
  at: string;
  executed: boolean;
  params: { query?: string; operationName?: string | null; variables?: Record<string, unknown> | null } | undefined;
}

const ROOT_TYPE = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

function rootFieldsOf(operation: OperationDefinitionNode | null | undefined, document: DocumentNode): string[] {
  if (!operation) return [];
  const type = ROOT_TYPE[operation.operation];
  const out = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) out.add(`${type}.${selection.name.value}`);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else {
        const name = selection.name.value;
        const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return [...out];
}

function journalCaller(store: Store, caller: Caller): JournalCaller {
  if (caller.kind === 'anonymous') return { kind: 'anonymous', reason: caller.reason };
  if (caller.kind === 'user') {
    const user = store.data.users[caller.userId];
    return { kind: 'user', userId: caller.userId, email: user?.emails.find((e) => e.primary)?.address ?? user?.emails[0]?.address ?? null };
  }
  const account = store.data.serviceAccounts[caller.serviceAccountId];
  return { kind: 'serviceAccount', serviceAccountId: caller.serviceAccountId, label: account?.label ?? null };
}

/** The errors as the client receives them (masked the same way), not as the resolvers threw them. */
function errorsOf(result: unknown): JournalEntry['errors'] {
  const list = (result as { errors?: readonly unknown[] } | null)?.errors ?? [];
  return list.map((raw) => {
    const e = maskError(raw);
    return { message: e.message, code: typeof e.extensions.code === 'string' ? e.extensions.code : null };
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A GraphQL error for an injected fault; with an HTTP status when the fault asks for one. */
function faultError(message: string, code: string, httpStatus: number | null): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...(httpStatus !== null ? { http: { status: httpStatus, spec: false } } : {}) },
  });
}

/**
 * Records every operation in the journal and applies injected faults. Sits in the GraphQL pipeline (not in front
 * of it) so that it sees what Houston would: the parsed operation, the resolved caller, the permission checks.
 */
export function journalAndFaultsPlugin(store: Store, journal: Journal, faults: Faults): Plugin<HoustonContext> {
  const requests = new WeakMap<Request, RequestRecord>();
  const recordFor = (request: Request): RequestRecord => {
    let record = requests.get(request);
    if (!record) {
      record = { startedAt: performance.now(), at: now(store), executed: false, params: undefined };
      requests.set(request, record);
    }
    return record;
  };

  const onOperation = async (
    args: { document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null; contextValue: HoustonContext & { request?: Request } },
    stop: (result: { data: null; errors: GraphQLError[] }) => void,
  ) => {
    const request = args.contextValue.request;
    const record = request ? recordFor(request) : undefined;
    if (record) record.executed = true;
    const operation = getOperationAST(args.document, args.operationName);
    const rootFields = rootFieldsOf(operation, args.document);
    const base = {
      at: record?.at ?? now(store),
      operationName: operation?.name?.value ?? null,
      operationType: operation?.operation ?? null,
      rootFields,
      variables: (redactVariables(args.variableValues ?? null) as Record<string, unknown> | null) ?? null,
    };
    const startedAt = record?.startedAt ?? performance.now();
    const finish = (result: unknown, fault: string | null) => {
      const notes = args.contextValue.notes;
      const denied = notes.decisions.some((d) => !d.allowed);
      journal.record({
        ...base,
        caller: journalCaller(store, args.contextValue.caller),
        decisions: notes.decisions.map((d) => ({ ...d })),
        permission: notes.decisions.length === 0 ? 'none' : denied ? 'denied' : 'allowed',
        errors: errorsOf(result),
        automocked: [...notes.automocked],
        fault,
        durationMs: performance.now() - startedAt,
      });
    };

    const fault = faults.size > 0 ? faults.take(base.operationName, rootFields) : undefined;
    if (fault) {
      if (fault.latencyMs > 0) await delay(fault.latencyMs);
      if (fault.error || fault.httpStatus !== null) {
        const message = fault.error?.message ?? `houston-mock: injected fault (HTTP ${fault.httpStatus})`;
        const result = { data: null, errors: [faultError(message, fault.error?.code ?? 'INJECTED_FAULT', fault.httpStatus)] };
        stop(result);
        finish(result, fault.id);
        return undefined;
      }
    }
    return (result: unknown) => finish(result, fault?.id ?? null);
  };

  return {
    onRequest({ request }) {
      recordFor(request);
    },
    onParams({ params, request }) {
      recordFor(request).params = params as RequestRecord['params'];
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const done = await onOperation(args as Parameters<typeof onOperation>[0], (result) => setResultAndStopExecution(result));
      if (!done) return;
      return {
        onExecuteDone: ({ result, setResult }) => {
          done(result);
          // Generated answers are marked where the client sees them, so nobody mistakes them for emulated behaviour.
          const automocked = (args.contextValue as HoustonContext).notes.automocked;
          if (automocked.length > 0 && !(Symbol.asyncIterator in Object(result))) {
            const single = result as { extensions?: Record<string, unknown> };
            setResult({ ...(result as object), extensions: { ...single.extensions, houstonMock: { automocked: [...automocked] } } } as typeof result);
          }
        },
      };
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const done = await onOperation(args as Parameters<typeof onOperation>[0], (result) => setResultAndStopExecution(result));
      if (!done) return;
      // A subscription is journaled once, when it starts (or fails to).
      return { onSubscribeResult: ({ result }) => done(Symbol.asyncIterator in Object(result) ? null : result) };
    },
    onResultProcess({ request, result }) {
      // Requests refused before execution (parse or validation errors, limits) still belong in the journal.
      const record = requests.get(request);
      if (!record || record.executed) return;
      record.executed = true;
      journal.record({
        at: record.at,
        operationName: record.params?.operationName ?? null,
        operationType: null,
        rootFields: [],
        variables: (redactVariables(record.params?.variables ?? null) as Record<string, unknown> | null) ?? null,
        caller: null,
        decisions: [],
        permission: 'none',
        errors: Array.isArray(result) ? result.flatMap(errorsOf) : errorsOf(result),
        automocked: [],
        fault: null,
        durationMs: performance.now() - record.startedAt,
      });
    },
  };
}
