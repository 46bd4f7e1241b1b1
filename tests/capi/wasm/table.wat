;; A funcref table filled by an element segment, called indirectly.
(module
  (type $unary (func (param i32) (result i32)))
  (table $t (export "table") 2 10 funcref)
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func $seven (param i32) (result i32) (i32.const 7))
  (elem (i32.const 1) $seven)
  (func (export "call_indirect") (param i32 i32) (result i32)
    (call_indirect (type $unary) (local.get 0) (local.get 1))))
