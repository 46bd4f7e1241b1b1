;; A guest for the stdin tests: one read, one poll, and a copy of stdin to stdout.
;; Memory: iovec at 0, nread at 16, output iovec at 32, subscription at 64, event at 128,
;; nevents at 200, data at 1024.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)

  ;; Read stdin once into [1024, 2048): the byte count, or minus the errno.
  (func $read_once (export "read_once") (result i32)
    (local $err i32)
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 1024))
    (local.set $err (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
    (if (result i32) (local.get $err)
      (then (i32.sub (i32.const 0) (local.get $err)))
      (else (i32.load (i32.const 16)))))

  ;; Wait until stdin is readable (userdata 5): the event count, or minus the errno.
  (func (export "poll_once") (result i32)
    (local $err i32)
    (memory.fill (i32.const 64) (i32.const 0) (i32.const 48))
    (i64.store (i32.const 64) (i64.const 5))
    (i32.store8 (i32.const 72) (i32.const 1))
    (local.set $err (call $poll (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 200)))
    (if (result i32) (local.get $err)
      (then (i32.sub (i32.const 0) (local.get $err)))
      (else (i32.load (i32.const 200)))))

  ;; Copy stdin to stdout until end of file; exit with 100 + errno on a read error.
  (func (export "_start")
    (local $n i32)
    (loop $more
      (local.set $n (call $read_once))
      (if (i32.lt_s (local.get $n) (i32.const 0))
        (then (call $exit (i32.sub (i32.const 100) (local.get $n)))))
      (if (i32.gt_s (local.get $n) (i32.const 0))
        (then
          (i32.store (i32.const 32) (i32.const 1024))
          (i32.store (i32.const 36) (local.get $n))
          (if (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40))
            (then (call $exit (i32.const 99))))
          (br $more))))))
