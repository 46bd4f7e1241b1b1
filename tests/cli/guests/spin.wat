;; An endless loop, for -W fuel= and the timeouts.
(module
  (func (export "spin") (loop (br 0))))
