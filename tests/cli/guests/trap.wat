;; A WASI command whose _start traps: wr exits with 134, as wasmtime does.
(module
  (func $fail unreachable)
  (func (export "_start") call $fail))
