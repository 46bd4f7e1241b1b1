;; A host function called from an export; its result comes back out.
(module
  (import "env" "hello" (func $hello (result i32)))
  (func (export "run") (result i32) (call $hello)))
