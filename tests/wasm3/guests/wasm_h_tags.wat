;; Tags and exnref through wasm.h, for tests/wasm3/test_exceptions.c: a tag the host makes
;; (wr_wasm_tag_new) imported and exported again, a tag of the module's own exported, throws
;; of each, and exnref results and parameters (which wasm.h values carry only as null).
(module
  (import "host" "tag" (tag $imported (param i32)))
  (tag $own (export "own") (param i32 i64))
  (export "imported" (tag $imported))
  (func (export "throw_imported") (param $x i32) (throw $imported (local.get $x)))
  (func (export "throw_own") (param $x i32) (throw $own (local.get $x) (i64.const 7)))
  ;; A caught exception as a result: not null, so wasm.h cannot hand it out.
  (func (export "caught") (param $x i32) (result exnref)
    (block $h (result exnref)
      (try_table (catch_all_ref $h)
        (throw $own (local.get $x) (i64.const 1)))
      (unreachable)))
  (func (export "null_exn") (result exnref) (ref.null exn))
  (func (export "is_null") (param $e exnref) (result i32) (ref.is_null (local.get $e))))
