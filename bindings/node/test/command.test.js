'use strict';
// WASI commands from Node: stdin in, stdout out, the exit code, killing.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { Readable } = require('node:stream');
const { runCommand, WasiReactorError } = require('..');

const GUEST = path.join(__dirname, '..', '..', '..', 'tests', 'reactor', 'guest');

test('a command with stdin: cat copies it and exits with the byte count', async () => {
  const out = [];
  const code = await runCommand(path.join(GUEST, 'cat.wasm'), {
    stdin: 'hello, command\n', stdout: (c) => out.push(Buffer.from(c)) });
  assert.equal(Buffer.concat(out).toString(), 'hello, command\n');
  assert.equal(code, 15);
});

test('stdin from a stream, written while the command runs', async () => {
  const out = [];
  const chunks = ['one ', 'two ', 'three'];
  const code = await runCommand(path.join(GUEST, 'cat.wasm'), {
    stdin: Readable.from(chunks), stdout: { write: (c) => out.push(Buffer.from(c)) } });
  assert.equal(Buffer.concat(out).toString(), 'one two three');
  assert.equal(code, 13);
});

test('no stdin is end of file at once', async () => {
  assert.equal(await runCommand(path.join(GUEST, 'cat.wasm')), 0);
});

test('a command that never ends is killed by a signal or kill()', async () => {
  const ac = new AbortController();
  const running = runCommand(path.join(GUEST, 'spin_cmd.wasm'), { signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  const t0 = performance.now();
  await assert.rejects(running, (e) => e instanceof WasiReactorError && e.status === 'cancelled');
  assert.ok(performance.now() - t0 < 1000);
  const other = runCommand(path.join(GUEST, 'spin_cmd.wasm'));
  setTimeout(() => other.kill(), 20);
  await assert.rejects(other, (e) => e.status === 'cancelled');
});

test('a missing module rejects', async () => {
  await assert.rejects(runCommand('/nonexistent.wasm'), (e) => e.status === 'io');
});
