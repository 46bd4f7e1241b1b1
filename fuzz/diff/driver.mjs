// Replays the calls wr-diff recorded, in node's WebAssembly engine, and compares outcomes.
// Usage: node driver.mjs cases.txt   (the modules sit next to cases.txt)
import fs from 'node:fs';
import path from 'node:path';

const casesPath = process.argv[2];
const dir = path.dirname(casesPath);
const view = new DataView(new ArrayBuffer(8));

function parseValue(text) {
  const [type, v] = text.split(':');
  switch (type) {
    case 'i32': return Number.parseInt(v, 10);
    case 'i64': return BigInt(v);
    case 'f32': view.setUint32(0, Number.parseInt(v, 16)); return view.getFloat32(0);
    case 'f64': view.setBigUint64(0, BigInt('0x' + v)); return view.getFloat64(0);
  }
  throw new Error(`bad value ${text}`);
}

// The result in wr-diff's notation, given the type wr reported.
function formatValue(type, v) {
  switch (type) {
    case 'i32': return `i32:${v | 0}`;
    case 'i64': return `i64:${BigInt.asIntN(64, v)}`;
    case 'f32':
      if (Number.isNaN(v)) return 'f32:nan';
      view.setFloat32(0, v);
      return `f32:${view.getUint32(0).toString(16).padStart(8, '0')}`;
    case 'f64':
      if (Number.isNaN(v)) return 'f64:nan';
      view.setFloat64(0, v);
      return `f64:${view.getBigUint64(0).toString(16).padStart(16, '0')}`;
  }
  return `unknown:${v}`;
}

const trapMessages = [
  ['unreachable', 'unreachable'],
  ['memory access out of bounds', 'memory'],
  ['divide by zero', 'divzero'],
  ['remainder by zero', 'divzero'],
  ['divide result unrepresentable', 'overflow'],
  // The spec says "integer overflow" for a float out of range and "invalid conversion" for
  // NaN; node says this for both.
  ['float unrepresentable in integer range', 'conversion'],
  ['table index is out of bounds', 'table'],
  ['invalid index into function table', 'table'],
  ['null function or function signature mismatch', 'indirect'],
  ['function signature mismatch', 'indirect'],
];

function trapClass(e) {
  if (e instanceof WebAssembly.RuntimeError) {
    for (const [text, cls] of trapMessages) if (e.message.includes(text)) return `trap:${cls}`;
    return `trap:other(${e.message})`;
  }
  if (e instanceof RangeError) return 'trap:stack';
  return `host-error(${e})`;
}

function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

let instance = null, current = '', failures = 0, calls = 0, modules = 0;
function fail(message) {
  failures++;
  if (failures <= 30) console.log(`MISMATCH ${current}: ${message}`);
}

for (const line of fs.readFileSync(casesPath, 'utf8').split('\n')) {
  if (!line) continue;
  const words = line.split(' ');
  if (words[0] === 'module' || words[0] === 'reject') {
    current = words[1];
    modules++;
    instance = null;
    try {
      const bytes = fs.readFileSync(path.join(dir, current));
      instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
      if (words[0] === 'reject') fail(`wr rejects (${words.slice(2).join(' ')}), node accepts`);
    } catch (e) {
      if (words[0] === 'module') fail(`node rejects: ${e.message}`);
    }
  } else if (words[0] === 'call' && instance) {
    calls++;
    const [, name, expected, ...args] = words;
    let got;
    try {
      const type = expected.startsWith('trap:') ? null : expected.split(':')[0];
      const result = instance.exports[name](...args.map(parseValue));
      // wr trapped where node returned: show node's value in either number form.
      const shown = typeof result === 'bigint' ? 'i64' : 'f64';
      got = type ? formatValue(type, result) : `value(${formatValue(shown, result)})`;
    } catch (e) {
      got = trapClass(e);
    }
    const same = got === expected ||
      (got === 'trap:conversion' && expected === 'trap:overflow');
    if (!same) fail(`${name}(${args.join(', ')}): wr ${expected}, node ${got}`);
  } else if (words[0] === 'globals' && instance) {
    words.slice(1).forEach((expected, i) => {
      const global = instance.exports[`g${i}`];
      const got = global ? formatValue(expected.split(':')[0], global.value) : 'missing';
      if (got !== expected) fail(`global g${i}: wr ${expected}, node ${got}`);
    });
  } else if (words[0] === 'mem' && instance) {
    const memory = instance.exports.mem;
    const pages = memory.buffer.byteLength / 65536;
    const hash = fnv1a(new Uint8Array(memory.buffer));
    if (`${pages} ${hash}` !== `${words[1]} ${words[2]}`)
      fail(`memory: wr ${words[1]} pages ${words[2]}, node ${pages} pages ${hash}`);
  }
}
console.log(`differential: ${modules} modules, ${calls} calls, ${failures} mismatches`);
process.exit(failures ? 1 : 0);
