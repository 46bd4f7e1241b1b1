;; A shared memory (the threads proposal): wr names the feature when it refuses the module.
(module
  (memory 1 1 shared))
