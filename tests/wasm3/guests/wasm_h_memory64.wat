;; A 64-bit memory and a 64-bit table imported through wasm.h, for
;; tests/wasm3/test_wasm_h_memory64.c: the host makes both with wr_wasm_memorytype_new64 and
;; wr_wasm_tabletype_new64; the guest stores and loads at i64 addresses and indexes the table
;; with i64, and exports the memory again. Both maxima are beyond 32 bits (wabt cannot write a table's, so Binaryen's
;; wasm-as builds this one).
(module
  (import "host" "memory" (memory $m i64 1 0x200000000))
  (import "host" "table" (table $t i64 2 0x100000000 funcref))
  (func $answer (result i32) (i32.const 42))
  (elem declare func $answer)
  ;; value at page * 65536 + offset, the address computed in i64
  (func (export "store") (param $page i64) (param $offset i64) (param $value i64)
    (i64.store (i64.add (i64.shl (local.get $page) (i64.const 16)) (local.get $offset))
               (local.get $value)))
  (func (export "load") (param $address i64) (result i64) (i64.load (local.get $address)))
  (func (export "memory_pages") (result i64) (memory.size $m))
  (func (export "table_size") (result i64) (table.size $t))
  (func (export "table_set") (param $i i64) (table.set $t (local.get $i) (ref.func $answer)))
  (func (export "table_call") (param $i i64) (result i32)
    (call_indirect $t (result i32) (local.get $i)))
  ;; the imported memory exported again: its type reflects as 64-bit there too
  (export "memory" (memory $m)))
