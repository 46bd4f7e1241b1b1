/*
 * The internal instruction set of the interpreter, as X-macro lists so the enum, the
 * handler tables and the wasm-opcode mapping cannot drift apart. The numeric ops come
 * straight from the wasm op list (decode/oplist.h); the rest are the interpreter's own.
 */
#ifndef WR_INTERP_OPS_H
#define WR_INTERP_OPS_H

#include <stdint.h>

#include "decode/oplist.h"

/* ---------------------------------------------------------------- instruction formats
 *
 * An instruction is a handler word followed by operand words (see code.h). A format
 * names the operand fields and fixes the length; every internal op has one format,
 * declared with the op below, and the exec loop, the translator and its peepholes reach
 * operands only through these names. Fields are 32-bit, two to a word: field k is half
 * k % 2 of word 1 + k / 2 (WR_FIELD). 64-bit immediates and pointers take a word of their
 * own, named by its index from the handler word (WR_WORD). Slots are frame slot indices;
 * branch targets are signed word offsets from the branch's handler word.
 *
 * Invariant the peepholes rely on: every format with a result keeps its slot in field 0
 * (F_DST), so the producer of a value can be retargeted without knowing its op.
 */
#define WR_FORMATS(X)                                                                       \
    X(BARE, 1)            /* -                                     unreachable, ret      */ \
    X(UNARY, 2)           /* [dst, a]                              unary ops, copies     */ \
    X(BINARY, 3)          /* [dst, a] [b, -]                       binary ops            */ \
    X(BINARY_IMM, 3)      /* [dst, a] [imm64]                      b is a constant       */ \
    X(DST_IMM, 2)         /* [dst, imm]                            const32, global.get   */ \
    X(DST_IMM64, 3)       /* [dst, -] [imm64]                      const64               */ \
    X(SELECT, 3)          /* [dst, a] [b, cond]                                          */ \
    X(COPY_PAIR, 3)       /* [dst, a] [dst2, a2]                   two copies            */ \
    X(SRC, 2)             /* [src, -]                              ret1                  */ \
    X(SRC_IMM, 2)         /* [src, imm]                            global.set            */ \
    X(IMM, 2)             /* [imm, -]                              elem/data.drop        */ \
    X(TABLE_GET, 3)       /* [dst, index] [table, -]                                     */ \
    X(TABLE_SET, 3)       /* [index, value] [table, -]                                   */ \
    X(TABLE_GROW, 3)      /* [dst, init] [n, table]                                      */ \
    X(BULK, 3)            /* [d, s] [n, seg]                       fill, copy, init      */ \
    X(BULK_TABLE, 4)      /* [d, s] [n, seg] [seg2, -]             table.copy/init       */ \
    X(BR, 2)              /* [target, -]                                                 */ \
    X(BR_IF, 2)           /* [cond, target]                                              */ \
    X(BR_CMP, 3)          /* [a, b] [target, -]                    b may be an imm32     */ \
    X(BR_CMP_IMM64, 4)    /* [a, -] [target, -] [imm64]                                  */ \
    X(BR_TABLE, 2)        /* [index, count] + count + 1 targets, two to a word           */ \
    X(CALL, 3)            /* [base, func] [wr_code *]                                    */ \
    X(CALL_FUNC, 2)       /* [base, func]                                                */ \
    X(CALL_INDIRECT, 3)   /* [base, index] [type, table]                                 */ \
    X(THROW, 2)           /* [base, tag]                           the values from base  */ \
    X(LOAD, 3)            /* [dst, address] [offset, addend]                             */ \
    X(STORE, 3)           /* [address, value] [offset, addend]     value may be an imm32 */ \
    X(LOAD_X, 4)          /* [dst, address] [offset, addend] [x, y]    SIMD loads        */ \
    X(STORE_X, 4)         /* [address, value] [offset, addend] [x, y]  SIMD lane stores  */ \
    X(LOAD_OPERAND, 4)    /* [dst, a] [offset, addend] [address, -]                      */ \
    X(SIMD, 5)            /* [dst, a] [b, c] [wr_simd_fn] [imm, shape]                   */ \
    X(MEMX, 5)            /* [dst, address] [value, memory] [op, bytes | lane << 8] [offset64] */ \
    X(V128, 5)            /* [dst, a] [b, -] [16 bytes]            v128.const, shuffle   */

#define WR_FORMAT_WORDS(name, words) WR_WORDS_##name = words,
enum { WR_FORMATS(WR_FORMAT_WORDS) };
#undef WR_FORMAT_WORDS

/* The operand fields, by format (32-bit fields unless marked "word"). */
enum {
    F_DST = 0,                                      /* every format with a result */
    UN_A = 1,                                       /* UNARY, COPY_PAIR */
    BIN_A = 1, BIN_B = 2,                           /* BINARY, BINARY_IMM, LOAD_OPERAND, V128 */
    BIN_IMM_WORD = 2,                               /* BINARY_IMM */
    IMM_FIELD = 1,                                  /* DST_IMM, SRC_IMM */
    DST_IMM64_WORD = 2,                             /* DST_IMM64 */
    SEL_A = 1, SEL_B = 2, SEL_COND = 3,             /* SELECT */
    PAIR_DST2 = 2, PAIR_A2 = 3,                     /* COPY_PAIR */
    SRC = 0,                                        /* SRC, SRC_IMM */
    IMM0 = 0,                                       /* IMM */
    TABLE_INDEX_IN = 1, TABLE_OF_GET = 2,           /* TABLE_GET */
    TABLE_INDEX = 0, TABLE_VALUE = 1, TABLE_OF_SET = 2, /* TABLE_SET */
    GROW_INIT = 1, GROW_N = 2, GROW_TABLE = 3,      /* TABLE_GROW */
    BULK_D = 0, BULK_S = 1, BULK_N = 2, BULK_SEG = 3, BULK_SEG2 = 4, /* BULK, BULK_TABLE */
    BR_TARGET = 0,                                  /* BR */
    BR_IF_COND = 0, BR_IF_TARGET = 1,               /* BR_IF */
    BR_CMP_A = 0, BR_CMP_B = 1, BR_CMP_TARGET = 2,  /* BR_CMP, BR_CMP_IMM64 */
    BR_CMP_IMM64_WORD = 3,                          /* BR_CMP_IMM64 */
    BR_TABLE_INDEX = 0, BR_TABLE_COUNT = 1, BR_TABLE_TARGETS = 2, /* BR_TABLE */
    CALL_BASE = 0, CALL_FUNC = 1,                   /* CALL, CALL_FUNC, CALL_INDIRECT */
    CALL_CODE_WORD = 2,                             /* CALL */
    CALL_INDEX = 1, CALL_TYPE = 2, CALL_TABLE = 3,  /* CALL_INDIRECT */
    THROW_BASE = 0, THROW_TAG = 1,                  /* THROW */
    MEM_LOAD_ADDRESS = 1,                           /* LOAD, LOAD_X */
    MEM_STORE_ADDRESS = 0, MEM_VALUE = 1,           /* STORE, STORE_X */
    MEM_OFFSET = 2, MEM_ADDEND = 3,                 /* every memory format */
    MEM_X = 4, MEM_Y = 5,                           /* LOAD_X, STORE_X */
    MEM_OPERAND_ADDRESS = 4,                        /* LOAD_OPERAND */
    SIMD_A = 1, SIMD_B = 2, SIMD_C = 3, SIMD_IMM = 6, SIMD_SHAPE = 7, /* SIMD */
    SIMD_FN_WORD = 3,                               /* SIMD */
    MEMX_ADDRESS = 1, MEMX_VALUE = 2, MEMX_MEMORY = 3, MEMX_OP = 4, MEMX_BYTES = 5, /* MEMX */
    MEMX_OFFSET_WORD = 4,                           /* MEMX */
    V128_WORD = 3,                                  /* V128: two words */
};
/* MEMX_OP holds the wasm opcode; a 0xFD one has this bit added, so the spaces never meet. */
#define WR_MEMX_SIMD 0x100u

#define WR_FIELD(pc, k) ((pc)[1 + (k) / 2].u32[(k) % 2])
#define WR_SFIELD(pc, k) ((pc)[1 + (k) / 2].i32[(k) % 2])
#define WR_WORD(pc, w) ((pc)[w])

/* ---------------------------------------------------------------- the internal ops
 *
 * The lists below expand WR_IOP(name, format) for every internal op: define WR_IOP
 * before expanding one and #undef it after (the numeric ops come from another file's
 * list, which cannot pass a macro argument along). WR_IOPS() is all of them.
 */

/* The numeric ops: the single-byte and 0xFC ops of decode/oplist.h whose signature is UN
 * or BIN (CAST ops need no code). Each has an internal op IOP_<id> and a handler of the
 * same name, so a new numeric op needs its line in oplist.h and its handler in exec.c.
 * A signature shape not listed here is a compile error, not a silently dropped op. */
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
#define WR_NUMERIC_UNARY(id) WR_IOP(id, UNARY)
#define WR_NUMERIC_BINARY(id) WR_IOP(id, BINARY)
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

#define WR_OTHER_OPS()                                                                      \
    WR_IOP(unreachable, BARE) WR_IOP(br, BR) WR_IOP(br_if, BR_IF) WR_IOP(br_unless, BR_IF)   \
    WR_IOP(br_table, BR_TABLE) WR_IOP(copy, UNARY) WR_IOP(copy2, UNARY)                       \
    WR_IOP(copy_pair, COPY_PAIR) WR_IOP(const32, DST_IMM) WR_IOP(const64, DST_IMM64)          \
    WR_IOP(ret, BARE) WR_IOP(ret1, SRC) WR_IOP(call, CALL) WR_IOP(call_zero, CALL)            \
    WR_IOP(call_func, CALL_FUNC) WR_IOP(call_indirect, CALL_INDIRECT) WR_IOP(select, SELECT)  \
    WR_IOP(return_call, CALL_FUNC) WR_IOP(return_call_indirect, CALL_INDIRECT)               \
    WR_IOP(select2, SELECT) WR_IOP(global_get, DST_IMM) WR_IOP(global_set, SRC_IMM)           \
    WR_IOP(global_get2, DST_IMM) WR_IOP(global_set2, SRC_IMM) WR_IOP(ref_is_null, UNARY)      \
    WR_IOP(ref_func, DST_IMM) WR_IOP(table_get, TABLE_GET) WR_IOP(table_set, TABLE_SET)       \
    WR_IOP(table_size, DST_IMM) WR_IOP(table_grow, TABLE_GROW) WR_IOP(table_fill, BULK)       \
    WR_IOP(table_copy, BULK_TABLE) WR_IOP(table_init, BULK_TABLE) WR_IOP(elem_drop, IMM)      \
    WR_IOP(memory_size, DST_IMM) WR_IOP(memory_grow, BINARY) WR_IOP(memory_fill, BULK)        \
    WR_IOP(memory_copy, BULK_TABLE) WR_IOP(memory_init, BULK_TABLE) WR_IOP(data_drop, IMM)    \
    WR_IOP(memx, MEMX)                                                                        \
    WR_IOP(const128, V128) WR_IOP(simd, SIMD) WR_IOP(simd_vv, SIMD) WR_IOP(simd_shuffle, V128) \
    WR_IOP(throw, THROW) WR_IOP(throw_ref, SRC)

/* Typed function references (3.0): calls through a reference, the null test that
 * traps, and the two branches on null. */
#define WR_REF_OPS()                                                                        \
    WR_IOP(call_ref, CALL_INDIRECT) WR_IOP(return_call_ref, CALL_INDIRECT)                   \
    WR_IOP(ref_as_non_null, UNARY) WR_IOP(br_null, BR_IF) WR_IOP(br_non_null, BR_IF)

/* Memory accesses, as M(name, format). Each has a second handler, <name>_g,
 * without the bounds check, for modules whose engine relies on guard regions (see
 * docs/interpreter.md): the translator stores the same ops either way and only the
 * handler table it uses differs. */
#define WR_MEM_OPS(M)                                                                        \
    M(i32_load, LOAD) M(i64_load, LOAD) M(i32_load8_s, LOAD)         \
    M(i32_load8_u, LOAD) M(i32_load16_s, LOAD) M(i32_load16_u, LOAD) \
    M(i64_load8_s, LOAD) M(i64_load8_u, LOAD) M(i64_load16_s, LOAD) \
    M(i64_load16_u, LOAD) M(i64_load32_s, LOAD)                              \
    M(i64_load32_u, LOAD) M(i32_store, STORE) M(i64_store, STORE)    \
    M(store8, STORE) M(store16, STORE) M(i32_store_imm, STORE)       \
    M(i64_store_imm, STORE) M(store8_imm, STORE)                             \
    M(store16_imm, STORE) M(v128_load, LOAD_X) M(simd_load, LOAD_X) \
    M(simd_store, STORE) M(simd_load_lane, LOAD_X)                           \
    M(simd_store_lane, STORE_X) WR_LOAD_OPERAND_OPS(M)

/* Arithmetic whose right operand a full-width load just produced: the op reads memory
 * itself, one dispatch instead of two. */
#define WR_LOAD_OPERAND_OPS(M)                                                               \
    M(i32_add_load, LOAD_OPERAND) M(i64_add_load, LOAD_OPERAND)              \
    M(f32_add_load, LOAD_OPERAND) M(f32_mul_load, LOAD_OPERAND)              \
    M(f64_add_load, LOAD_OPERAND) M(f64_sub_load, LOAD_OPERAND)              \
    M(f64_mul_load, LOAD_OPERAND)

#define WR_IOP_IMM(name) WR_IOP(name##_imm, BINARY_IMM)
#define WR_IOP_BR32(name) WR_IOP(br_i32_##name, BR_CMP) WR_IOP(br_i32_##name##_imm, BR_CMP)
#define WR_IOP_BR64(name) WR_IOP(br_i64_##name, BR_CMP) WR_IOP(br_i64_##name##_imm, BR_CMP)
#define WR_IOP_BRF64(name) WR_IOP(br_f64_##name, BR_CMP) WR_IOP(br_f64_##name##_imm, BR_CMP_IMM64)
#define WR_IOP_SIMD(name) WR_IOP(simd_##name, BINARY)
#define WR_IOP_MEM(name, format) WR_IOP(name, format)
#define WR_IOP_MEM_GUARDED(name, format) WR_IOP(name##_g, format)

/* Every op but the memory accesses. */
#define WR_COMMON_IOPS()                                                                    \
    WR_NUMERIC_OPS() WR_IMM_OPS(WR_IOP_IMM) WR_I32_CMPS(WR_IOP_BR32)                         \
    WR_I32_CMPS(WR_IOP_BR64) WR_F64_BR_CMPS(WR_IOP_BRF64) WR_SIMD_INLINE_OPS(WR_IOP_SIMD)     \
    WR_OTHER_OPS() WR_REF_OPS()
#define WR_IOPS() WR_COMMON_IOPS() WR_MEM_OPS(WR_IOP_MEM) WR_MEM_OPS(WR_IOP_MEM_GUARDED)

#define WR_IOP(name, format) IOP_##name,
/* IOP_NONE is no instruction: a table entry left at zero means "no internal op", which
 * the translator rejects instead of emitting. */
typedef enum wr_iop { IOP_NONE = 0, WR_IOPS() IOP_COUNT } wr_iop;
#undef WR_IOP

/* The words of each op, its format's length: WR_LEN_<op>. */
#define WR_IOP(name, format) WR_LEN_##name = WR_WORDS_##format,
enum { WR_IOPS() };
#undef WR_IOP

/* The same at run time, and the ops' names, for code walkers and tests (ops.c);
 * IOP_NONE has length 0. */
extern const uint8_t wr_iop_words[IOP_COUNT];
extern const char *const wr_iop_names[IOP_COUNT];

#endif
