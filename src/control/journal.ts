import type { EntityRef } from '../auth/permissions.js';

/** Who made a request, as the journal shows it (never the token itself). */
export type JournalCaller =
  | { kind: 'anonymous'; reason: 'none' | 'expired' | 'invalid' }
  | { kind: 'user'; userId: string; email: string | null }
  | { kind: 'serviceAccount'; serviceAccountId: string; label: string | null };

export interface JournalDecision {
  /** The permissions the operation asked for: holding any one of them is enough. */
  anyOf: readonly string[];
  entity?: EntityRef;
  allowed: boolean;
}

/** One served GraphQL operation. */
export interface JournalEntry {
  /** 1, 2, 3… in the order requests finished; never reused, even after `clear()`. */
  seq: number;
  /** The platform clock's time when the request arrived (RFC 3339). */
  at: string;
  /** The operation's name from the document (the Astro CLI names its operations but sends no `operationName`). */
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription' | null;
  /** Root fields selected, as schema coordinates: `Query.workspaces`, `Mutation.createDeployment`. */
  rootFields: string[];
  /** The variables sent, with passwords, tokens and secret values replaced by `"[redacted]"`. */
  variables: Record<string, unknown> | null;
  caller: JournalCaller | null;
  /** Every permission check the resolvers made, in order. */
  decisions: JournalDecision[];
  /** `allowed` when every check passed, `denied` when one failed, `none` when nothing was checked. */
  permission: 'allowed' | 'denied' | 'none';
  errors: { message: string; code: string | null }[];
  /** Coordinates answered with generated data by the opt-in auto-mock mode. */
  automocked: string[];
  /** The id of the injected fault that answered this request, if one did. */
  fault: string | null;
  /** Wall-clock time spent serving the request (not the platform clock). */
  durationMs: number;
}

export interface JournalFilter {
  operationName?: string;
  /** A root field name (`createDeployment`) or coordinate (`Mutation.createDeployment`). */
  field?: string;
  /** Only entries with errors (true) or without (false). */
  errors?: boolean;
  /** Only the last `limit` matching entries. */
  limit?: number;
}

export interface Journal {
  /** The recorded requests, oldest first. */
  entries(filter?: JournalFilter): JournalEntry[];
  /** The most recent entry, if any. */
  last(): JournalEntry | undefined;
  clear(): void;
  readonly limit: number;
  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry;
}

const REDACTED = '[redacted]';
/**
 * The string value of any key naming a credential (`password`, `inviteToken`, `httpsToken`, `apiKey`, `sshKey`, …)
 * is redacted; flags such as `isSecret` are not credentials and stay.
 */
const SECRET_KEYS = /password|token|apikey|secret|credential|sshkey|knownhosts/i;

/** Copies variables with secrets replaced, so a journal can be printed or shared: passwords, tokens, secret env values. */
export function redactVariables(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactVariables);
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    if (SECRET_KEYS.test(key) && typeof item === 'string') out[key] = REDACTED;
    else if (key === 'value' && source.isSecret === true) out[key] = REDACTED;
    else out[key] = redactVariables(item);
  }
  return out;
}

function matches(entry: JournalEntry, filter: JournalFilter): boolean {
  if (filter.operationName !== undefined && entry.operationName !== filter.operationName) return false;
  if (filter.field !== undefined) {
    const field = filter.field;
    if (!entry.rootFields.some((c) => c === field || c.endsWith(`.${field}`))) return false;
  }
  if (filter.errors !== undefined && filter.errors !== entry.errors.length > 0) return false;
  return true;
}

/** A bounded request journal: once `limit` entries are held, each new one drops the oldest. */
export function createJournal(limit: number): Journal {
  /**
   * The entries, of which only the last `limit` count: the array is let grow to twice the limit and then cut back in
   * one go, so that recording costs the same whatever the limit (dropping the oldest one by one moved the whole
   * array on every request once the journal was full).
   */
  let items: JournalEntry[] = [];
  let seq = 0;
  return {
    limit,
    entries(filter = {}) {
      const found: JournalEntry[] = [];
      for (let i = Math.max(0, items.length - limit); i < items.length; i++) {
        const entry = items[i] as JournalEntry;
        if (matches(entry, filter)) found.push(entry);
      }
      return filter.limit !== undefined ? found.slice(Math.max(0, found.length - filter.limit)) : found;
    },
    last() {
      return items[items.length - 1];
    },
    clear() {
      items = [];
    },
    record(entry) {
      const full: JournalEntry = { seq: ++seq, ...entry };
      if (limit <= 0) return full;
      items.push(full);
      if (items.length >= 2 * limit) items = items.slice(items.length - limit);
      return full;
    },
  };
}
