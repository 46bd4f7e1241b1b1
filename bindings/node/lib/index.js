'use strict';
// wasi-reactor for Node.js: WebAssembly reactors whose exports are Promises, served on libwr's
// worker threads, and WASI commands. The addon (src/wr_node.c) does the C side; this file
// turns options into its plain shapes and builds the classes.
const path = require('node:path');
const fs = require('node:fs');

// The addon: $WR_NODE_ADDON, else next to this package (an installed copy), else the build
// folder of the checkout this package sits in.
function loadAddon() {
  const candidates = [
    process.env.WR_NODE_ADDON,
    path.join(__dirname, '..', 'wasi_reactor.node'),
    path.join(__dirname, '..', '..', '..', 'build', 'wasi_reactor.node'),
  ].filter(Boolean);
  for (const file of candidates) {
    if (fs.existsSync(file)) return require(file);
  }
  throw new Error(`wasi-reactor: the addon is not built (looked for ${candidates.join(', ')}); ` +
    'run make in the checkout, or set WR_NODE_ADDON to the built wasi_reactor.node');
}
const native = loadAddon();

// Every failure: status is one of "trap", "exit", "exception" (an uncaught wasm exception),
// "cancelled", "deadline", "hook",
// "guest_error", "codec", "closed", "instance", "nomem", "busy" (a call), or "malformed", "invalid",
// "link", "limit", "io", "arg" (loading and submitting). trap is the trap's reason, exitCode
// the guest's proc_exit code, code a hook's or a tagged export's error code, frames the wasm
// backtrace, innermost first ({ index, name, offset }).
class WasiReactorError extends Error {
  constructor(message) {
    super(message);
    this.name = 'WasiReactorError';
  }
}
native.setErrorClass(WasiReactorError);

const CODEC_AREAS = { fixed: 0, malloc: 1, cabi_realloc: 2 };

// Every byte source as a Uint8Array, the one shape the addon takes.
function bytesOf(value, what) {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`${what} must be a string, an ArrayBuffer or a typed array`);
}

// A timestamp (Date, milliseconds as a number, or nanoseconds as a BigInt) in nanoseconds.
function nanoseconds(t) {
  if (t === undefined || t === null) return BigInt(Date.now()) * 1000000n;
  if (typeof t === 'bigint') return t;
  if (t instanceof Date) return BigInt(t.getTime()) * 1000000n;
  if (typeof t === 'number') return BigInt(Math.round(t * 1e6));
  throw new TypeError('a timestamp is a Date, a number of milliseconds or a BigInt of ns');
}

// The in-memory file system shape: { "/abs/path": { path, timestamps: { access, change,
// modification }, mode: "string" | "binary", content } }.
function filesOf(map) {
  return Object.entries(map).map(([key, file]) => {
    const where = file.path ?? key;
    if (!where.startsWith('/')) throw new TypeError(`fs: "${where}" is not an absolute path`);
    const content = file.mode === 'binary' ? bytesOf(file.content, `fs["${where}"].content`)
      : Buffer.from(String(file.content ?? ''), 'utf8');
    const ts = file.timestamps ?? {};
    return [where, content, nanoseconds(ts.access), nanoseconds(ts.modification)];
  });
}

// stdout/stderr: a function(chunk), a stream-like object with write(chunk), or nothing (the
// process's own fd).
function sinkOf(value, what) {
  if (value === undefined || value === null || value === 'inherit') return undefined;
  if (typeof value === 'function') return value;
  if (typeof value.write === 'function') return (chunk) => value.write(chunk);
  throw new TypeError(`${what} must be a function or have a write(chunk) method`);
}

function nativeOptions(source, o) {
  const out = {};
  if (typeof source === 'string') out.path = source;
  else out.bytes = bytesOf(source, 'the module');
  if (o.args) out.args = o.args.map(String);
  if (o.env) out.env = Object.entries(o.env).map(([k, v]) => [k, String(v)]);
  if (o.preopens) {
    out.preopens = Array.isArray(o.preopens)
      ? o.preopens.map((p) => [p.host, p.guest, !!p.readOnly])
      : Object.entries(o.preopens).map(([guest, host]) => [host, guest, false]);
  }
  if (o.fs) out.files = filesOf(o.fs);
  out.stdout = sinkOf(o.stdout, 'stdout');
  out.stderr = sinkOf(o.stderr, 'stderr');
  for (const k of ['workers', 'deadlineMs', 'initDeadlineMs', 'freshAfterFailure', 'fuel',
    'maxMemoryPages', 'codecOffset', 'codecCapacity', 'queueCapacity', 'storeHook',
    'loadHook', 'cleanupHook']) {
    if (o[k] !== undefined) out[k] = o[k];
  }
  if (o.codec !== undefined) {
    if (!Object.hasOwn(CODEC_AREAS, o.codec)) throw new TypeError('codec is "fixed", "malloc" or "cabi_realloc"');
    out.codecArea = CODEC_AREAS[o.codec];
  }
  return out;
}

// A rejection made here rather than by the addon, in the same shape.
function rejectWith(status, message) {
  const e = new WasiReactorError(message);
  e.status = status;
  e.code = 0;
  e.frames = [];
  return Promise.reject(e);
}

const noExport = (name) => rejectWith('arg', `no exported function named ${JSON.stringify(name)}`);

// Submit through fn (native.call or native.callTagged) the call of the export at index;
// with a signal, an abort cancels it.
function submit(fn, handle, index, values, opts) {
  try {
    if (!opts) return fn(handle, index, values, undefined, false);
    const { deadlineMs, signal } = opts;
    if (!signal) return fn(handle, index, values, deadlineMs, false);
    if (signal.aborted) {
      return rejectWith('cancelled', `aborted before the call started: ${signal.reason ?? ''}`);
    }
    const [promise, token] = fn(handle, index, values, deadlineMs, true);
    const onAbort = () => native.cancel(token);
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    promise.then(done, done);
    return promise;
  } catch (e) {
    return Promise.reject(e);
  }
}

class Reactor {
  #handle;
  #closing;
  #index = new Map(); // export name -> the addon's index

  constructor(info) {
    this.#handle = info.handle;
    this.workers = info.workers;
    // One async function per exported function, typed from the module: numbers for
    // i32/f32/f64, BigInt for i64 (a number is accepted too).
    this.exports = Object.create(null);
    this.exportTypes = Object.create(null);
    info.exports.forEach((e, i) => {
      this.#index.set(e.name, i);
      this.exportTypes[e.name] = { params: e.params, results: e.results };
      this.exports[e.name] = (...args) => submit(native.call, this.#handle, i, args);
    });
    Object.freeze(this.exports);
  }

  // Load and compile the module (a path or its bytes) and start its workers, off the main
  // thread. Options: workers, args, env ({ NAME: value }), preopens ({ guest: host } or
  // [{ host, guest, readOnly }]), fs (the in-memory shape), stdout, stderr, stdin (bytes or
  // a string, one stream shared by the workers), deadlineMs (per call by default),
  // initDeadlineMs, freshAfterFailure, codec ("fixed" | "malloc" | "cabi_realloc"),
  // codecOffset, codecCapacity, queueCapacity (calls that may wait; one more is refused
  // "busy"), storeHook, loadHook, cleanupHook, fuel, maxMemoryPages.
  static async start(source, options = {}) {
    const o = nativeOptions(source, options);
    if (options.stdin !== undefined) o.stdin = bytesOf(options.stdin, 'stdin');
    return new Reactor(await native.startReactor(o));
  }

  // Call an export with plain values. opts: { deadlineMs, signal }.
  call(name, args = [], opts) {
    const i = this.#index.get(name);
    return i === undefined ? noExport(name) : submit(native.call, this.#handle, i, args, opts);
  }

  // Call an export through the tagged codec: values are { i32 }, { u32 }, strings, Int32Array
  // and Uint32Array; the results come back in the same kinds (numbers for i32 and u32).
  callTagged(name, values = [], opts) {
    const i = this.#index.get(name);
    return i === undefined ? noExport(name)
      : submit(native.callTagged, this.#handle, i, values, opts);
  }

  // Stop: running calls end "closed", the workers are joined off the main thread.
  close() {
    this.#closing ??= native.close(this.#handle);
    return this.#closing;
  }
}

async function feedStdin(handle, stdin) {
  if (stdin === undefined || stdin === null) return native.commandControl(handle, 'close');
  if (typeof stdin === 'string' || ArrayBuffer.isView(stdin) || stdin instanceof ArrayBuffer) {
    native.commandControl(handle, bytesOf(stdin, 'stdin'));
  } else {
    for await (const chunk of stdin) native.commandControl(handle, bytesOf(chunk, 'a stdin chunk'));
  }
  native.commandControl(handle, 'close');
}

// Run a WASI command (its _start) on its own thread; resolves to its exit code. Options as for
// Reactor.start (args, env, preopens, fs, stdout, stderr) plus stdin (a string, bytes, or an
// async iterable of chunks such as a Readable) and signal (an AbortSignal that kills it).
// The returned promise also has kill().
function runCommand(source, options = {}) {
  let handle;
  let killed = false;
  const promise = (async () => {
    const [h, started, exited] = native.commandStart(nativeOptions(source, options));
    handle = h;
    exited.catch(() => {}); // a failed start rejects both; started is the one awaited first
    if (killed) native.commandControl(h, 'kill');
    const { signal } = options;
    const onAbort = () => native.commandControl(h, 'kill');
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await started;
      if (signal?.aborted) native.commandControl(h, 'kill');
      feedStdin(h, options.stdin).catch(() => native.commandControl(h, 'kill'));
      return await exited;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  })();
  promise.kill = () => {
    killed = true;
    if (handle) native.commandControl(handle, 'kill');
  };
  return promise;
}

module.exports = { Reactor, runCommand, WasiReactorError };
