;; A WASI command: writes its argument count and a greeting to stdout, then exits with 3.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "argc=?\0ahello from wasi\0a")
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    ;; write the digit over the '?'
    (i32.store8 (i32.const 21) (i32.add (i32.const 48) (i32.load (i32.const 0))))
    (i32.store (i32.const 8) (i32.const 16))
    (i32.store (i32.const 12) (i32.const 23))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 100)))
    (call $proc_exit (i32.const 3))))
