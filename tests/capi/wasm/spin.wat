;; Never returns on its own.
(module
  (func (export "spin") (loop $l (br $l))))
