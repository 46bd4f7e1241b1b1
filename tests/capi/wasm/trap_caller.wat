;; The near side of a trap that crosses instances: "run" calls another instance's "boom".
(module
  (import "callee" "boom" (func $boom (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    (nop)
    (call $boom (local.get 0))))
