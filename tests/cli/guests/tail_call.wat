;; A tail call (a proposal after 2.0): wr names the feature when it refuses the module.
(module
  (func $f (return_call $f)))
