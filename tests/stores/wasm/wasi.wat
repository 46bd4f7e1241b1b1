;; The smallest WASI guest: one WASI call behind an export.
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (memory (export "memory") 1)
  (func (export "yield") (result i32) call $yield)
  (func (export "_start")))
