;; A WASI command whose memory 0 is 64-bit (memory64): WASI preview 1's pointers are i32
;; and cannot address it, so its first WASI call is refused with a clear trap.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") i64 1)
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 8)))))
