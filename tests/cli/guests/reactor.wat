;; A reactor: _initialize sets what get returns, so --invoke get shows that it ran first.
(module
  (global $ready (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $ready (i32.const 42)))
  (func (export "get") (result i32) (global.get $ready))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
