// Writes docs/COVERAGE.md from the compiled code (run through `npm run coverage:doc`, which builds first).
import { writeFileSync } from 'node:fs';
import { renderCoverage } from '../dist/docs/coverage.js';

const target = new URL('../docs/COVERAGE.md', import.meta.url);
writeFileSync(target, renderCoverage());
console.log(`wrote ${target.pathname}`);
