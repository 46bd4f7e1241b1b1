;; Traps raised by the host and by WebAssembly code, two frames deep.
(module
  (import "env" "fail" (func $fail (result i32)))
  (func (export "host_trap") (result i32) (call $fail))
  (func $inner (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "div") (param i32) (result i32)
    (call $inner (local.get 0))))
