;; A WASI reactor: "say" writes "hello\n" to stdout, "leave" calls proc_exit(n), "nap" blocks
;; in poll_oneoff for n milliseconds, "spin" counts down from n, "echo" copies one read of
;; stdin (up to 64 bytes) to stdout.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\n")
  (func (export "say") (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
  (func (export "leave") (param i32) (call $exit (local.get 0)))
  ;; One relative clock subscription (monotonic) at 64; one event at 128; count at 200.
  (func (export "nap") (param $ms i32) (result i32)
    (i64.store (i32.const 64) (i64.const 1))              ;; userdata
    (i32.store8 (i32.const 72) (i32.const 0))             ;; eventtype clock
    (i32.store (i32.const 80) (i32.const 1))              ;; clock id monotonic
    (i64.store (i32.const 88) (i64.mul (i64.extend_i32_u (local.get $ms)) (i64.const 1000000)))
    (i64.store (i32.const 96) (i64.const 0))              ;; precision
    (i32.store16 (i32.const 104) (i32.const 0))           ;; flags: relative
    (call $poll (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 200)))

  (func (export "spin") (param $n i32)
    (loop $again
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again (local.get $n))))

  ;; Returns the bytes read (0 at end of file), or -errno.
  (func (export "echo") (result i32)
    (local $errno i32)
    (i32.store (i32.const 300) (i32.const 400))           ;; iovec: buffer at 400
    (i32.store (i32.const 304) (i32.const 64))
    (local.set $errno
      (call $fd_read (i32.const 0) (i32.const 300) (i32.const 1) (i32.const 310)))
    (if (local.get $errno) (then (return (i32.sub (i32.const 0) (local.get $errno)))))
    (i32.store (i32.const 304) (i32.load (i32.const 310)))
    (drop (call $fd_write (i32.const 1) (i32.const 300) (i32.const 1) (i32.const 320)))
    (i32.load (i32.const 310)))
)
