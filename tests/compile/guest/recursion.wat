;; Recursion as clang writes fib (a loop around one self-call): the shape the compiled tier
;; declares inline, so the C compiler unrolls several levels into one C frame. With the
;; second argument 1, a division by (n - 1) traps at the bottom of the first descent.
(module
  (func $fib (export "fib") (param i32 i32) (result i32)
    (local i32)
    block
      local.get 0
      i32.const 2
      i32.lt_u
      br_if 0
      loop
        local.get 0
        i32.const -1
        i32.add
        local.get 1
        call $fib
        local.get 2
        i32.add
        local.set 2
        local.get 0
        i32.const -2
        i32.add
        local.tee 0
        i32.const 1
        i32.gt_u
        br_if 0
      end
    end
    local.get 1
    if
      i32.const 1
      local.get 0
      local.get 1
      i32.sub
      i32.div_u
      drop
    end
    local.get 0
    local.get 2
    i32.add))
