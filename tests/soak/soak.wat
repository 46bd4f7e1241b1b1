;; The soak test's reactor: "work" loops n times and returns n, "crash" traps, "leave" calls
;; proc_exit(n), "spin" never returns (for cancels and deadlines), "grow" grows memory by n
;; pages (at most 64 in all; -1 past it), "say" writes "soak\n" to stdout, "nap" blocks in
;; poll_oneoff for n milliseconds.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 64)
  (data (i32.const 16) "soak\n")
  (func (export "work") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (local.get $i))
  (func $inner (unreachable))
  (func (export "crash") (call $inner))
  (func (export "leave") (param i32) (call $exit (local.get 0)))
  (func (export "spin") (loop $again (br $again)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "say") (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 5))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
  ;; One relative monotonic clock subscription at 64; the event at 128; the count at 200.
  (func (export "nap") (param $ms i32) (result i32)
    (i64.store (i32.const 64) (i64.const 1))
    (i32.store8 (i32.const 72) (i32.const 0))
    (i32.store (i32.const 80) (i32.const 1))
    (i64.store (i32.const 88) (i64.mul (i64.extend_i32_u (local.get $ms)) (i64.const 1000000)))
    (i64.store (i32.const 96) (i64.const 0))
    (i32.store16 (i32.const 104) (i32.const 0))
    (call $poll (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 200))))
