;; One object of each kind, exported: what another store's module tries to import.
(module
  (func (export "f") (result i32) i32.const 7)
  (memory (export "mem") 1)
  (global (export "g") (mut i32) (i32.const 0))
  (table (export "tab") 1 funcref))
