// Types of the wasi-reactor package (lib/index.js).

/** A value of a plain call: i32, f32 and f64 are numbers, i64 a BigInt, v128 16 bytes. */
export type WasmValue = number | bigint | Uint8Array;

/** A tagged-codec value (the proposal's five types). Results use numbers for i32 and u32. */
export type TaggedValue = { i32: number } | { u32: number } | string | Int32Array | Uint32Array;
export type TaggedResult = number | string | Int32Array | Uint32Array;

/** A file of the in-memory file system shape, keyed by its absolute path. */
export interface MemoryFile {
  path?: string;
  timestamps?: { access?: Date | number | bigint; change?: Date | number | bigint;
    modification?: Date | number | bigint };
  mode: 'string' | 'binary';
  content: string | Uint8Array | ArrayBuffer;
}

export type Sink = ((chunk: Uint8Array) => void) | { write(chunk: Uint8Array): unknown };

export interface WasiOptions {
  args?: string[];
  env?: Record<string, string>;
  /** { guestPath: hostPath } as node:wasi takes, or a list with read-only flags. */
  preopens?: Record<string, string> | { host: string; guest: string; readOnly?: boolean }[];
  fs?: Record<string, MemoryFile>;
  stdout?: Sink;
  stderr?: Sink;
  fuel?: number;
  maxMemoryPages?: number;
}

/** What a hook sees; memory is detached (length 0) once the hook returns. */
export interface HookContext {
  memory?: Uint8Array;
  /** Store hook: the arguments, which it may change. */
  args?: WasmValue[];
  /** Load hook: the results, which it may change. */
  results?: WasmValue[];
  /** Cleanup hook: how the call ended ("ok" or a failure status). */
  status?: string;
  callId: number;
  worker: number;
}
/** Return nothing or 0 to go on; another number fails the call (status "hook"). */
export type Hook = (ctx: HookContext) => number | void;

export interface ReactorOptions extends WasiOptions {
  workers?: number;
  /** Bytes or a string, one stream shared by the workers. */
  stdin?: string | Uint8Array | ArrayBuffer;
  deadlineMs?: number;
  initDeadlineMs?: number;
  freshAfterFailure?: boolean;
  codec?: 'fixed' | 'malloc' | 'cabi_realloc';
  codecOffset?: number;
  codecCapacity?: number;
  /** Calls that may wait for a worker at once; one more rejects with status "busy". */
  queueCapacity?: number;
  storeHook?: Hook;
  loadHook?: Hook;
  /** After every call that reached an instance, whatever its outcome; its return is ignored. */
  cleanupHook?: Hook;
}

export interface CallOptions {
  deadlineMs?: number;
  signal?: AbortSignal;
}

export class WasiReactorError extends Error {
  status: 'trap' | 'exit' | 'exception' | 'cancelled' | 'deadline' | 'hook' | 'guest_error' | 'codec' |
    'closed' | 'instance' | 'nomem' | 'busy' | 'malformed' | 'invalid' | 'link' | 'limit' | 'io' | 'arg';
  code: number;
  trap?: string;
  exitCode?: number;
  frames: { index: number; name?: string; offset: number }[];
}

export class Reactor {
  static start(source: string | Uint8Array | ArrayBuffer, options?: ReactorOptions):
    Promise<Reactor>;
  readonly workers: number;
  readonly exports: Readonly<Record<string, (...args: WasmValue[]) => Promise<any>>>;
  readonly exportTypes: Readonly<Record<string, { params: string[]; results: string[] }>>;
  call(name: string, args?: WasmValue[], options?: CallOptions): Promise<any>;
  callTagged(name: string, values?: TaggedValue[], options?: CallOptions):
    Promise<TaggedResult[]>;
  close(): Promise<void>;
}

export interface CommandOptions extends WasiOptions {
  stdin?: string | Uint8Array | ArrayBuffer | AsyncIterable<string | Uint8Array>;
  signal?: AbortSignal;
}

export function runCommand(source: string | Uint8Array | ArrayBuffer, options?: CommandOptions):
  Promise<number> & { kill(): void };
