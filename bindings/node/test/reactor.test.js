'use strict';
// Reactor calls from Node: values, failures, cancels, deadlines, the codec, the in-memory fs,
// hooks, a pool under 10,000 concurrent calls and the event loop during a long call.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { Reactor, WasiReactorError } = require('..');

const PLUGIN = path.join(__dirname, '..', '..', 'guest', 'plugin.wasm');

async function withReactor(options, fn) {
  const r = await Reactor.start(PLUGIN, options);
  try {
    return await fn(r);
  } finally {
    await r.close();
  }
}

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

test('results of each value type', () => withReactor({}, async (r) => {
  assert.equal(await r.exports.add(40, 2), 42);
  assert.equal(await r.exports.add(0x7fffffff, 1), -0x80000000);
  assert.equal(await r.exports.add64(2n ** 62n, 2n ** 62n - 1n), 2n ** 63n - 1n);
  assert.equal(await r.exports.add64(-5, 3), -2n);
  assert.equal(await r.exports.addf(0.1, 0.2), Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  assert.equal(await r.exports.addd(0.1, 0.2), 0.1 + 0.2);
  assert.equal(await r.exports.nothing(), undefined);
  assert.deepEqual(r.exportTypes.add64, { params: ['i64', 'i64'], results: ['i64'] });
  assert.equal(await r.call('add', [1, 2]), 3);
}));

test('a module from bytes, and load errors', async () => {
  const bytes = fs.readFileSync(PLUGIN);
  await withReactor({}, async () => {});
  const r = await Reactor.start(bytes);
  assert.equal(await r.exports.add(1, 1), 2);
  await r.close();
  const bad = await rejection(Reactor.start(Uint8Array.of(0, 0x61, 0x73, 0x6d, 9, 9)));
  assert.ok(bad instanceof WasiReactorError);
  assert.equal(bad.status, 'malformed');
  const missing = await rejection(Reactor.start('/nonexistent/x.wasm'));
  assert.equal(missing.status, 'io');
});

test('a trap rejects with its reason and backtrace', () => withReactor({}, async (r) => {
  const e = await rejection(r.exports.crash());
  assert.ok(e instanceof WasiReactorError);
  assert.equal(e.status, 'trap');
  assert.equal(e.trap, 'unreachable');
  assert.equal(e.frames[0].name, 'crash');
  const d = await rejection(r.exports.div(1, 0));
  assert.equal(d.trap, 'integer divide by zero');
  assert.match(d.message, /integer divide by zero/);
  assert.equal(await r.exports.div(7, 2), 3, 'the instance still serves calls');
}));

test('proc_exit rejects with the exit code', () => withReactor({}, async (r) => {
  const e = await rejection(r.exports.leave(7));
  assert.equal(e.status, 'exit');
  assert.equal(e.exitCode, 7);
}));

test('bad calls reject at once', () => withReactor({}, async (r) => {
  assert.equal((await rejection(r.call('missing'))).status, 'arg');
  assert.equal((await rejection(r.call('add', [1]))).status, 'arg');
  await assert.rejects(r.call('add', ['x', 1]), TypeError);
  await assert.rejects(r.callTagged('echo', [{ f64: 1 }]), TypeError);
}));

// The time from abort() to the rejection of a call of name(args) that is running by then.
async function abortDelay(r, name, args) {
  const ac = new AbortController();
  const call = r.call(name, args, { signal: ac.signal });
  await new Promise((ok) => setTimeout(ok, 30));
  const t0 = performance.now();
  ac.abort();
  const e = await rejection(call);
  assert.equal(e.status, 'cancelled');
  return performance.now() - t0;
}

test('an AbortSignal cancels a spinning call within 50 ms', () => withReactor({}, async (r) => {
  // Best of three for a spinning call and for one blocked in WASI (poll_oneoff): on a loaded
  // machine one attempt can lose its core for a while; each must still end within a second.
  for (const [name, args] of [['spin', []], ['sleep_ms', [10000]]]) {
    const ms = [];
    for (let i = 0; i < 3; i++) ms.push(await abortDelay(r, name, args));
    assert.ok(Math.max(...ms) < 1000 && Math.min(...ms) < 50, `${name}: ${ms} ms`);
  }
  const ac = new AbortController();
  ac.abort();
  assert.equal((await rejection(r.call('add', [1, 2], { signal: ac.signal }))).status, 'cancelled');
  assert.equal(await r.call('add', [1, 2], { signal: new AbortController().signal }), 3);
}));

test('a deadline stops a call', () => withReactor({}, async (r) => {
  const t0 = performance.now();
  const e = await rejection(r.call('spin', [], { deadlineMs: 100 }));
  const ms = performance.now() - t0;
  assert.equal(e.status, 'deadline');
  assert.ok(ms >= 95 && ms < 1000, `after ${ms} ms`);
  assert.equal(await r.call('sleep_ms', [10], { deadlineMs: 1000 }), 10);
}));

test('a reactor-wide default deadline', () => withReactor({ deadlineMs: 50 }, async (r) => {
  assert.equal((await rejection(r.exports.spin())).status, 'deadline');
}));

test('a full queue refuses calls as busy, and a stopped call tells where', () =>
  withReactor({ queueCapacity: 1 }, async (r) => {
    const running = rejection(r.call('spin', [], { deadlineMs: 200 }));
    await new Promise((ok) => setTimeout(ok, 20));
    const queued = r.exports.add(1, 2);
    const refused = await rejection(r.exports.add(3, 4));
    assert.equal(refused.status, 'busy');
    const stopped = await running;
    assert.equal(stopped.status, 'deadline');
    assert.equal(stopped.frames[0].name, 'spin');
    assert.equal(await queued, 3);
  }));

test('the tagged codec with all five types', () => withReactor({}, async (r) => {
  const out = await r.callTagged('echo', [{ i32: -5 }, { u32: 0xfffffffe }, 'héllo wörld',
    Int32Array.of(1, -2, 3), Uint32Array.of(7, 0x7fffffff)]);
  assert.deepEqual(out, [5, 0xffffffff, 'HéLLO WöRLD', Int32Array.of(3, -2, 1),
    Uint32Array.of(14, 0xfffffffe)]);
  const empty = await r.callTagged('echo', [{ i32: 0 }, { u32: 0 }, '', new Int32Array(0),
    new Uint32Array(0)]);
  assert.deepEqual(empty, [0, 1, '', new Int32Array(0), new Uint32Array(0)]);
  const e = await rejection(r.callTagged('echo', ['wrong']));
  assert.equal(e.status, 'guest_error');
  assert.equal(e.code, 1);
}));

test('the tagged codec through the guest allocator', () =>
  withReactor({ codec: 'malloc', codecCapacity: 4096 }, async (r) => {
    const out = await r.callTagged('echo', [{ i32: 1 }, { u32: 2 }, 'x'.repeat(300),
      Int32Array.of(9), Uint32Array.of(1)]);
    assert.equal(out[2], 'X'.repeat(300));
  }));

test('the in-memory file system shape, args and env', () => {
  const now = new Date();
  const files = {
    '/data/notes.txt': { path: '/data/notes.txt', timestamps: { access: now, change: now,
      modification: now }, mode: 'string', content: 'some notes' },
    '/data/blob.bin': { path: '/data/blob.bin', timestamps: { access: now, change: now,
      modification: now }, mode: 'binary', content: Uint8Array.of(0x41, 0x00, 0x42) },
  };
  return withReactor({ fs: files, env: { GREETING: 'hi there' }, args: ['plugin'] }, async (r) => {
    assert.deepEqual(await r.callTagged('read_file', ['/data/notes.txt']), ['some notes', 10]);
    assert.deepEqual(await r.callTagged('read_file', ['/data/blob.bin']), ['A\0B', 3]);
    assert.equal((await rejection(r.callTagged('read_file', ['/data/none']))).code, 2);
    assert.deepEqual(await r.callTagged('getenv', ['GREETING']), ['hi there']);
  });
});

test('a preopened host directory', async () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'wr-node-'));
  try {
    fs.writeFileSync(path.join(dir, 'hello.txt'), 'from the host');
    await withReactor({ preopens: { '/host': dir } }, async (r) => {
      assert.deepEqual(await r.callTagged('read_file', ['/host/hello.txt']), ['from the host', 13]);
      assert.equal((await rejection(r.callTagged('read_file', ['/host/../etc/passwd']))).code, 2);
    });
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('stdin given as bytes is one stream for the pool', () =>
  withReactor({ stdin: 'line one\nline two\n' }, async (r) => {
    assert.deepEqual(await r.callTagged('read_stdin'), ['line one\nline two\n']);
    assert.deepEqual(await r.callTagged('read_stdin'), ['']);
  }));

test('stdout and stderr reach JS callbacks', async () => {
  const out = [];
  const err = [];
  await withReactor({ stdout: (c) => out.push(Buffer.from(c)), stderr: { write: (c) => err.push(Buffer.from(c)) } },
    async (r) => {
      assert.equal(await r.exports.say(), 22);
    });
  assert.equal(Buffer.concat(out).toString(), 'hello from the plugin\n');
  assert.equal(Buffer.concat(err).toString(), 'a line on stderr\n');
});

test('store and load hooks see guest memory only for their duration', async () => {
  let kept;
  const seen = [];
  const storeHook = (ctx) => {
    kept = ctx.memory;
    seen.push(ctx.memory.byteLength, ctx.worker);
    if (ctx.args[0] === 13) return 13; // fails the call
    ctx.args[0] += 100;
    return 0;
  };
  const loadHook = (ctx) => {
    if (ctx.results.length) ctx.results[0] *= 2;
  };
  await withReactor({ storeHook, loadHook }, async (r) => {
    assert.equal(await r.exports.add(1, 2), 206);
    assert.equal(kept.byteLength, 0, 'the memory is detached after the hook');
    assert.ok(seen[0] >= 65536);
    assert.equal(seen[1], 0);
    const e = await rejection(r.exports.add(13, 0));
    assert.equal(e.status, 'hook');
    assert.equal(e.code, 13);
  });
  await withReactor({ storeHook: () => { throw new Error('no'); } }, async (r) => {
    assert.equal((await rejection(r.exports.add(1, 2))).status, 'hook');
  });
});

test('a cleanup hook runs after every call, whatever its outcome', async () => {
  const seen = [];
  await withReactor({ cleanupHook: (ctx) => { seen.push(ctx.status, ctx.memory.byteLength > 0); } },
    async (r) => {
      assert.equal(await r.exports.add(1, 2), 3);
      await rejection(r.exports.crash());
      await rejection(r.call('spin', [], { deadlineMs: 20 }));
    });
  assert.deepEqual(seen, ['ok', true, 'trap', true, 'deadline', true]);
});

test('an uncaught wasm exception rejects with status "exception"', async () => {
  const guest = path.join(__dirname, '..', '..', '..', 'tests', 'wasm3', 'guests',
    'reactor_exceptions.wasm');
  const r = await Reactor.start(guest);
  try {
    assert.equal(await r.exports.work(1), 1);
    const e = await rejection(r.exports.work(-3));
    assert.ok(e instanceof WasiReactorError);
    assert.equal(e.status, 'exception');
    assert.match(e.message, /uncaught exception/);
  } finally {
    await r.close();
  }
});

test('10,000 concurrent calls on a pool lose no completion', () =>
  withReactor({ workers: 4 }, async (r) => {
    assert.equal(r.workers, 4);
    const calls = [];
    for (let i = 0; i < 10000; i++) calls.push(r.exports.add(i, 1));
    const results = await Promise.all(calls);
    for (let i = 0; i < 10000; i++) assert.equal(results[i], i + 1);
  }));

test('the event loop keeps running during a 2 s call', () => withReactor({}, async (r) => {
  let ticks = 0;
  let last = performance.now();
  let worstGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
    ticks++;
  }, 10);
  const t0 = performance.now();
  assert.equal(await r.exports.sleep_ms(2000), 2000);
  clearInterval(timer);
  assert.ok(performance.now() - t0 >= 1990);
  // A blocked loop would tick about once and stall for the whole 2 s; the bounds leave room
  // for a loaded machine, where a 10 ms timer runs late but still runs.
  assert.ok(ticks >= 20, `only ${ticks} timer ticks in 2 s`);
  assert.ok(worstGap < 1000, `the timer stalled for ${worstGap} ms`);
}));

test('close stops running calls and refuses new ones', async () => {
  const r = await Reactor.start(PLUGIN);
  const running = rejection(r.exports.spin());
  await new Promise((ok) => setTimeout(ok, 20));
  await r.close();
  assert.equal((await running).status, 'closed');
  assert.equal((await rejection(r.exports.add(1, 2))).status, 'closed');
  assert.equal(r.close(), r.close());
});
