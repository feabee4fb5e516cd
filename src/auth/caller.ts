import { writableRow } from '../store/rows.js';
import { now, type Store } from '../store/state.js';
import type { Caller } from './permissions.js';
import { parseCredential, type TokenCheck, type TokenSigner } from './tokens.js';

/**
 * Resolves the `authorization` header to a caller, as Houston does once per request: an expired, malformed or
 * unknown token is treated exactly like no token (the field then answers Houston's permission error). Answers at
 * once (no promise) unless a user token's signature has yet to be checked: most requests carry a token seen before.
 */
export function resolveCaller(store: Store, tokens: TokenSigner, header: string | null | undefined): Caller | Promise<Caller> {
  const credential = parseCredential(header);
  if (credential.kind === 'none') return { kind: 'anonymous', reason: 'none' };
  if (credential.kind === 'apiKey') {
    const account = Object.values(store.data.serviceAccounts).find((sa) => sa.apiKey === credential.key && sa.active);
    if (!account) return { kind: 'anonymous', reason: 'invalid' };
    // Houston records when a key was last used; the UI and `lastUsedAt` show it.
    writableRow(store, 'serviceAccounts', account).lastUsedAt = now(store);
    return { kind: 'serviceAccount', serviceAccountId: account.id };
  }
  const atMs = store.clock.now();
  const known = tokens.verifyKnown(credential.token, atMs);
  if (known) return userCaller(store, credential.token, known);
  return tokens.verify(credential.token, atMs).then((verified) => userCaller(store, credential.token, verified));
}

/** The caller a checked user token stands for: its user, if that user still exists and is active. */
function userCaller(store: Store, token: string, verified: TokenCheck): Caller {
  if (!verified.ok) return { kind: 'anonymous', reason: verified.reason };
  const user = store.data.users[verified.payload.uuid];
  if (!user || user.status !== 'active') return { kind: 'anonymous', reason: 'invalid' };
  return { kind: 'user', userId: user.id, token: { value: token, payload: verified.payload } };
}
