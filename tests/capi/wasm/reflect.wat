;; One import and one export of every kind, for type reflection.
(module
  (import "m" "f" (func (param i32 f64) (result i64)))
  (import "m" "g" (global (mut f32)))
  (import "m" "t" (table 1 funcref))
  (func (export "func") (param i32 f64 externref) (result i64 funcref)
    (i64.const 0) (ref.null func))
  (global (export "global") (mut i64) (i64.const 0))
  (table (export "table") 2 20 externref)
  (memory (export "memory") 1 5))
