/**
 * The git-sync credentials check (APC 2.1). The emulator contacts no repository: it answers from the rules scripted
 * through the control API or the factory (per host or URL prefix), else by the request's shape.
 */
import { assert, errors } from '../../core/errors.js';
import type { GitSyncCategory, GitSyncRule } from '../../store/simulation.js';
import type { Store } from '../../store/state.js';
import { given } from './lookups.js';

export interface GitSyncCheckArgs {
  clusterId: string;
  repositoryUrl: string;
  httpsUsername?: string | null;
  httpsToken: string;
}

export interface GitSyncCheck {
  valid: boolean;
  category: string;
  message: string;
}

/** Our texts for each category (Houston's are not public). */
function defaultMessage(category: GitSyncCategory, url: URL): string {
  const host = url.hostname.toLowerCase();
  switch (category) {
    case 'OK':
      return `The repository at ${url.href} can be cloned with these credentials`;
    case 'AUTH_FAILED':
      return `Authentication to ${host} failed with the given credentials`;
    case 'UNREACHABLE':
      return `Could not reach ${host}`;
    case 'TLS_ERROR':
      return `The TLS certificate of ${host} could not be verified`;
    case 'TIMEOUT':
      return `Timed out connecting to ${host}`;
    case 'NOT_FOUND':
      return `No repository at ${url.href}`;
    case 'INVALID_URL':
      return 'repositoryUrl must be an https:// URL of a Git repository';
  }
}

/** Whether a rule names this repository: by host (case-insensitive, any port), or by URL prefix. */
export function ruleMatches(rule: GitSyncRule, url: URL): boolean {
  const match = rule.match.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(match)) return url.href.toLowerCase().startsWith(match.toLowerCase());
  return url.hostname.toLowerCase() === match.toLowerCase();
}

/**
 * Houston's `validateGitSyncCredentials`. A URL that is not `https://host/path` is INVALID_URL; otherwise the newest
 * scripted rule matching the repository answers; with none, the answer is OK.
 */
export function validateGitSyncCredentials(store: Store, args: GitSyncCheckArgs): GitSyncCheck {
  const clusterId = given(args.clusterId);
  if (!clusterId) throw errors.missingArgument('clusterId');
  assert(store.data.clusters[clusterId], errors.notFound);
  let url: URL;
  try {
    url = new URL((args.repositoryUrl ?? '').trim());
  } catch {
    return { valid: false, category: 'INVALID_URL', message: 'repositoryUrl is not a valid URL' };
  }
  if (url.protocol !== 'https:' || !url.hostname || url.pathname.length <= 1) {
    return { valid: false, category: 'INVALID_URL', message: defaultMessage('INVALID_URL', url) };
  }
  const rule = store.simulation?.gitSyncRules.find((r) => ruleMatches(r, url));
  const category = rule?.category ?? 'OK';
  return { valid: category === 'OK', category, message: rule?.message ?? defaultMessage(category, url) };
}
