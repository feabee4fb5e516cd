/**
 * The DAG deployment mechanism of a deployment: image, NFS volume, git-sync or DAG-only deploys.
 */
import { errors } from '../../core/errors.js';
import type { DagDeploymentSettings, Deployment } from '../../store/entities.js';
import { deploymentErrors } from './errors.js';
import type { DeploymentFlags } from './flags.js';
import { given } from './lookups.js';

export interface DagDeploymentInput {
  type?: string | null;
  nfsLocation?: string | null;
  repositoryUrl?: string | null;
  branchName?: string | null;
  syncInterval?: number | null;
  syncTimeout?: number | null;
  ephemeralStorage?: number | null;
  dagDirectoryLocation?: string | null;
  rev?: string | null;
  sshKey?: string | null;
  knownHosts?: string | null;
  authType?: string | null;
  httpsUsername?: string | null;
  httpsToken?: string | null;
  gitSyncRepoFetchMode?: string | null;
}

const DAG_TYPES = ['image', 'volume', 'git_sync', 'dag_deploy'] as const;

export function emptyDagDeployment(type: string): DagDeploymentSettings {
  return {
    type,
    nfsLocation: null,
    repositoryUrl: null,
    branchName: null,
    syncInterval: null,
    syncTimeout: null,
    ephemeralStorage: null,
    dagDirectoryLocation: null,
    rev: null,
    sshKey: null,
    knownHosts: null,
    authType: null,
    httpsUsername: null,
    httpsToken: null,
    gitSyncRepoFetchMode: null,
  };
}

/** Which switch (and its config key) a mechanism needs, when one is off. */
function missingDagSwitch(flags: DeploymentFlags, type: string): string | undefined {
  if (type === 'volume') {
    if (!flags.configureDagDeployment) return 'configureDagDeployment';
    if (!flags.nfsMountDagDeployment) return 'nfsMountDagDeployment';
  }
  if (type === 'git_sync') {
    if (!flags.configureDagDeployment) return 'configureDagDeployment';
    if (!flags.gitSyncDagDeployment) return 'gitSyncDagDeployment';
  }
  if (type === 'dag_deploy' && !flags.dagOnlyDeployment) return 'dagOnlyDeployment';
  return undefined;
}

/**
 * The stored DAG deployment settings after a create or update. No input (or no `type`) keeps the current mechanism
 * (`image` for a new deployment); fields sent as `""` count as not sent; fields of another mechanism are cleared.
 */
export function nextDagDeployment(
  flags: DeploymentFlags,
  input: DagDeploymentInput | null | undefined,
  current: DagDeploymentSettings | undefined,
): DagDeploymentSettings {
  const type = given(input?.type) ?? current?.type ?? 'image';
  if (!(DAG_TYPES as readonly string[]).includes(type)) throw deploymentErrors.invalidDagDeploymentType(type);
  const switchOff = type !== current?.type ? missingDagSwitch(flags, type) : undefined;
  if (switchOff) throw errors.featureDisabled(`The ${type} DAG deployment mechanism`, switchOff);
  const keep = current?.type === type ? current : undefined;
  const text = (key: keyof DagDeploymentInput & keyof DagDeploymentSettings): string | null => {
    const value = input?.[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    const kept = keep?.[key];
    return typeof kept === 'string' ? kept : null;
  };
  const int = (key: 'syncInterval' | 'syncTimeout' | 'ephemeralStorage', fallback: number): number => {
    const value = input?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    return keep?.[key] ?? fallback;
  };
  const out = emptyDagDeployment(type);
  if (type === 'volume') {
    out.nfsLocation = text('nfsLocation');
    if (!out.nfsLocation) throw errors.missingArgument('nfsLocation');
  }
  if (type === 'git_sync') {
    out.repositoryUrl = text('repositoryUrl');
    if (!out.repositoryUrl) throw errors.missingArgument('repositoryUrl');
    out.branchName = text('branchName') ?? 'main';
    out.syncInterval = int('syncInterval', 1);
    out.syncTimeout = int('syncTimeout', 120);
    out.ephemeralStorage = int('ephemeralStorage', 2);
    out.dagDirectoryLocation = text('dagDirectoryLocation') ?? '';
    out.rev = text('rev');
    out.sshKey = text('sshKey');
    out.knownHosts = text('knownHosts');
    out.authType = text('authType') ?? (out.repositoryUrl.startsWith('https://') ? 'HTTPS_NONE' : null);
    out.httpsUsername = text('httpsUsername');
    out.httpsToken = text('httpsToken');
    out.gitSyncRepoFetchMode = text('gitSyncRepoFetchMode') ?? 'poll';
  }
  return out;
}

/**
 * `Deployment.dagDeployment`: the stored settings without the secrets. `sshKey` is selectable (Astronomer's
 * upsertDeployment examples ask for it) but always null: a secret is never sent back. The HTTPS token is not in the
 * type at all. The Git-over-HTTPS fields (APC 2.1) are null where they do not apply, and for deployments stored
 * before they existed.
 */
export function dagDeploymentView(d: Deployment) {
  const { sshKey: _sshKey, httpsToken: _httpsToken, ...visible } = d.dagDeployment;
  return {
    ...visible,
    sshKey: null,
    authType: visible.authType ?? null,
    httpsUsername: visible.httpsUsername ?? null,
    gitSyncRepoFetchMode: visible.gitSyncRepoFetchMode ?? null,
  };
}
