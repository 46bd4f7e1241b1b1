'use strict';
// Round trip and pipelined calls/s from JavaScript: a reactor call (add) next to the same
// add done by a worker_threads Worker answering postMessage. Run: node bench/bench.js
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { Reactor } = require('..');

const ROUNDS = 20000;
const BATCH = 10000;
const BATCHES = 20;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function measure(label, once) {
  for (let i = 0; i < 2000; i++) await once(i); // warm up
  const times = new Float64Array(ROUNDS);
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    await once(i);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  times.sort();
  let t0 = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) {
    const calls = new Array(BATCH);
    for (let i = 0; i < BATCH; i++) calls[i] = once(i);
    await Promise.all(calls);
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = Math.round((BATCH * BATCHES) / secs);
  console.log(`${label.padEnd(34)} round trip p50 ${percentile(times, 0.5).toFixed(1)} us, ` +
    `p99 ${percentile(times, 0.99).toFixed(1)} us; pipelined ${rate.toLocaleString('en')} calls/s`);
}

async function main() {
  const r = await Reactor.start(path.join(__dirname, '..', '..', 'guest', 'plugin.wasm'));
  await measure('wasi-reactor r.exports.add', (i) => r.exports.add(i, 1));
  await r.close();

  const w = new Worker(`const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, v: m.a + m.b }));`,
  { eval: true });
  const waiting = new Map();
  let next = 0;
  w.on('message', (m) => { waiting.get(m.id)(m.v); waiting.delete(m.id); });
  await measure('worker_threads postMessage', (i) => new Promise((ok) => {
    const id = next++;
    waiting.set(id, ok);
    w.postMessage({ id, a: i, b: 1 });
  }));
  await w.terminate();
}
main();
