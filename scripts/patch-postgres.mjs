#!/usr/bin/env node
/**
 * Fixes the PostgreSQL driver (postgres 3.4.x, node_modules/postgres) so the engine survives a
 * PostgreSQL restart (test/integration/postgres-restart.test.ts). Run after every install
 * (package.json `postinstall`); idempotent; fails loudly when the driver changed so the patch no
 * longer applies (then check whether the new version still needs it).
 *
 * The driver defers small writes behind `setImmediate`. When a connection closes with such a write
 * pending, its teardown cancels the timer but leaves the variable set, so the reconnected
 * connection never flushes a small write again: its queries wait forever (and an activity waiting
 * on one heartbeats forever). And a write on a connection whose socket is already gone throws from
 * the timer, out of reach of any `catch`, killing the process. Upstream: porsager/postgres issues
 * 1066, 1154, 1208 (pull requests 1168, 1176, 1209), not released in 3.4.10.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MARK = '/* bms-itglue-sync: patched (scripts/patch-postgres.mjs) */';

const replacements = [
  // A write on a closed socket fails its query (CONNECTION_CLOSED) instead of throwing from a timer.
  [
    '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    "  function nextWrite(fn) {\n    if (!socket) {\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)",
  ],
  // Teardown forgets the pending write (its queries were failed), so later writes are flushed again.
  ['    clearImmediate(nextWriteTimer)\n    if (socket) {', '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {'],
  ['    clearImmediate(nextWriteTimer)\n    socket.removeListener', '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener'],
];

const files = ['src/connection.js', 'cjs/src/connection.js'].map((f) => join(root, 'node_modules', 'postgres', f));
for (const file of files) {
  if (!existsSync(file)) continue;
  let text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) continue;
  for (const [from, to] of replacements) {
    if (!text.includes(from)) {
      console.error(`patch-postgres: ${file} does not contain the expected code; the driver changed (see scripts/patch-postgres.mjs)`);
      process.exit(1);
    }
    text = text.replace(from, to);
  }
  writeFileSync(file, `${MARK}\n${text}`);
}
