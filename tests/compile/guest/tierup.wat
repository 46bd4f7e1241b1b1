;; The tier-up tests' guest: state in a global, memory and a table that must carry over
;; when an instance switches from the interpreter to compiled code.
(module
  (import "host" "note" (func $note (param i32)))
  (type $t (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $fib $square)

  (func $fib (export "fib") (type $t)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))

  (func $square (type $t) (i32.mul (local.get 0) (local.get 0)))

  ;; One step: counts itself in $calls, keeps n at memory[calls * 4], tells the host, and
  ;; returns table[which](n) + calls * 1000000 (table 0 is fib, 1 is square).
  (func (export "step") (param $n i32) (param $which i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.store (i32.shl (global.get $calls) (i32.const 2)) (local.get $n))
    (call $note (global.get $calls))
    (i32.add (call_indirect (type $t) (local.get $n) (local.get $which))
             (i32.mul (global.get $calls) (i32.const 1000000))))

  ;; The sum of the values the steps kept.
  (func (export "total") (result i32) (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.get $i) (global.get $calls)))
        (local.set $sum (i32.add (local.get $sum)
                                 (i32.load (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; Never returns: for interruption.
  (func (export "spin") (loop $l (br $l)))

  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
