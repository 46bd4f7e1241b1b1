;; Funcrefs crossing the host boundary: "take" receives one, "fetch" calls a host function
;; returning one and stores it in the table.
(module
  (import "h" "get" (func $get (result funcref)))
  (table $t 1 funcref)
  (func (export "take") (param funcref))
  (func (export "fetch") (table.set $t (i32.const 0) (call $get))))
