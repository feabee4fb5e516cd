import type { ServiceAccount } from '../store/entities.js';
import { writable } from '../store/rows.js';
import { now, type Store } from '../store/state.js';
import type { Caller } from './permissions.js';
import { parseCredential, type TokenSigner } from './tokens.js';

/**
 * Resolves the `authorization` header to a caller, as Houston does once per request: an expired, malformed or
 * unknown token is treated exactly like no token (the field then answers Houston's permission error).
 */
export async function resolveCaller(store: Store, tokens: TokenSigner, header: string | null | undefined): Promise<Caller> {
  const credential = parseCredential(header);
  if (credential.kind === 'none') return { kind: 'anonymous', reason: 'none' };
  if (credential.kind === 'apiKey') {
    const account = Object.values(store.data.serviceAccounts).find((sa) => sa.apiKey === credential.key && sa.active);
    if (!account) return { kind: 'anonymous', reason: 'invalid' };
    // Houston records when a key was last used; the UI and `lastUsedAt` show it.
    (writable(store, 'serviceAccounts', account.id) as ServiceAccount).lastUsedAt = now(store);
    return { kind: 'serviceAccount', serviceAccountId: account.id };
  }
  const verified = await tokens.verify(credential.token, store.clock.now());
  if (!verified.ok) return { kind: 'anonymous', reason: verified.reason };
  const user = store.data.users[verified.payload.uuid];
  if (!user || user.status !== 'active') return { kind: 'anonymous', reason: 'invalid' };
  return { kind: 'user', userId: user.id, token: { value: credential.token, payload: verified.payload } };
}
