#!/usr/bin/env node
// The CLI ships compiled; `npm install` / `npm ci` runs `prepare`, which builds dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('tandem: the CLI is not built yet.\n  hint: run `npm install` (or `npm run build`) in the Tandem checkout.\n');
  process.exit(2);
}
await import(entry.href);
