;; Imports a function and a memory from "a" and calls the function.
(module
  (import "a" "f" (func $f (result i32)))
  (import "a" "mem" (memory 1))
  (func (export "call") (result i32) call $f))
