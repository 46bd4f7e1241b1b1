;; A reactor for the tests: arithmetic, a call counter, loops, traps, a bump allocator and
;; calls out to the host ("host" "note" records a value, "host" "block" waits on the test).
(module
  (import "host" "note" (func $note (param i32)))
  (import "host" "block" (func $block))
  (memory (export "memory") 1 64)
  (global $initialized (mut i32) (i32.const 0))
  (global $counter (mut i32) (i32.const 0))
  (global $heap (mut i32) (i32.const 4096))

  (func (export "_initialize")
    (global.set $initialized (i32.add (global.get $initialized) (i32.const 1))))
  (func (export "initialized") (result i32) (global.get $initialized))

  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))

  ;; Returns the number of earlier calls to next on this instance.
  (func (export "next") (result i32)
    (global.get $counter)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1))))

  (func (export "note") (param i32) (call $note (local.get 0)))
  (func (export "block") (call $block))

  ;; Never returns: only an interrupt stops it.
  (func (export "spin") (loop $again (br $again)))

  ;; Counts down from n; returns 0.
  (func (export "count_down") (param i32) (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $again)))
    (local.get 0))

  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))

  ;; Recurses until the call stack is exhausted, for bounded backtraces.
  (func $recurse (export "recurse") (call $recurse))

  ;; Traps two frames deep, for backtraces.
  (func $inner (unreachable))
  (func (export "crash") (call $inner))

  (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))

  ;; Bump allocator; free only counts calls (at address 0).
  (func (export "malloc") (param i32) (result i32)
    (global.get $heap)
    (global.set $heap (i32.and (i32.add (i32.add (global.get $heap) (local.get 0)) (i32.const 7))
                               (i32.const -8))))
  (func (export "free") (param i32)
    (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1))))
  (func (export "frees") (result i32) (i32.load (i32.const 0)))

  ;; Sum of len bytes at ptr.
  (func (export "sum_bytes") (param $ptr i32) (param $len i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $again)))
    (local.get $sum))

  ;; Writes "hi" at ptr and returns 2, for load hooks.
  (func (export "greet") (param $ptr i32) (result i32)
    (i32.store16 (local.get $ptr) (i32.const 0x6968))
    (i32.const 2))

  ;; Calls itself twice per level and never loops: tree(n) makes 2^n calls at depth n, so
  ;; only an interrupt stops tree(64), through the checks on the way to calls.
  (func $tree (export "tree") (param i32)
    (if (local.get 0)
      (then
        (call $tree (i32.sub (local.get 0) (i32.const 1)))
        (call $tree (i32.sub (local.get 0) (i32.const 1))))))
)
