;; Loads whose value is dropped: each still traps when out of bounds, also when the C
;; compiler optimises and guard regions stand in for bounds checks.
(module
  (memory 1)
  (func (export "i32") (drop (i32.load (i32.const -1))))
  (func (export "i64_8u") (drop (i64.load8_u offset=65536 (i32.const 0))))
  (func (export "f32") (drop (f32.load offset=4 (i32.const 65533))))
  (func (export "f64") (drop (f64.load (i32.const 65530))))
  (func (export "v128") (drop (v128.load (i32.const 65535))))
  (func (export "ok") (result i32) (drop (i64.load (i32.const 65528))) (i32.const 1)))
