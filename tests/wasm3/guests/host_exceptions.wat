;; Exceptions crossing the host boundary, for tests/wasm3/test_exceptions.c: a tag the host
;; makes and imports here, host functions that throw it (wr_exception_new) or pass on one a
;; nested call threw, exceptions kept as exnrefs in a global, and many exceptions in one
;; call (the store's max_store_exceptions).
(module
  (import "host" "err" (tag $err (param i32)))
  (import "host" "fail" (func $fail (param i32)))
  (import "host" "call_back" (func $call_back (param i32)))
  (tag $local (export "local") (param i32 i64))
  (global $kept (mut exnref) (ref.null exn))

  ;; The host throws $err when x < 0: caught here, as one thrown in wasm would be.
  (func (export "catch_host") (param $x i32) (result i32)
    (block $h (result i32)
      (try_table (catch $err $h)
        (call $fail (local.get $x)))
      (return (i32.const 0)))
    (i32.add (i32.const 1000)))

  ;; The host calls "throw_err" back, which throws; the host returns that error and the
  ;; exception arrives here.
  (func (export "catch_nested") (param $x i32) (result i32)
    (block $h (result i32)
      (try_table (catch $err $h)
        (call $call_back (local.get $x)))
      (return (i32.const 0)))
    (i32.add (i32.const 2000)))

  (func (export "throw_err") (param $x i32) (throw $err (local.get $x)))
  (func (export "throw_local") (param $x i32) (throw $local (local.get $x) (i64.const -5)))

  ;; Keeps the exception in a global, to be rethrown by a later call.
  (func (export "keep") (param $x i32)
    (block $h (result i32 exnref)
      (try_table (catch_ref $err $h)
        (throw $err (local.get $x)))
      (unreachable))
    (global.set $kept)
    (drop))
  (func (export "rethrow_kept") (throw_ref (global.get $kept)))
  (func (export "forget") (global.set $kept (ref.null exn)))

  ;; n exceptions caught with their reference (each lives until the call returns) or
  ;; without (each freed when caught).
  (func (export "catch_refs") (param $n i32)
    (loop $next
      (if (local.get $n)
        (then
          (block $h (result exnref)
            (try_table (catch_all_ref $h)
              (throw $err (local.get $n)))
            (unreachable))
          (drop)
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))))
  (func (export "catch_plain") (param $n i32)
    (loop $next
      (if (local.get $n)
        (then
          (block $h
            (try_table (catch_all $h)
              (throw $err (local.get $n))))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next))))))
