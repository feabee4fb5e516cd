/**
 * Release names and namespaces. Houston names each deployment's Helm release `adjective-noun-NNNN` (for example
 * `mathematical-probe-2087`) and installs it in the namespace `<platform namespace>-<release name>`. The word lists
 * below are our own, in the same spirit (astronomy and science); the draw comes from the platform's seeded
 * generator, so the same seed and requests give the same names.
 */
import { errors } from '../../core/errors.js';
import { pick, randomInt, type RngHolder } from '../../core/random.js';

/** The namespace the platform itself is installed in (Helm's `helm.releaseNamespace`); deployments' prefix. */
export const PLATFORM_NAMESPACE = 'astronomer';

/** Kubernetes' limit on a namespace name, which the release name must fit in after the prefix. */
const MAX_NAMESPACE_LENGTH = 63;

const ADJECTIVES = [
  'ancient', 'angular', 'astral', 'atomic', 'barycentric', 'binary', 'boreal', 'brilliant', 'celestial', 'cometary',
  'cosmic', 'crystalline', 'dark', 'distant', 'eccentric', 'eclipsing', 'electric', 'elliptical', 'equatorial',
  'galactic', 'geodetic', 'gravitational', 'helical', 'heliocentric', 'hyperbolic', 'icy', 'infrared', 'interstellar',
  'ionized', 'kinetic', 'lunar', 'luminous', 'magnetic', 'mathematical', 'meteoric', 'molecular', 'nebular',
  'neutral', 'nuclear', 'orbital', 'parabolic', 'parallactic', 'photometric', 'planetary', 'polar', 'primordial',
  'pulsating', 'quantum', 'quasaric', 'radiant', 'retrograde', 'rotating', 'sidereal', 'solar', 'spectral',
  'spherical', 'spiral', 'stellar', 'supersonic', 'synodic', 'terrestrial', 'tidal', 'transiting', 'ultraviolet',
  'uncharted', 'zenithal',
] as const;

const NOUNS = [
  'aphelion', 'asteroid', 'aurora', 'axis', 'belt', 'cluster', 'comet', 'constellation', 'corona', 'cosmos', 'crater',
  'declination', 'dwarf', 'eclipse', 'equinox', 'exoplanet', 'flare', 'galaxy', 'gravity', 'halo', 'horizon',
  'magnetar', 'meridian', 'meteor', 'moon', 'nadir', 'nebula', 'neutrino', 'nova', 'observatory', 'orbit', 'parsec',
  'perihelion', 'photon', 'planet', 'planetoid', 'probe', 'pulsar', 'quasar', 'radiation', 'satellite', 'singularity',
  'solstice', 'spectrum', 'star', 'sun', 'supernova', 'telescope', 'transit', 'umbra', 'universe', 'void', 'zenith',
] as const;

/** One candidate release name: adjective, noun and four digits. */
export function generateReleaseName(holder: RngHolder): string {
  const digits = String(randomInt(holder, 0, 9999)).padStart(4, '0');
  return `${pick(holder, ADJECTIVES)}-${pick(holder, NOUNS)}-${digits}`;
}

/** The namespace a release is installed in. */
export function namespaceFor(releaseName: string): string {
  return `${PLATFORM_NAMESPACE}-${releaseName}`;
}

/**
 * Checks a release name chosen by the user (`manualReleaseNames`), with Houston's rule and texts: letters, digits
 * and dashes, not only digits, no dash at either end, and short enough for the namespace it gives.
 */
export function validateReleaseName(releaseName: string): string {
  if (!/^(?![0-9]+$)(?!.*-$)(?!-)[a-zA-Z0-9-]{1,63}$/.test(releaseName)) throw errors.invalidReleaseName();
  const namespace = namespaceFor(releaseName);
  if (namespace.length > MAX_NAMESPACE_LENGTH) throw errors.releaseNameTooLong(namespace, MAX_NAMESPACE_LENGTH);
  return releaseName;
}

/** Checks a namespace name typed in freely (`namespaceFreeFormEntry`): a Kubernetes DNS label. */
export function validateNamespaceName(namespace: string): string {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    throw errors.badInput(
      `Invalid namespace ${namespace}: use at most 63 lower-case letters, digits and dashes, starting and ending with a letter or digit`,
    );
  }
  return namespace;
}
