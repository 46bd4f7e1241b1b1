;; A start function, also exported: inspect shows it by index and name.
(module
  (func $init (export "init"))
  (start $init))
