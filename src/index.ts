export { createHoustonMock } from './server/createHoustonMock.js';
export type { HoustonMock, HoustonMockOptions } from './server/createHoustonMock.js';
export { HoustonError, errors } from './core/errors.js';
export type { ConfigInput, HoustonConfig, MockSettings } from './config/config.js';
export { readConfigFile, resolveConfig, ConfigError } from './config/config.js';
export type { PlatformData } from './store/state.js';
export type { RowOf, TableName } from './store/tables.js';
export type { Clock, ClockOption } from './core/clock.js';
export {
  SEED_ADMIN,
  SEED_DEPLOYMENT_LABEL,
  SEED_PASSWORD,
  SEED_USERS,
  SEED_WORKSPACE_LABEL,
  seededScope,
  type SeededScope,
  type SeedScope,
  type SeedUser,
} from './fixtures/seed.js';
export { readSchemaFile, schemaDocument, SchemaFileError, type SchemaSource } from './schema/schemaFile.js';
export { readCassette, parseCassette, CassetteError, type Cassette, type Exchange } from './parity/cassette.js';
export { verifyCassette, formatVerifyReport, type VerifyOptions, type VerifyReport } from './parity/verify.js';
