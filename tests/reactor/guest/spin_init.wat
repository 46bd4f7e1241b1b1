;; A reactor whose _initialize loops forever while the host's "init_spins" says so.
(module
  (import "host" "init_spins" (func $init_spins (result i32)))
  (func (export "_initialize")
    (if (call $init_spins)
      (then (loop $again (br $again)))))
  (func (export "one") (result i32) (i32.const 1))
  (func (export "crash") (unreachable))
)
