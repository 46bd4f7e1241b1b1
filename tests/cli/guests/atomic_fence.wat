;; An atomic instruction (the threads proposal): wr names the feature when it refuses the
;; module.
(module
  (func atomic.fence))
