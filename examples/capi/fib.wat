;; A reactor: _initialize sets up state, then exports are called any number of times.
(module
  (global $calls (mut i32) (i32.const -1))
  (func (export "_initialize") (global.set $calls (i32.const 0)))
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "fib") (param $n i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (call $fib (local.get $n)))
  (func (export "calls") (result i32) (global.get $calls)))
