;; C++ exceptions the way clang's -fwasm-exceptions lowers them to 3.0's exnref form:
;; one tag for every C++ exception, carrying the address of the thrown object
;; (__cpp_exception); frames with objects to destroy catch everything with catch_all_ref,
;; run the destructors and rethrow with throw_ref (cleanup landing pads); a catch clause
;; (catch (const Error &e)) catches the tag and checks the object's type itself, rethrowing
;; what it does not handle.
;;
;; The program: parse(depth, value) recurses `depth` frames, each owning a "guard" whose
;; destructor counts itself in memory; the innermost frame throws an Error{code: value}
;; when value is negative, else a Fatal{code} when value is 0. run(depth, value) catches
;; Error and returns code * 1000 + destructors run; Fatal passes through uncaught.
;;
;;   int parse(int depth, int value) {
;;       Guard g;                               // ~Guard(): destroyed++
;;       if (depth == 0) {
;;           if (value < 0) throw Error{value};
;;           if (value == 0) throw Fatal{value};
;;           return value;
;;       }
;;       return parse(depth - 1, value) + 1;
;;   }
;;   int run(int depth, int value) {
;;       destroyed = 0;
;;       try { return parse(depth, value); }
;;       catch (const Error &e) { return -e.code * 1000 + destroyed; }
;;   }
(module
  (tag $cpp_exception (param i32))
  (memory (export "memory") 1)
  ;; 0: destroyed counter; 16: the exception object {type, code}; types: 1 Error, 2 Fatal
  (global $destroyed_at i32 (i32.const 0))
  (global $object i32 (i32.const 16))

  (func $guard_destroy
    (i32.store (global.get $destroyed_at)
      (i32.add (i32.load (global.get $destroyed_at)) (i32.const 1))))

  ;; __cxa_throw: fill the object, throw its address
  (func $throw_object (param $type i32) (param $code i32)
    (i32.store (global.get $object) (local.get $type))
    (i32.store offset=4 (global.get $object) (local.get $code))
    (throw $cpp_exception (global.get $object)))

  (func $parse (param $depth i32) (param $value i32) (result i32)
    (local $result i32)
    (block $cleanup (result exnref)
      (try_table (catch_all_ref $cleanup)
        (if (i32.eqz (local.get $depth))
          (then
            (if (i32.lt_s (local.get $value) (i32.const 0))
              (then (call $throw_object (i32.const 1) (local.get $value))))
            (if (i32.eqz (local.get $value))
              (then (call $throw_object (i32.const 2) (local.get $value))))
            (local.set $result (local.get $value)))
          (else
            (local.set $result
              (i32.add
                (call $parse (i32.sub (local.get $depth) (i32.const 1)) (local.get $value))
                (i32.const 1))))))
      ;; normal exit: the guard is destroyed too
      (call $guard_destroy)
      (return (local.get $result)))
    ;; landing pad: destroy the guard, resume unwinding
    (call $guard_destroy)
    (throw_ref))

  (func (export "run") (param $depth i32) (param $value i32) (result i32)
    (local $object i32)
    (local $exn exnref)
    (i32.store (global.get $destroyed_at) (i32.const 0))
    (block $caught (result i32 exnref)
      (return
        (try_table (result i32) (catch_ref $cpp_exception $caught)
          (call $parse (local.get $depth) (local.get $value)))))
    (local.set $exn)
    (local.set $object)
    ;; catch (const Error &e): only type 1; anything else is rethrown as it was
    (if (i32.ne (i32.load (local.get $object)) (i32.const 1))
      (then (throw_ref (local.get $exn))))
    (i32.add
      (i32.mul (i32.sub (i32.const 0) (i32.load offset=4 (local.get $object))) (i32.const 1000))
      (i32.load (global.get $destroyed_at))))

  (func (export "destroyed") (result i32) (i32.load (global.get $destroyed_at))))
