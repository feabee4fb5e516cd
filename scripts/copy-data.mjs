/**
 * Puts the data files the code reads at run time beside the code that reads them, run by `npm run build` after tsc
 * and the CLI's bundle (scripts/bundle-cli.mjs).
 *
 * src/config/roles.yaml (Houston's default role map) is read by src/config/config.ts from its own directory: as
 * roles.json, parsed without loading a YAML parser, next to dist/config/config.js (the library) and in dist/bin/ (the
 * CLI's bundle, where that code now lives). The YAML itself is copied to dist/config/ too, as the readable original.
 * test/package/build.test.ts checks that every copy still says what its source says.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const at = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));

const roles = YAML.parse(readFileSync(at('src/config/roles.yaml'), 'utf8'));
const json = `${JSON.stringify(roles)}\n`;
for (const target of ['dist/config/roles.json', 'dist/bin/roles.json']) {
  mkdirSync(dirname(at(target)), { recursive: true });
  writeFileSync(at(target), json);
}
cpSync(at('src/config/roles.yaml'), at('dist/config/roles.yaml'));
