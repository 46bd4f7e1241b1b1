/*
 * The internal instruction set of the interpreter, as X-macro lists so the enum, the
 * handler tables and the wasm-opcode mapping cannot drift apart. The numeric ops come
 * straight from the wasm op list (decode/oplist.h); the rest are the interpreter's own.
 */
#ifndef WR_INTERP_OPS_H
#define WR_INTERP_OPS_H

#include "decode/oplist.h"

/* The numeric ops: the single-byte and 0xFC ops of decode/oplist.h whose signature is UN
 * or BIN (CAST ops need no code). Each has an internal op IOP_<id> and a handler of the
 * same name, so a new numeric op needs its line in oplist.h and its handler in exec.c.
 * WR_NUMERIC_OPS_SINGLE() and WR_NUMERIC_OPS_FC() expand WR_NUMERIC_OP(id, shape) for
 * each, shape UNARY or BINARY: define WR_NUMERIC_OP before expanding, #undef it after. */
#define WR_NUMERIC_OPS_SINGLE() WR_OPS_SINGLE(WR_NUMERIC_PICK)
#define WR_NUMERIC_OPS_FC() WR_OPS_FC(WR_NUMERIC_PICK)
#define WR_NUMERIC_OPS() WR_NUMERIC_OPS_SINGLE() WR_NUMERIC_OPS_FC()
#define WR_NUMERIC_PICK(code, id, text, sig, imm) WR_NUMERIC_IF_##sig(id)
#define WR_NUMERIC_IF_UN(t, r) WR_NUMERIC_UNARY
#define WR_NUMERIC_IF_BIN(t, r) WR_NUMERIC_BINARY
#define WR_NUMERIC_IF_CTX(id)
#define WR_NUMERIC_IF_CAST(t, r) WR_NUMERIC_SKIP
#define WR_NUMERIC_IF_CONST(r) WR_NUMERIC_SKIP
#define WR_NUMERIC_IF_LOAD(r, a) WR_NUMERIC_SKIP
#define WR_NUMERIC_IF_STORE(t, a) WR_NUMERIC_SKIP
#define WR_NUMERIC_UNARY(id) WR_NUMERIC_OP(id, UNARY)
#define WR_NUMERIC_BINARY(id) WR_NUMERIC_OP(id, BINARY)
#define WR_NUMERIC_SKIP(id)

/* i32 and i64 comparisons that fuse with a following br_if / if (see translate.c). */
#define WR_I32_CMPS(X) X(eq) X(ne) X(lt_s) X(lt_u) X(gt_s) X(gt_u) X(le_s) X(le_u) X(ge_s) X(ge_u)
/* f64 comparisons that fuse likewise, with their negations: n<cmp> is also true when an
 * operand is NaN, since !(a < b) is not a >= b. */
#define WR_F64_BR_CMPS(X) X(eq) X(ne) X(lt) X(gt) X(le) X(ge) X(nlt) X(ngt) X(nle) X(nge)

/* Binary ops with a constant right operand folded into the instruction. */
#define WR_IMM_OPS(X)                                                                       \
    X(i32_add) X(i32_mul) X(i32_and) X(i32_or) X(i32_xor) X(i32_shl) X(i32_shr_s)           \
    X(i32_shr_u) X(i32_rotl) X(i32_rotr) X(i32_eq) X(i32_ne) X(i32_lt_s) X(i32_lt_u)        \
    X(i32_gt_s) X(i32_gt_u) X(i32_le_s) X(i32_le_u) X(i32_ge_s) X(i32_ge_u)                 \
    X(i64_add) X(i64_mul) X(i64_and) X(i64_or) X(i64_xor) X(i64_shl) X(i64_shr_s)           \
    X(i64_shr_u) X(i64_rotl) X(i64_rotr) X(i64_eq) X(i64_ne) X(i64_lt_s) X(i64_lt_u)        \
    X(i64_gt_s) X(i64_gt_u) X(i64_le_s) X(i64_le_u) X(i64_ge_s) X(i64_ge_u)                 \
    X(f32_add) X(f32_sub) X(f32_mul) X(f32_div) X(f32_lt) X(f32_gt) X(f32_le) X(f32_ge)     \
    X(f64_add) X(f64_sub) X(f64_mul) X(f64_div) X(f64_lt) X(f64_gt) X(f64_le) X(f64_ge)

/* SIMD ops simple enough for a handler of their own, named after their OPFD_ opcodes
 * (each is simd_<name>); every other SIMD op goes through simd.h's function table. */
#define WR_SIMD_INLINE_OPS(X)                                                               \
    X(v128_and) X(v128_andnot) X(v128_or) X(v128_xor) X(i8x16_add) X(i8x16_sub) X(i8x16_eq)  \
    X(i16x8_add) X(i16x8_sub) X(i16x8_mul) X(i32x4_add) X(i32x4_sub) X(i32x4_mul)           \
    X(i64x2_add) X(i64x2_sub) X(f32x4_add) X(f32x4_sub) X(f32x4_mul) X(f32x4_div)           \
    X(f64x2_add) X(f64x2_sub) X(f64x2_mul) X(f64x2_div)

#define WR_OTHER_OPS(X)                                                                     \
    X(unreachable) X(br) X(br_if) X(br_unless) X(br_table) X(copy) X(copy2) X(copy_pair)    \
    X(const32) X(const64) X(ret) X(ret1) X(call) X(call_zero) X(call_func) X(call_indirect) X(select) X(select2)    \
    X(global_get) X(global_set) X(global_get2) X(global_set2) X(ref_is_null) X(ref_func)    \
    X(table_get) X(table_set) X(table_size) X(table_grow) X(table_fill) X(table_copy)       \
    X(table_init) X(elem_drop) X(memory_size) X(memory_grow) X(memory_fill) X(memory_copy)  \
    X(memory_init) X(data_drop) X(const128) X(simd) X(simd_vv) X(simd_shuffle)

/* Memory accesses. Each has a second handler, <name>_g, without the bounds check, for
 * modules whose engine relies on guard regions (see docs/interpreter.md): the translator
 * stores the same ops either way and only the handler table it uses differs. */
#define WR_MEM_OPS(X)                                                                       \
    X(i32_load) X(i64_load) X(i32_load8_s) X(i32_load8_u) X(i32_load16_s) X(i32_load16_u)  \
    X(i64_load8_s) X(i64_load8_u) X(i64_load16_s) X(i64_load16_u) X(i64_load32_s)          \
    X(i64_load32_u) X(i32_store) X(i64_store) X(store8) X(store16) X(i32_store_imm)          \
    X(i64_store_imm) X(store8_imm) X(store16_imm) X(v128_load) X(simd_load) X(simd_store)   \
    X(simd_load_lane) X(simd_store_lane) WR_LOAD_OPERAND_OPS(X)

/* Arithmetic whose right operand a full-width load just produced: the op reads memory
 * itself ([dst, a] [offset, addend] [address, -]), one dispatch instead of two. */
#define WR_LOAD_OPERAND_OPS(X)                                                              \
    X(i32_add_load) X(i64_add_load) X(f32_add_load) X(f32_mul_load) X(f64_add_load)         \
    X(f64_sub_load) X(f64_mul_load)

#define WR_IOP_NAME(name) IOP_##name,
#define WR_IOP_IMM_NAME(name) IOP_##name##_imm,
#define WR_IOP_BR_NAME(name) IOP_br_i32_##name, IOP_br_i32_##name##_imm,
#define WR_IOP_BR64_NAME(name) IOP_br_i64_##name, IOP_br_i64_##name##_imm,
#define WR_IOP_BRF64_NAME(name) IOP_br_f64_##name, IOP_br_f64_##name##_imm,
#define WR_IOP_SIMD_NAME(name) IOP_simd_##name,
#define WR_IOP_GUARDED_NAME(name) IOP_##name##_g,

#define WR_NUMERIC_OP(id, shape) IOP_##id,
/* IOP_NONE is no instruction: a table entry left at zero means "no internal op", which
 * the translator rejects instead of emitting. */
typedef enum wr_iop {
    IOP_NONE = 0,
    WR_NUMERIC_OPS()
    WR_IMM_OPS(WR_IOP_IMM_NAME)
    WR_I32_CMPS(WR_IOP_BR_NAME)
    WR_I32_CMPS(WR_IOP_BR64_NAME)
    WR_F64_BR_CMPS(WR_IOP_BRF64_NAME)
    WR_SIMD_INLINE_OPS(WR_IOP_SIMD_NAME)
    WR_OTHER_OPS(WR_IOP_NAME)
    WR_MEM_OPS(WR_IOP_NAME)
    WR_MEM_OPS(WR_IOP_GUARDED_NAME)
    IOP_COUNT
} wr_iop;
#undef WR_NUMERIC_OP

#endif
