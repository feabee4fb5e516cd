import { expect, test } from './index.js';

// Options for every test of this file, the way a user configures the file's instance.
test.override({ houstonOptions: { platformVersion: '2.1.0', seed: 7 } });

test('test.override sets the options of the file instance', async ({ houston }) => {
  expect(houston.mock.platformVersion).toBe('2.1.0');
  expect(houston.mock.settings.seed).toBe(7);
  const admin = await houston.admin();
  const { appConfig } = await admin.request<{ appConfig: { version: string } }>('{ appConfig { version } }');
  expect(appConfig.version).toBe('2.1.0');
});
