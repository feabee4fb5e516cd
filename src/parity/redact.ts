/**
 * Redaction for cassettes: every credential and secret is replaced before anything is written to disk.
 *
 * Each distinct secret gets a numbered label (`[redacted:3]`), the same wherever it appears in the session, so that
 * a replay can still follow it: the token `createToken` answered and the `authorization` of the requests that used
 * it carry the same label, and `houston-mock verify` sends houston-mock's own token in its place. A label is a
 * counter, never derived from the secret (no hash), so nothing about the secret can be recovered from a cassette.
 *
 * What counts as a secret: `authorization` values (header or websocket payload), any string under a key naming a
 * credential (password, token, apiKey, secret, sshKey, …), the `value` of an object under such a key (`token {
 * value }`) or of an environment variable marked `isSecret`, and the same in string literals of a query. Once
 * known, a secret is also replaced wherever else it occurs, inside any string (an error message echoing it, say).
 */
import { Kind, parse, print, visit, type ObjectValueNode, type ValueNode } from 'graphql';

/** Key names whose string values are credentials. */
const SECRET_KEYS = /password|token|apikey|secret|credential|sshkey|knownhosts|authorization|cookie/i;
/** Shorter strings are not searched for elsewhere: too likely to occur by chance (and not real secrets). */
const MIN_SCRUB_LENGTH = 6;
const LABEL = /^\[redacted:\d+\]$/;

export function isRedactionLabel(value: string): boolean {
  return LABEL.test(value);
}

export interface Redactor {
  /** The label of a secret (a new one the first time it is seen). */
  label(secret: string): string;
  /** An `authorization` value with its credential labelled, keeping a `Bearer ` prefix. */
  authorization(value: string | null | undefined): string | null;
  /**
   * A JSON value (a whole exchange, variables, an answer, a websocket message) with its secrets labelled: a `query`
   * string is treated as a GraphQL document. Secrets are gathered from the whole value before any string is
   * scrubbed, so one found in an answer is also replaced where the request echoed it.
   */
  json<T>(value: T): T;
  /** A query text with secret string literals labelled (and known secrets replaced anywhere in it). */
  query(text: string): string;
}

function isSecretKey(key: string): boolean {
  return SECRET_KEYS.test(key);
}

function hasSecretFlag(node: ObjectValueNode): boolean {
  return node.fields.some((field) => field.name.value === 'isSecret' && field.value.kind === Kind.BOOLEAN && field.value.value);
}

export function createRedactor(): Redactor {
  const labels = new Map<string, string>();

  const label = (secret: string): string => {
    if (isRedactionLabel(secret)) return secret;
    let found = labels.get(secret);
    if (!found) {
      found = `[redacted:${labels.size + 1}]`;
      labels.set(secret, found);
    }
    return found;
  };

  /** Replaces every known secret inside a string (longest first, so one secret containing another goes whole). */
  const scrub = (text: string): string => {
    let out = text;
    const secrets = [...labels.keys()].filter((s) => s.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length);
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(labels.get(secret) ?? '');
    return out;
  };

  /** First pass: labels the secrets found by key; returns the copy with them replaced. */
  const collect = (value: unknown, secretParent: boolean): unknown => {
    if (Array.isArray(value)) return value.map((item) => collect(item, secretParent));
    if (value === null || typeof value !== 'object') return value;
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(source)) {
      const secretByKey = isSecretKey(key);
      if (typeof item === 'string' && (secretByKey || (key === 'value' && (secretParent || source.isSecret === true)))) {
        out[key] = item === '' || isRedactionLabel(item) ? item : redactAuthorizationLike(item);
      } else if (key === 'query' && typeof item === 'string') out[key] = queryLiterals(item);
      else out[key] = collect(item, secretByKey);
    }
    return out;
  };

  /** `Bearer <x>` keeps its prefix; anything else is labelled whole. */
  const redactAuthorizationLike = (value: string): string => {
    const match = /^(Bearer\s+)(.+)$/i.exec(value);
    return match ? `${match[1]}${label(match[2] ?? '')}` : label(value);
  };

  /** Second pass: known secrets replaced inside every string. */
  const scrubDeep = (value: unknown): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (Array.isArray(value)) return value.map(scrubDeep);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scrubDeep(v)]));
  };

  let literalsChanged = false;
  const secretLiteral = (value: ValueNode): ValueNode => {
    if (value.kind !== Kind.STRING || value.value === '' || isRedactionLabel(value.value)) return value;
    literalsChanged = true;
    return { ...value, value: label(value.value), block: false };
  };

  return {
    label,
    authorization(value) {
      if (value === null || value === undefined || value === '') return null;
      return redactAuthorizationLike(value);
    },
    json<T>(value: T): T {
      return scrubDeep(collect(value, false)) as T;
    },
    query(text) {
      return scrub(queryLiterals(text));
    },
  };

  /** A query text with the string literals given to credential-named arguments and fields labelled. */
  function queryLiterals(text: string): string {
    let printed: string;
    literalsChanged = false;
    try {
      const document = visit(parse(text), {
        Argument: (node) => (isSecretKey(node.name.value) ? { ...node, value: secretLiteral(node.value) } : undefined),
        ObjectValue: (node) => {
          const secret = hasSecretFlag(node);
          return {
            ...node,
            fields: node.fields.map((field) =>
              isSecretKey(field.name.value) || (secret && field.name.value === 'value') ? { ...field, value: secretLiteral(field.value) } : field,
            ),
          };
        },
      });
      // Printed again only when a literal was replaced: otherwise the query stays exactly as the client wrote it.
      printed = literalsChanged ? print(document) : text;
    } catch {
      // A query that does not parse is kept as sent (it is part of the exchange), with every quoted string after a
      // credential-named key replaced: the parser cannot say which literals are secrets.
      printed = text.replace(/(\w*(?:password|token|apikey|secret|credential|sshkey|knownhosts)\w*\s*:\s*)"((?:[^"\\]|\\.)*)"/gi, (_, key: string, secret: string) => `${key}"${label(secret)}"`);
    }
    return printed;
  }
}
