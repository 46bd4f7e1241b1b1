;; Imported and defined globals, constant and mutable, read and written from both sides.
(module
  (global $imp_const (import "env" "const_i32") i32)
  (global $imp_var (import "env" "var_i64") (mut i64))
  (global $own_const (export "own_const") f32 (f32.const 1.5))
  (global $own_var (export "own_var") (mut f64) (f64.const 2.5))
  (func (export "get_imp_const") (result i32) (global.get $imp_const))
  (func (export "get_imp_var") (result i64) (global.get $imp_var))
  (func (export "set_imp_var") (param i64) (global.set $imp_var (local.get 0)))
  (func (export "get_own_const") (result f32) (global.get $own_const))
  (func (export "get_own_var") (result f64) (global.get $own_var))
  (func (export "set_own_var") (param f64) (global.set $own_var (local.get 0))))
