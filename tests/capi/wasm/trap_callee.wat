;; The far side of a trap that crosses instances: "boom" divides by its argument.
(module
  (func $seven (result i32) (i32.const 7))
  (func (export "boom") (param i32) (result i32)
    (local i64)
    (i32.div_s (call $seven) (local.get 0))))
