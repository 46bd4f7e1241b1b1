;; A tail call (3.0): valid since wr supports tail calls.
(module
  (func $f (return_call $f)))
