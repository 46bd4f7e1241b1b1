'use strict';
// An HTTP server whose handlers call a pool of wasm plugin instances. A slow call
// (/slow?ms=2000) occupies one worker; /add keeps answering at once from the others, and the
// server's own event loop never waits for a guest. Each call has a deadline, and a request
// whose client goes away cancels its call.
//
//   node examples/node-http/server.js            serve on 127.0.0.1:8080
//   node examples/node-http/server.js --check    start on a free port, show a fast request
//                                                answering during a slow one, stop
const http = require('node:http');
const path = require('node:path');
const { Reactor } = require('../../bindings/node');

const PLUGIN = path.join(__dirname, '..', '..', 'bindings', 'guest', 'plugin.wasm');

function handler(pool) {
  return async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const q = (name) => Number(url.searchParams.get(name) ?? 0);
    const gone = new AbortController();
    req.on('close', () => { if (!res.writableFinished) gone.abort(); });
    const opts = { deadlineMs: 5000, signal: gone.signal };
    try {
      let answer;
      if (url.pathname === '/add') answer = await pool.call('add', [q('a'), q('b')], opts);
      else if (url.pathname === '/slow') answer = await pool.call('sleep_ms', [q('ms')], opts);
      else if (url.pathname === '/shout') {
        // The tagged codec: echo upper-cases its string (and transforms its other values).
        const text = url.searchParams.get('text') ?? '';
        [, , answer] = await pool.callTagged('echo', [{ i32: 0 }, { u32: 0 }, text,
          new Int32Array(0), new Uint32Array(0)], opts);
      } else {
        res.writeHead(404).end('try /add?a=1&b=2, /slow?ms=2000 or /shout?text=hi\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ answer }) + '\n');
    } catch (e) {
      res.writeHead(e.status === 'deadline' ? 504 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: e.message, status: e.status }) + '\n');
    }
  };
}

async function get(port, pathAndQuery) {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${pathAndQuery}`);
  const body = await res.json();
  return { ms: performance.now() - t0, body };
}

async function main() {
  const pool = await Reactor.start(PLUGIN, { workers: 2 });
  const server = http.createServer(handler(pool));
  const check = process.argv.includes('--check');
  await new Promise((ok) => server.listen(check ? 0 : 8080, '127.0.0.1', ok));
  const { port } = server.address();
  if (!check) {
    console.log(`listening on http://127.0.0.1:${port} (a pool of ${pool.workers} instances)`);
    return;
  }
  const slow = get(port, '/slow?ms=1500');
  await new Promise((ok) => setTimeout(ok, 100));
  const fast = [];
  for (let i = 0; i < 20; i++) fast.push(await get(port, `/add?a=${i}&b=1`));
  const shout = await get(port, '/shout?text=wasm');
  const s = await slow;
  const worst = Math.max(...fast.map((f) => f.ms));
  console.log(`slow call: ${JSON.stringify(s.body)} after ${s.ms.toFixed(0)} ms`);
  console.log(`20 /add requests during it, the slowest in ${worst.toFixed(1)} ms; ` +
    `/shout: ${JSON.stringify(shout.body)}`);
  // Served beside the slow call, no /add waits for it to end (about 1,400 ms); the bound
  // leaves room for a loaded machine.
  const ok = s.body.answer === 1500 && fast.every((f, i) => f.body.answer === i + 1) &&
    worst < 1000 && shout.body.answer === 'WASM';
  server.close();
  await pool.close();
  console.log(ok ? 'check passed' : 'check FAILED');
  process.exitCode = ok ? 0 : 1;
}
main();
