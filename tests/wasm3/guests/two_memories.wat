;; Two memories the way a compiler uses them: $heap holds a program's data, $scratch is a
;; second memory it copies records into, transforms there and copies back (memory.copy
;; between memories, loads and stores with a memory index, memory.grow/size of memory 1).
;; run(n) fills n 8-byte records in $heap, copies them into $scratch (grown to fit),
;; doubles each there, copies them back after the originals and returns the sum of all
;; 2n records plus the page counts of both memories.
(module
  (memory $heap 1)
  (memory $scratch 0)
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $bytes i32) (local $sum i64)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 3)))
    ;; $heap[i] = i + 1
    (block $done
      (loop $fill
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i64.store $heap (i32.shl (local.get $i) (i32.const 3))
          (i64.extend_i32_u (i32.add (local.get $i) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    ;; room in $scratch, then the copy across
    (if (i32.eq
          (memory.grow $scratch
            (i32.add (i32.shr_u (local.get $bytes) (i32.const 16)) (i32.const 1)))
          (i32.const -1))
      (then (return (i64.const -1))))
    (memory.copy $scratch $heap (i32.const 0) (i32.const 0) (local.get $bytes))
    ;; double each record in $scratch
    (local.set $i (i32.const 0))
    (block $done
      (loop $double
        (br_if $done (i32.ge_u (local.get $i) (local.get $bytes)))
        (i64.store $scratch (local.get $i)
          (i64.shl (i64.load $scratch (local.get $i)) (i64.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $double)))
    ;; back into $heap after the originals, then sum all 2n records there
    (memory.copy $heap $scratch (local.get $bytes) (i32.const 0) (local.get $bytes))
    (local.set $i (i32.const 0))
    (block $done
      (loop $add
        (br_if $done (i32.ge_u (local.get $i) (i32.shl (local.get $bytes) (i32.const 1))))
        (local.set $sum (i64.add (local.get $sum) (i64.load $heap (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $add)))
    (i64.add (local.get $sum)
      (i64.extend_i32_u (i32.add (memory.size $heap) (memory.size $scratch))))))
