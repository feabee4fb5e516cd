/**
 * The git-sync credentials check (APC 2.1).
 */
import { assert, errors } from '../../core/errors.js';
import type { Store } from '../../store/state.js';
import { given } from './lookups.js';

export interface GitSyncCheckArgs {
  clusterId: string;
  repositoryUrl: string;
  httpsUsername?: string | null;
  httpsToken: string;
}

/**
 * Houston's `validateGitSyncCredentials`, answered without a network from the shape of the request (a documented
 * houston-mock convention): a URL that is not `https://host/…` is INVALID_URL; a host beginning with `unreachable`,
 * `timeout` or `tls-error` gives UNREACHABLE, TIMEOUT or TLS_ERROR; an empty token, or one beginning with
 * `invalid`, is AUTH_FAILED; anything else is OK.
 */
export function validateGitSyncCredentials(store: Store, args: GitSyncCheckArgs): { valid: boolean; category: string; message: string } {
  const clusterId = given(args.clusterId);
  if (!clusterId) throw errors.missingArgument('clusterId');
  assert(store.data.clusters[clusterId], errors.notFound);
  const fail = (category: string, message: string) => ({ valid: false, category, message });
  let url: URL;
  try {
    url = new URL((args.repositoryUrl ?? '').trim());
  } catch {
    return fail('INVALID_URL', 'repositoryUrl is not a valid URL');
  }
  if (url.protocol !== 'https:' || !url.hostname || url.pathname.length <= 1) {
    return fail('INVALID_URL', 'repositoryUrl must be an https:// URL of a Git repository');
  }
  const host = url.hostname.toLowerCase();
  if (host.startsWith('unreachable')) return fail('UNREACHABLE', `Could not reach ${host}`);
  if (host.startsWith('timeout')) return fail('TIMEOUT', `Timed out connecting to ${host}`);
  if (host.startsWith('tls-error')) return fail('TLS_ERROR', `The TLS certificate of ${host} could not be verified`);
  const token = args.httpsToken ?? '';
  if (token.trim() === '' || token.startsWith('invalid')) {
    return fail('AUTH_FAILED', `Authentication to ${host} failed with the given credentials`);
  }
  return { valid: true, category: 'OK', message: `The repository at ${url.href} can be cloned with these credentials` };
}
