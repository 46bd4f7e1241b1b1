;; Recursion that goes through the host at every level.
(module
  (import "env" "host" (func $host (param i32) (result i32)))
  (func (export "fact") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (i32.mul (local.get 0)
                     (call $host (i32.sub (local.get 0) (i32.const 1))))))))
