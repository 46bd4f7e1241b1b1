;; A 64-bit memory (memory64) grown past 4 GiB, used the way a compiler targeting wasm64
;; does: i64 addresses, offsets beyond 2^32, memory.fill and memory.copy with i64
;; lengths. run() returns -1 when the memory cannot grow that far on this host (the test
;; then counts as skipped), else a checksum of what it read back.
(module
  (memory i64 1)
  (func (export "run") (result i64)
    (local $top i64) (local $sum i64)
    ;; 4 GiB + 2 pages
    (if (i64.eq (memory.grow (i64.const 65537)) (i64.const -1))
      (then (return (i64.const -1))))
    (local.set $top (i64.shl (memory.size) (i64.const 16)))
    ;; an i64 just past 4 GiB, through an offset and address that add up beyond 2^32, and
    ;; through the address alone
    (i64.store offset=0xffffffff (i64.const 0x11) (i64.const 0x1122334455667788))
    (i64.store (i64.const 0x100000020) (i64.const 0x0102030405060708))
    ;; 4 bytes at the very end of the memory
    (i32.store (i64.sub (local.get $top) (i64.const 4)) (i32.const 0x7f7f7f7f))
    ;; a fill across the 4 GiB line, and a copy from above it to below it
    (memory.fill (i64.const 0xfffffff0) (i32.const 0x5a) (i64.const 32))
    (memory.copy (i64.const 64) (i64.const 0x100000010) (i64.const 24))
    ;; nothing wrapped around to address 0x10
    (local.set $sum (i64.load (i64.const 0x10)))
    (local.set $sum (i64.add (local.get $sum) (i64.load (i64.const 64))))
    (local.set $sum (i64.add (local.get $sum) (i64.load (i64.const 72))))
    (local.set $sum (i64.add (local.get $sum) (i64.load (i64.const 0x100000000))))
    (local.set $sum (i64.add (local.get $sum)
      (i64.load32_u (i64.sub (local.get $top) (i64.const 4)))))
    (i64.add (local.get $sum) (i64.shr_u (local.get $top) (i64.const 16))))
  ;; an access whose address plus offset wraps past 2^64 traps
  (func (export "past_end") (result i32)
    (i32.load offset=0xffffffff (i64.const -1))))
