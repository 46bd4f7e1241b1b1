;; A reactor guest whose calls may end with an uncaught exception, for the reactor's
;; WR_CALL_EXCEPTION status (tests/wasm3/test_exceptions.c).
(module
  (tag $failed (export "failed") (param i32))
  (global $calls (mut i32) (i32.const 0))
  ;; x < 0: throws failed(x), uncaught; else returns the calls so far on this instance
  (func (export "work") (param $x i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (if (i32.lt_s (local.get $x) (i32.const 0))
      (then (throw $failed (local.get $x))))
    (global.get $calls)))
