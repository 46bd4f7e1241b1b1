;; Run by several threads, each with its own store and imports.
(module
  (import "env" "report" (func $report (param i32)))
  (global $id (import "env" "id") i32)
  (func (export "run") (call $report (global.get $id))))
