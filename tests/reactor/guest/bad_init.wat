;; A reactor whose _initialize traps.
(module
  (func $fail (unreachable))
  (func (export "_initialize") (call $fail))
  (func (export "f") (result i32) (i32.const 1)))
