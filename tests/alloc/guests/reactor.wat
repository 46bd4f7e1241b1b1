;; The reactor of the allocation-failure sweep (tests/alloc): calls that return, trap, and
;; grow memory, with no imports so that any worker can make its instance alone.
(module
  (memory (export "memory") 1 64)
  (global $counter (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $counter (i32.const 1)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $inner (unreachable))
  (func (export "crash") (call $inner))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
