;; The module of the allocation-failure sweep (tests/alloc): something of every section, so
;; that decoding, validation and translation allocate all they can, and exports that make
;; instantiation and calls allocate (a host import, memory and table growth, a trap with a
;; backtrace).
(module $sweep
  (type $unary (func (param i32) (result i32)))
  (import "env" "twice" (func $twice (type $unary)))
  (memory (export "memory") 1 8)
  (table $t 4 16 funcref)
  (global $calls (mut i32) (i32.const 0))
  (global (export "answer") i32 (i32.const 42))
  (data (i32.const 16) "sweep")
  (data $passive "passive")
  (elem (i32.const 0) $twice $square)
  (elem $later func $square)

  (func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))

  ;; twice(x) through the table, then squared through a call: 2x * 2x.
  (func (export "run") (param i32) (result i32) (local i64 f64 v128)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (call $square (call_indirect (type $unary) (local.get 0) (i32.const 0))))

  ;; Grow the memory or the table by n: the old size, or -1.
  (func (export "grow_memory") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "grow_table") (param i32) (result i32)
    (table.grow $t (ref.null func) (local.get 0)))

  ;; Copies the passive segment to 64 and the other element segment to slot 2.
  (func (export "init") (result i32)
    (memory.init $passive (i32.const 64) (i32.const 0) (i32.const 7))
    (table.init $t $later (i32.const 2) (i32.const 0) (i32.const 1))
    (call_indirect (type $unary) (i32.const 5) (i32.const 2)))

  ;; Traps three frames deep.
  (func $deepest (unreachable))
  (func $deeper (call $deepest))
  (func (export "crash") (call $deeper))

  (start $started)
  (func $started (i32.store (i32.const 0) (i32.const 7))))
