;; Virtual dispatch the way a compiler lowers it with typed function references: each
;; object in linear memory starts with its class number; a class's vtable is a row of
;; slots in a table of (ref null $method), where null marks a method the class does not
;; implement. Calls go through call_ref; br_on_null takes a default for missing methods,
;; br_on_non_null asks whether a method exists, and ref.as_non_null guards a method every
;; class must have (a trap otherwise).
;;
;; Objects: [class i32][a i32][b i32]. Classes: 0 square (side a), 1 rectangle (a by b),
;; 2 point (no area, no perimeter).
(module
  (type $method (func (param i32) (result i32)))
  (memory 1)
  (table $vtables 6 (ref null $method))
  (elem (table $vtables) (i32.const 0) (ref null $method)
    (ref.func $square_area) (ref.func $square_perimeter)
    (ref.func $rect_area) (ref.func $rect_perimeter)
    (ref.null $method) (ref.null $method))

  (func $square_area (type $method)
    (i32.mul (i32.load offset=4 (local.get 0)) (i32.load offset=4 (local.get 0))))
  (func $square_perimeter (type $method)
    (i32.shl (i32.load offset=4 (local.get 0)) (i32.const 2)))
  (func $rect_area (type $method)
    (i32.mul (i32.load offset=4 (local.get 0)) (i32.load offset=8 (local.get 0))))
  (func $rect_perimeter (type $method)
    (i32.shl (i32.add (i32.load offset=4 (local.get 0)) (i32.load offset=8 (local.get 0)))
             (i32.const 1)))

  ;; The method in slot $slot of the object's class, or null.
  (func $lookup (param $obj i32) (param $slot i32) (result (ref null $method))
    (table.get $vtables
      (i32.add (i32.shl (i32.load (local.get $obj)) (i32.const 1)) (local.get $slot))))

  ;; Calls the method, or gives $default when the class has none.
  (func $call_or (param $obj i32) (param $slot i32) (param $default i32) (result i32)
    (block $missing
      (return
        (call_ref $method (local.get $obj)
          (br_on_null $missing (call $lookup (local.get $obj) (local.get $slot))))))
    (local.get $default))

  ;; 1 when the class implements the method, else 0.
  (func $has (param $obj i32) (param $slot i32) (result i32)
    (block $yes (result (ref $method))
      (br_on_non_null $yes (call $lookup (local.get $obj) (local.get $slot)))
      (return (i32.const 0)))
    (drop)
    (i32.const 1))

  ;; A method the class must have: traps with "null reference" when it has none.
  (func $must (param $obj i32) (param $slot i32) (result i32)
    (local $m (ref $method))
    (local.set $m (ref.as_non_null (call $lookup (local.get $obj) (local.get $slot))))
    (call_ref $method (local.get $obj) (local.get $m)))

  ;; Builds object i at 16 + 12 i: class i % 3, a = i % 7 + 1, b = i % 5 + 1.
  (func $make (param $i i32) (result i32)
    (local $p i32)
    (local.set $p (i32.add (i32.const 16) (i32.mul (local.get $i) (i32.const 12))))
    (i32.store (local.get $p) (i32.rem_u (local.get $i) (i32.const 3)))
    (i32.store offset=4 (local.get $p)
      (i32.add (i32.rem_u (local.get $i) (i32.const 7)) (i32.const 1)))
    (i32.store offset=8 (local.get $p)
      (i32.add (i32.rem_u (local.get $i) (i32.const 5)) (i32.const 1)))
    (local.get $p))

  ;; Over n objects (n <= 5000): the areas (0 when missing), the perimeters (1 when
  ;; missing) and how many objects have an area, summed.
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $p i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $p (call $make (local.get $i)))
        (local.set $sum (i32.add (local.get $sum)
          (i32.add (call $call_or (local.get $p) (i32.const 0) (i32.const 0))
            (i32.add (call $call_or (local.get $p) (i32.const 1) (i32.const 1))
              (call $has (local.get $p) (i32.const 0))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; The perimeter of object i, which must exist: traps for a point (i % 3 == 2).
  (func (export "perimeter") (param $i i32) (result i32)
    (call $must (call $make (local.get $i)) (i32.const 1)))
)
