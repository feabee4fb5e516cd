/**
 * Bundles the `houston-mock` command (src/cli/main.ts) into dist/bin/, run by `npm run build` after tsc.
 *
 * Why: most of the dev server's cold start went to Node finding, reading and compiling the few hundred modules of the
 * server and its dependencies one by one (resolution, file reads, one compilation per module). The bundle is a
 * handful of files. dist/cli.js (src/cli.ts) is a small loader that requires it; the library entries (dist/index.js,
 * houston-mock/testing, houston-mock/vitest) stay tsc's unbundled output, so users import exactly one graphql, theirs.
 *
 * The CLI's dependencies are bundled with it: a separate Node process, so the copy of graphql inside the bundle never
 * meets a user's. Kept out (loaded from node_modules when needed): faker, which src/core/faker.ts loads with
 * `require` only to seed a platform, and yaml, loaded only to read a --config file.
 *
 * The chunks sit in dist/bin/, two levels below the package root like every tsc output file, so the paths the code
 * finds files by (`../../package.json`, `../../schema/houston.graphql`) hold in the bundle too; the data files read
 * beside the code (roles.json) are copied there by scripts/copy-data.mjs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { parseAst } from 'rolldown/parseAst';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/bin/', import.meta.url));

/**
 * The same ES build where code names a file inside graphql (graphql-armor's `graphql/language/parser`, our
 * `graphql/jsutils/suggestionList.js`), which would otherwise resolve to the CommonJS file: two copies of graphql's
 * classes in one program break its `instanceof` checks (a syntax error of one copy is not a GraphQLError to the other).
 */
const graphqlEsModules = {
  name: 'graphql-es-modules',
  resolveId(source) {
    const match = /^graphql\/(.+?)(?:\.js)?$/.exec(source);
    if (!match) return null;
    const file = join(root, 'node_modules', 'graphql', `${match[1]}.mjs`);
    return existsSync(file) ? file : null;
  },
};

rmSync(outDir, { recursive: true, force: true });
const result = await build({
  cwd: root,
  input: 'src/cli/main.ts',
  platform: 'node',
  // Loaded at run time from node_modules, see above.
  external: ['@faker-js/faker', /^@faker-js\/faker\//, 'yaml'],
  resolve: {
    // graphql's ES module build (its package.json `module`) rather than its CommonJS one: no require() wrappers to
    // run at start, and what the server does not use is left out.
    mainFields: ['module', 'main'],
  },
  plugins: [graphqlEsModules],
  logLevel: 'warn',
  output: {
    dir: outDir,
    // CommonJS: on Node.js before 22.1, src/cli/codeCache.ts gives these files V8's code cache, which Node offers for
    // CommonJS modules only (vm.Script) there.
    format: 'cjs',
    entryFileNames: 'houston-mock.cjs',
    // Flat in dist/bin/ (see above). The dynamic imports (the server, each subcommand, the IDE page, jose, ws) stay
    // chunks of their own, so `--help` and `--version` load only the small entry chunk.
    chunkFileNames: '[name]-[hash].cjs',
    comments: { legal: true },
  },
});
// One graphql only (see graphqlEsModules above): a module of its CommonJS build beside its ES build fails the build.
const graphqlBuilds = new Set(
  result.output.flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : [])).flatMap((id) => /node_modules\/graphql\/.*\.(m?js)$/.exec(id)?.[1] ?? []),
);
if (graphqlBuilds.size > 1) {
  const cjs = result.output.flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : [])).filter((id) => /node_modules\/graphql\/.*\.js$/.test(id));
  throw new Error(`bundle-cli: the bundle holds both graphql builds (.js and .mjs): ${cjs.join(', ')}; see graphqlEsModules`);
}
// src/cli/codeCache.ts compiles the chunks as scripts (vm.Script), where an `import()` fails: the chunks must load
// everything with require(), as rolldown writes the imports it bundles. An `import()` left in (of a package kept
// outside the bundle, say) fails the build; load such a package with require (createRequire) instead.
for (const chunk of result.output) {
  if (chunk.type !== 'chunk') continue;
  let found = false;
  const visit = (node) => {
    if (found || node === null || typeof node !== 'object') return;
    if (node.type === 'ImportExpression') found = true;
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && typeof value.type === 'string') visit(value);
    }
  };
  visit(parseAst(chunk.code, { sourceType: 'script' }, chunk.fileName));
  if (found) throw new Error(`bundle-cli: ${chunk.fileName} has an import() expression; see src/cli/codeCache.ts`);
}
const files = result.output.filter((chunk) => chunk.type === 'chunk').sort((a, b) => a.fileName.localeCompare(b.fileName));
// What identifies this build's code for the seeded-platform cache (src/cli/platformCache.ts) and the code cache
// (src/cli/codeCache.ts): what another build cached is not used, whatever changed in between.
const id = createHash('sha256');
for (const chunk of files) id.update(`${chunk.fileName}\0${chunk.code}\0`);
writeFileSync(join(outDir, 'build-id.json'), `${JSON.stringify({ sha256: id.digest('hex') })}\n`);
// The bundled packages' licences travel with their code (most ask for their notice in every copy).
const packages = new Map();
for (const chunk of files) {
  for (const moduleId of chunk.moduleIds) {
    const match = /^(.*\/node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(moduleId.replaceAll('\\', '/'));
    if (match && !packages.has(match[2])) packages.set(match[2], match[1]);
  }
}
const notices = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
  const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `(no licence file; package.json says ${JSON.stringify(license)})`;
  return `${name}@${version} (${typeof license === 'string' ? license : 'see below'})\n\n${text}\n`;
});
writeFileSync(
  join(outDir, 'THIRD-PARTY-LICENSES.txt'),
  `The files in this directory bundle houston-mock's own code with the following packages.\n\n${notices.join(`\n${'-'.repeat(80)}\n\n`)}`,
);
process.stderr.write(`bundle-cli: ${files.length} chunks in dist/bin/ (${Math.round(files.reduce((n, c) => n + c.code.length, 0) / 1024)} kB)\n`);
