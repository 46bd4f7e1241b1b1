;; Host references stored in globals and tables and passed through calls.
(module
  (import "env" "id" (func $id (param externref) (result externref)))
  (global $g (mut externref) (ref.null extern))
  (table $t (export "table") 10 externref)
  (table $ft (export "ftable") 2 funcref)
  (func (export "global_set") (param externref) (global.set $g (local.get 0)))
  (func (export "global_get") (result externref) (global.get $g))
  (func (export "table_set") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
  (func (export "table_get") (param i32) (result externref) (table.get $t (local.get 0)))
  (func (export "call_id") (param externref) (result externref) (call $id (local.get 0)))
  (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0))))
