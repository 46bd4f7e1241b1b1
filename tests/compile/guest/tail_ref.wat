;; return_call_ref on the compiled tier: a loop of tail calls through a function reference
;; (constant stack: the test allows 100 frames for a million steps), a tail call of a host
;; function through its reference (the runtime's path) and the trap of a null reference.
(module
  (type $step (func (param i64 i64) (result i64)))
  (type $yield (func (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (type $yield)))
  (elem declare func $count $yield)

  ;; acc + n + (n - 1) + ... + 1, one tail call per step
  (func $count (type $step) (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else
        (return_call_ref $step
          (i64.sub (local.get $n) (i64.const 1))
          (i64.add (local.get $acc) (local.get $n))
          (ref.func $count)))))

  (func (export "sum") (param $n i64) (result i64)
    (return_call_ref $step (local.get $n) (i64.const 0) (ref.func $count)))

  (func (export "yield") (result i32)
    (return_call_ref $yield (ref.func $yield)))

  ;; null until set: read at run time, so no assembler folds the trap away
  (global $none (mut (ref null $yield)) (ref.null $yield))
  (func (export "null") (result i32)
    (return_call_ref $yield (global.get $none))))
