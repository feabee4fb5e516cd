import { getOperationAST, GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { performance } from 'node:perf_hooks';
import type { Store } from '../store/state.js';
import { isoAt } from '../core/clock.js';
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

type ExecuteHookResult = Exclude<Awaited<ReturnType<NonNullable<Plugin<HoustonContext>['onExecute']>>>, void>;
type SubscribeHookResult = Exclude<Awaited<ReturnType<NonNullable<Plugin<HoustonContext>['onSubscribe']>>>, void>;

/** What the journal, the faults and the change announcements need to know of one operation of a document. */
export interface OperationInfo {
  operationType: 'query' | 'mutation' | 'subscription' | null;
  /** The operation's name in the document (not the request's `operationName`, which Houston's clients often omit). */
  operationName: string | null;
  /** Root fields selected, as schema coordinates; shared by every request of the document, so copy before handing out. */
  rootFields: readonly string[];
}

/**
 * Per parsed document, then per requested operation name: yoga's parser cache hands the same DocumentNode to every
 * request with the same query text, so this is worked out once per query rather than once per request.
 */
const operationInfos = new WeakMap<DocumentNode, Map<string | null, OperationInfo>>();

/** The operation a request runs (as graphql-js picks it) and its root fields, worked out once per document. */
export function operationInfo(document: DocumentNode, operationName: string | null | undefined): OperationInfo {
  const key = operationName ?? null;
  let byName = operationInfos.get(document);
  const known = byName?.get(key);
  if (known) return known;
  const operation = getOperationAST(document, operationName);
  const info: OperationInfo = {
    operationType: operation?.operation ?? null,
    operationName: operation?.name?.value ?? null,
    rootFields: rootFieldsOf(operation, document),
  };
  // Only names the document defines are kept (a name it lacks fails the request anyway): however many names clients
  // make up, a document holds at most one entry per operation, plus the one for no name.
  if (!operation) return info;
  if (!byName) {
    byName = new Map();
    operationInfos.set(document, byName);
  }
  byName.set(key, info);
  return info;
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
  // The arrival time as text, made again only when the clock has moved: requests arriving within the same
  // millisecond (or on a frozen clock) share it.
  let lastMs = Number.NaN;
  let lastAt = '';
  const arrivedAt = (): string => {
    const ms = store.clock.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastAt = isoAt(ms);
    }
    return lastAt;
  };
  const recordFor = (request: Request): RequestRecord => {
    let record = requests.get(request);
    if (!record) {
      record = { startedAt: performance.now(), at: arrivedAt(), executed: false, params: undefined };
      requests.set(request, record);
    }
    return record;
  };

  /** What to call with the operation's result; undefined when an injected fault already answered it. */
  type Done = ((result: unknown) => void) | undefined;

  /**
   * Synchronous unless an injected fault asks for latency: a promise here would make every request's execution
   * wait a turn of the event loop for nothing.
   */
  const onOperation = (
    args: { document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null; contextValue: HoustonContext & { request?: Request } },
    stop: (result: { data: null; errors: GraphQLError[] }) => void,
  ): Done | Promise<Done> => {
    const request = args.contextValue.request;
    const record = request ? recordFor(request) : undefined;
    if (record) record.executed = true;
    const info = operationInfo(args.document, args.operationName);
    const at = record?.at ?? arrivedAt();
    const variables = (redactVariables(args.variableValues ?? null) as Record<string, unknown> | null) ?? null;
    const startedAt = record?.startedAt ?? performance.now();
    const finish = (result: unknown, fault: string | null) => {
      const notes = args.contextValue.notes;
      const denied = notes.decisions.some((d) => !d.allowed);
      // Spelled out rather than spread from a common part: with the spread, this function took four times as long.
      journal.record({
        at,
        operationName: info.operationName,
        operationType: info.operationType,
        // A copy: the document's list is shared by all its requests, and an entry is the caller's to keep.
        rootFields: [...info.rootFields],
        variables,
        caller: journalCaller(store, args.contextValue.caller),
        decisions: notes.decisions.map((d) => ({ ...d })),
        permission: notes.decisions.length === 0 ? 'none' : denied ? 'denied' : 'allowed',
        errors: errorsOf(result),
        automocked: [...notes.automocked],
        fault,
        durationMs: performance.now() - startedAt,
      });
    };

    const fault = faults.size > 0 ? faults.take(info.operationName, info.rootFields) : undefined;
    if (!fault) return (result: unknown) => finish(result, null);
    const apply = (): Done => {
      if (fault.error || fault.httpStatus !== null) {
        const message = fault.error?.message ?? `houston-mock: injected fault (HTTP ${fault.httpStatus})`;
        const result = { data: null, errors: [faultError(message, fault.error?.code ?? 'INJECTED_FAULT', fault.httpStatus)] };
        stop(result);
        finish(result, fault.id);
        return undefined;
      }
      return (result: unknown) => finish(result, fault.id);
    };
    return fault.latencyMs > 0 ? delay(fault.latencyMs).then(apply) : apply();
  };

  /** Runs `then` on the outcome of onOperation, at once when it is not waiting for an injected latency. */
  const after = <T>(outcome: Done | Promise<Done>, then: (done: Done) => T): T | Promise<T> =>
    outcome instanceof Promise ? outcome.then(then) : then(outcome);

  return {
    onRequest({ request }) {
      recordFor(request);
    },
    onParams({ params, request }) {
      recordFor(request).params = params as RequestRecord['params'];
    },
    onExecute({ args, setResultAndStopExecution }) {
      const outcome = onOperation(args as Parameters<typeof onOperation>[0], (result) => setResultAndStopExecution(result));
      return after(outcome, (done): ExecuteHookResult | undefined => {
        if (!done) return undefined;
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
      });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const outcome = onOperation(args as Parameters<typeof onOperation>[0], (result) => setResultAndStopExecution(result));
      return after(outcome, (done): SubscribeHookResult | undefined => {
        if (!done) return undefined;
        // A subscription is journaled once, when it starts (or fails to).
        return { onSubscribeResult: ({ result }) => done(Symbol.asyncIterator in Object(result) ? null : result) };
      });
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
