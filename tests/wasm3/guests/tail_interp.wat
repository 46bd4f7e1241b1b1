;; A bytecode interpreter written the way compilers emit threaded code with tail calls:
;; every opcode handler ends in return_call_indirect to the next opcode's handler through
;; a dispatch table, so the host stack stays flat however long the program runs.
;; Bytecode (one byte per op) at address 0:
;;   0 dec   acc -= 1         1 add   sum += acc
;;   2 jnz   if acc != 0 go to pc 0, else next       3 halt  return sum
;; run(n) runs "add dec jnz halt" from acc = n: n loop turns, 3n + 1 tail calls, and
;; returns n (n + 1) / 2 (as i64).
(module
  (type $handler (func (param $pc i32) (param $acc i64) (param $sum i64) (result i64)))
  (memory 1)
  (data (i32.const 0) "\01\00\02\03")
  (table funcref (elem $dec $add $jnz $halt))

  (func $next (type $handler) (param $pc i32) (param $acc i64) (param $sum i64) (result i64)

    (return_call_indirect (type $handler)
      (local.get $pc) (local.get $acc) (local.get $sum)
      (i32.load8_u (local.get $pc))))

  (func $dec (type $handler) (param $pc i32) (param $acc i64) (param $sum i64) (result i64)

    (return_call $next (i32.add (local.get $pc) (i32.const 1))
      (i64.sub (local.get $acc) (i64.const 1)) (local.get $sum)))

  (func $add (type $handler) (param $pc i32) (param $acc i64) (param $sum i64) (result i64)

    (return_call $next (i32.add (local.get $pc) (i32.const 1))
      (local.get $acc) (i64.add (local.get $sum) (local.get $acc))))

  (func $jnz (type $handler) (param $pc i32) (param $acc i64) (param $sum i64) (result i64)

    (return_call $next
      (select (i32.const 0) (i32.add (local.get $pc) (i32.const 1))
        (i64.ne (local.get $acc) (i64.const 0)))
      (local.get $acc) (local.get $sum)))

  (func $halt (type $handler) (param $pc i32) (param $acc i64) (param $sum i64) (result i64)
    (local.get $sum))

  (func (export "run") (param $n i64) (result i64)
    (return_call $next (i32.const 0) (local.get $n) (i64.const 0))))
