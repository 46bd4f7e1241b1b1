/*
 * The WebAssembly 2.0 instruction set, one list per opcode space: single-byte opcodes,
 * the 0xFC family and the 0xFD (SIMD) family, each numbered by its LEB128 sub-opcode.
 * This is the one place an opcode is described; the enums (opcodes.h), the name,
 * signature and immediate tables (ops.c), the interpreter's numeric handlers
 * (interp/ops.h) and the tests are all generated from it.
 *
 * Each entry is X(code, id, text, sig, imm):
 *   code  the byte or sub-opcode;
 *   id    the identifier: OP_<id>, OPFC_<id> or OPFD_<id>;
 *   text  the text-format mnemonic, for messages and disassembly;
 *   sig   the stack effect when it does not depend on the module or the function, with
 *         value types written without their WR_ prefix:
 *           UN(t, r)      pops a t, pushes an r            BIN(t, r)  pops two t, pushes r
 *           CAST(t, r)    UN whose result has the operand's bits (no code needed)
 *           TERN(t)       pops three t, pushes a t         CONST(r)   pushes an r
 *           LOAD(r, a)    pops an i32 address, pushes r    STORE(t, a) pops address and t
 *           LOAD_LANE(a), STORE_LANE(a)   the same with a v128 operand and a lane
 *           EXTRACT(r, n), REPLACE(t, n)  lane moves over n lanes
 *           SHIFT()       v128 shifted by an i32           SHUFFLE()  two v128 in, one out
 *         where a is log2 of the natural alignment; CTX when typing needs context
 *         (control, calls, locals, globals, tables, references, bulk memory);
 *   imm   the immediates that follow (wr_immkind in ops.h, without its WR_IMM_ prefix).
 *
 * The sig and imm columns are only ever pasted onto a prefix (WR_SIG_##sig), never
 * expanded on their own, so their words may be anything.
 */
#ifndef WR_DECODE_OPLIST_H
#define WR_DECODE_OPLIST_H

#define WR_OPS_SINGLE(X)                                                                         \
    X(0x00, unreachable, "unreachable", CTX, NONE)                                                \
    X(0x01, nop, "nop", CTX, NONE)                                                                \
    X(0x02, block, "block", CTX, BLOCKTYPE)                                                       \
    X(0x03, loop, "loop", CTX, BLOCKTYPE)                                                         \
    X(0x04, if, "if", CTX, BLOCKTYPE)                                                             \
    X(0x05, else, "else", CTX, NONE)                                                              \
    X(0x08, throw, "throw", CTX, INDEX)                                                           \
    X(0x0A, throw_ref, "throw_ref", CTX, NONE)                                                    \
    X(0x0B, end, "end", CTX, NONE)                                                                \
    X(0x0C, br, "br", CTX, INDEX)                                                                 \
    X(0x0D, br_if, "br_if", CTX, INDEX)                                                           \
    X(0x0E, br_table, "br_table", CTX, BR_TABLE)                                                  \
    X(0x0F, return, "return", CTX, NONE)                                                          \
    X(0x10, call, "call", CTX, INDEX)                                                             \
    X(0x11, call_indirect, "call_indirect", CTX, INDEX2)                                          \
    X(0x12, return_call, "return_call", CTX, INDEX)                                               \
    X(0x13, return_call_indirect, "return_call_indirect", CTX, INDEX2)                            \
    X(0x14, call_ref, "call_ref", CTX, INDEX)                                                     \
    X(0x15, return_call_ref, "return_call_ref", CTX, INDEX)                                       \
    X(0x1A, drop, "drop", CTX, NONE)                                                              \
    X(0x1B, select, "select", CTX, NONE)                                                          \
    X(0x1C, select_t, "select", CTX, SELECT_T)                                                    \
    X(0x1F, try_table, "try_table", CTX, TRY_TABLE)                                               \
    X(0x20, local_get, "local.get", CTX, INDEX)                                                   \
    X(0x21, local_set, "local.set", CTX, INDEX)                                                   \
    X(0x22, local_tee, "local.tee", CTX, INDEX)                                                   \
    X(0x23, global_get, "global.get", CTX, INDEX)                                                 \
    X(0x24, global_set, "global.set", CTX, INDEX)                                                 \
    X(0x25, table_get, "table.get", CTX, INDEX)                                                   \
    X(0x26, table_set, "table.set", CTX, INDEX)                                                   \
    X(0x28, i32_load, "i32.load", LOAD(I32, 2), MEMARG)                                           \
    X(0x29, i64_load, "i64.load", LOAD(I64, 3), MEMARG)                                           \
    X(0x2A, f32_load, "f32.load", LOAD(F32, 2), MEMARG)                                           \
    X(0x2B, f64_load, "f64.load", LOAD(F64, 3), MEMARG)                                           \
    X(0x2C, i32_load8_s, "i32.load8_s", LOAD(I32, 0), MEMARG)                                     \
    X(0x2D, i32_load8_u, "i32.load8_u", LOAD(I32, 0), MEMARG)                                     \
    X(0x2E, i32_load16_s, "i32.load16_s", LOAD(I32, 1), MEMARG)                                   \
    X(0x2F, i32_load16_u, "i32.load16_u", LOAD(I32, 1), MEMARG)                                   \
    X(0x30, i64_load8_s, "i64.load8_s", LOAD(I64, 0), MEMARG)                                     \
    X(0x31, i64_load8_u, "i64.load8_u", LOAD(I64, 0), MEMARG)                                     \
    X(0x32, i64_load16_s, "i64.load16_s", LOAD(I64, 1), MEMARG)                                   \
    X(0x33, i64_load16_u, "i64.load16_u", LOAD(I64, 1), MEMARG)                                   \
    X(0x34, i64_load32_s, "i64.load32_s", LOAD(I64, 2), MEMARG)                                   \
    X(0x35, i64_load32_u, "i64.load32_u", LOAD(I64, 2), MEMARG)                                   \
    X(0x36, i32_store, "i32.store", STORE(I32, 2), MEMARG)                                        \
    X(0x37, i64_store, "i64.store", STORE(I64, 3), MEMARG)                                        \
    X(0x38, f32_store, "f32.store", STORE(F32, 2), MEMARG)                                        \
    X(0x39, f64_store, "f64.store", STORE(F64, 3), MEMARG)                                        \
    X(0x3A, i32_store8, "i32.store8", STORE(I32, 0), MEMARG)                                      \
    X(0x3B, i32_store16, "i32.store16", STORE(I32, 1), MEMARG)                                    \
    X(0x3C, i64_store8, "i64.store8", STORE(I64, 0), MEMARG)                                      \
    X(0x3D, i64_store16, "i64.store16", STORE(I64, 1), MEMARG)                                    \
    X(0x3E, i64_store32, "i64.store32", STORE(I64, 2), MEMARG)                                    \
    X(0x3F, memory_size, "memory.size", CTX, MEMORY)                                              \
    X(0x40, memory_grow, "memory.grow", CTX, MEMORY)                                              \
    X(0x41, i32_const, "i32.const", CONST(I32), I32)                                              \
    X(0x42, i64_const, "i64.const", CONST(I64), I64)                                              \
    X(0x43, f32_const, "f32.const", CONST(F32), F32)                                              \
    X(0x44, f64_const, "f64.const", CONST(F64), F64)                                              \
    X(0x45, i32_eqz, "i32.eqz", UN(I32, I32), NONE)                                               \
    X(0x46, i32_eq, "i32.eq", BIN(I32, I32), NONE)                                                \
    X(0x47, i32_ne, "i32.ne", BIN(I32, I32), NONE)                                                \
    X(0x48, i32_lt_s, "i32.lt_s", BIN(I32, I32), NONE)                                            \
    X(0x49, i32_lt_u, "i32.lt_u", BIN(I32, I32), NONE)                                            \
    X(0x4A, i32_gt_s, "i32.gt_s", BIN(I32, I32), NONE)                                            \
    X(0x4B, i32_gt_u, "i32.gt_u", BIN(I32, I32), NONE)                                            \
    X(0x4C, i32_le_s, "i32.le_s", BIN(I32, I32), NONE)                                            \
    X(0x4D, i32_le_u, "i32.le_u", BIN(I32, I32), NONE)                                            \
    X(0x4E, i32_ge_s, "i32.ge_s", BIN(I32, I32), NONE)                                            \
    X(0x4F, i32_ge_u, "i32.ge_u", BIN(I32, I32), NONE)                                            \
    X(0x50, i64_eqz, "i64.eqz", UN(I64, I32), NONE)                                               \
    X(0x51, i64_eq, "i64.eq", BIN(I64, I32), NONE)                                                \
    X(0x52, i64_ne, "i64.ne", BIN(I64, I32), NONE)                                                \
    X(0x53, i64_lt_s, "i64.lt_s", BIN(I64, I32), NONE)                                            \
    X(0x54, i64_lt_u, "i64.lt_u", BIN(I64, I32), NONE)                                            \
    X(0x55, i64_gt_s, "i64.gt_s", BIN(I64, I32), NONE)                                            \
    X(0x56, i64_gt_u, "i64.gt_u", BIN(I64, I32), NONE)                                            \
    X(0x57, i64_le_s, "i64.le_s", BIN(I64, I32), NONE)                                            \
    X(0x58, i64_le_u, "i64.le_u", BIN(I64, I32), NONE)                                            \
    X(0x59, i64_ge_s, "i64.ge_s", BIN(I64, I32), NONE)                                            \
    X(0x5A, i64_ge_u, "i64.ge_u", BIN(I64, I32), NONE)                                            \
    X(0x5B, f32_eq, "f32.eq", BIN(F32, I32), NONE)                                                \
    X(0x5C, f32_ne, "f32.ne", BIN(F32, I32), NONE)                                                \
    X(0x5D, f32_lt, "f32.lt", BIN(F32, I32), NONE)                                                \
    X(0x5E, f32_gt, "f32.gt", BIN(F32, I32), NONE)                                                \
    X(0x5F, f32_le, "f32.le", BIN(F32, I32), NONE)                                                \
    X(0x60, f32_ge, "f32.ge", BIN(F32, I32), NONE)                                                \
    X(0x61, f64_eq, "f64.eq", BIN(F64, I32), NONE)                                                \
    X(0x62, f64_ne, "f64.ne", BIN(F64, I32), NONE)                                                \
    X(0x63, f64_lt, "f64.lt", BIN(F64, I32), NONE)                                                \
    X(0x64, f64_gt, "f64.gt", BIN(F64, I32), NONE)                                                \
    X(0x65, f64_le, "f64.le", BIN(F64, I32), NONE)                                                \
    X(0x66, f64_ge, "f64.ge", BIN(F64, I32), NONE)                                                \
    X(0x67, i32_clz, "i32.clz", UN(I32, I32), NONE)                                               \
    X(0x68, i32_ctz, "i32.ctz", UN(I32, I32), NONE)                                               \
    X(0x69, i32_popcnt, "i32.popcnt", UN(I32, I32), NONE)                                         \
    X(0x6A, i32_add, "i32.add", BIN(I32, I32), NONE)                                              \
    X(0x6B, i32_sub, "i32.sub", BIN(I32, I32), NONE)                                              \
    X(0x6C, i32_mul, "i32.mul", BIN(I32, I32), NONE)                                              \
    X(0x6D, i32_div_s, "i32.div_s", BIN(I32, I32), NONE)                                          \
    X(0x6E, i32_div_u, "i32.div_u", BIN(I32, I32), NONE)                                          \
    X(0x6F, i32_rem_s, "i32.rem_s", BIN(I32, I32), NONE)                                          \
    X(0x70, i32_rem_u, "i32.rem_u", BIN(I32, I32), NONE)                                          \
    X(0x71, i32_and, "i32.and", BIN(I32, I32), NONE)                                              \
    X(0x72, i32_or, "i32.or", BIN(I32, I32), NONE)                                                \
    X(0x73, i32_xor, "i32.xor", BIN(I32, I32), NONE)                                              \
    X(0x74, i32_shl, "i32.shl", BIN(I32, I32), NONE)                                              \
    X(0x75, i32_shr_s, "i32.shr_s", BIN(I32, I32), NONE)                                          \
    X(0x76, i32_shr_u, "i32.shr_u", BIN(I32, I32), NONE)                                          \
    X(0x77, i32_rotl, "i32.rotl", BIN(I32, I32), NONE)                                            \
    X(0x78, i32_rotr, "i32.rotr", BIN(I32, I32), NONE)                                            \
    X(0x79, i64_clz, "i64.clz", UN(I64, I64), NONE)                                               \
    X(0x7A, i64_ctz, "i64.ctz", UN(I64, I64), NONE)                                               \
    X(0x7B, i64_popcnt, "i64.popcnt", UN(I64, I64), NONE)                                         \
    X(0x7C, i64_add, "i64.add", BIN(I64, I64), NONE)                                              \
    X(0x7D, i64_sub, "i64.sub", BIN(I64, I64), NONE)                                              \
    X(0x7E, i64_mul, "i64.mul", BIN(I64, I64), NONE)                                              \
    X(0x7F, i64_div_s, "i64.div_s", BIN(I64, I64), NONE)                                          \
    X(0x80, i64_div_u, "i64.div_u", BIN(I64, I64), NONE)                                          \
    X(0x81, i64_rem_s, "i64.rem_s", BIN(I64, I64), NONE)                                          \
    X(0x82, i64_rem_u, "i64.rem_u", BIN(I64, I64), NONE)                                          \
    X(0x83, i64_and, "i64.and", BIN(I64, I64), NONE)                                              \
    X(0x84, i64_or, "i64.or", BIN(I64, I64), NONE)                                                \
    X(0x85, i64_xor, "i64.xor", BIN(I64, I64), NONE)                                              \
    X(0x86, i64_shl, "i64.shl", BIN(I64, I64), NONE)                                              \
    X(0x87, i64_shr_s, "i64.shr_s", BIN(I64, I64), NONE)                                          \
    X(0x88, i64_shr_u, "i64.shr_u", BIN(I64, I64), NONE)                                          \
    X(0x89, i64_rotl, "i64.rotl", BIN(I64, I64), NONE)                                            \
    X(0x8A, i64_rotr, "i64.rotr", BIN(I64, I64), NONE)                                            \
    X(0x8B, f32_abs, "f32.abs", UN(F32, F32), NONE)                                               \
    X(0x8C, f32_neg, "f32.neg", UN(F32, F32), NONE)                                               \
    X(0x8D, f32_ceil, "f32.ceil", UN(F32, F32), NONE)                                             \
    X(0x8E, f32_floor, "f32.floor", UN(F32, F32), NONE)                                           \
    X(0x8F, f32_trunc, "f32.trunc", UN(F32, F32), NONE)                                           \
    X(0x90, f32_nearest, "f32.nearest", UN(F32, F32), NONE)                                       \
    X(0x91, f32_sqrt, "f32.sqrt", UN(F32, F32), NONE)                                             \
    X(0x92, f32_add, "f32.add", BIN(F32, F32), NONE)                                              \
    X(0x93, f32_sub, "f32.sub", BIN(F32, F32), NONE)                                              \
    X(0x94, f32_mul, "f32.mul", BIN(F32, F32), NONE)                                              \
    X(0x95, f32_div, "f32.div", BIN(F32, F32), NONE)                                              \
    X(0x96, f32_min, "f32.min", BIN(F32, F32), NONE)                                              \
    X(0x97, f32_max, "f32.max", BIN(F32, F32), NONE)                                              \
    X(0x98, f32_copysign, "f32.copysign", BIN(F32, F32), NONE)                                    \
    X(0x99, f64_abs, "f64.abs", UN(F64, F64), NONE)                                               \
    X(0x9A, f64_neg, "f64.neg", UN(F64, F64), NONE)                                               \
    X(0x9B, f64_ceil, "f64.ceil", UN(F64, F64), NONE)                                             \
    X(0x9C, f64_floor, "f64.floor", UN(F64, F64), NONE)                                           \
    X(0x9D, f64_trunc, "f64.trunc", UN(F64, F64), NONE)                                           \
    X(0x9E, f64_nearest, "f64.nearest", UN(F64, F64), NONE)                                       \
    X(0x9F, f64_sqrt, "f64.sqrt", UN(F64, F64), NONE)                                             \
    X(0xA0, f64_add, "f64.add", BIN(F64, F64), NONE)                                              \
    X(0xA1, f64_sub, "f64.sub", BIN(F64, F64), NONE)                                              \
    X(0xA2, f64_mul, "f64.mul", BIN(F64, F64), NONE)                                              \
    X(0xA3, f64_div, "f64.div", BIN(F64, F64), NONE)                                              \
    X(0xA4, f64_min, "f64.min", BIN(F64, F64), NONE)                                              \
    X(0xA5, f64_max, "f64.max", BIN(F64, F64), NONE)                                              \
    X(0xA6, f64_copysign, "f64.copysign", BIN(F64, F64), NONE)                                    \
    X(0xA7, i32_wrap_i64, "i32.wrap_i64", CAST(I64, I32), NONE)                                   \
    X(0xA8, i32_trunc_f32_s, "i32.trunc_f32_s", UN(F32, I32), NONE)                               \
    X(0xA9, i32_trunc_f32_u, "i32.trunc_f32_u", UN(F32, I32), NONE)                               \
    X(0xAA, i32_trunc_f64_s, "i32.trunc_f64_s", UN(F64, I32), NONE)                               \
    X(0xAB, i32_trunc_f64_u, "i32.trunc_f64_u", UN(F64, I32), NONE)                               \
    X(0xAC, i64_extend_i32_s, "i64.extend_i32_s", UN(I32, I64), NONE)                             \
    X(0xAD, i64_extend_i32_u, "i64.extend_i32_u", UN(I32, I64), NONE)                             \
    X(0xAE, i64_trunc_f32_s, "i64.trunc_f32_s", UN(F32, I64), NONE)                               \
    X(0xAF, i64_trunc_f32_u, "i64.trunc_f32_u", UN(F32, I64), NONE)                               \
    X(0xB0, i64_trunc_f64_s, "i64.trunc_f64_s", UN(F64, I64), NONE)                               \
    X(0xB1, i64_trunc_f64_u, "i64.trunc_f64_u", UN(F64, I64), NONE)                               \
    X(0xB2, f32_convert_i32_s, "f32.convert_i32_s", UN(I32, F32), NONE)                           \
    X(0xB3, f32_convert_i32_u, "f32.convert_i32_u", UN(I32, F32), NONE)                           \
    X(0xB4, f32_convert_i64_s, "f32.convert_i64_s", UN(I64, F32), NONE)                           \
    X(0xB5, f32_convert_i64_u, "f32.convert_i64_u", UN(I64, F32), NONE)                           \
    X(0xB6, f32_demote_f64, "f32.demote_f64", UN(F64, F32), NONE)                                 \
    X(0xB7, f64_convert_i32_s, "f64.convert_i32_s", UN(I32, F64), NONE)                           \
    X(0xB8, f64_convert_i32_u, "f64.convert_i32_u", UN(I32, F64), NONE)                           \
    X(0xB9, f64_convert_i64_s, "f64.convert_i64_s", UN(I64, F64), NONE)                           \
    X(0xBA, f64_convert_i64_u, "f64.convert_i64_u", UN(I64, F64), NONE)                           \
    X(0xBB, f64_promote_f32, "f64.promote_f32", UN(F32, F64), NONE)                               \
    X(0xBC, i32_reinterpret_f32, "i32.reinterpret_f32", CAST(F32, I32), NONE)                     \
    X(0xBD, i64_reinterpret_f64, "i64.reinterpret_f64", CAST(F64, I64), NONE)                     \
    X(0xBE, f32_reinterpret_i32, "f32.reinterpret_i32", CAST(I32, F32), NONE)                     \
    X(0xBF, f64_reinterpret_i64, "f64.reinterpret_i64", CAST(I64, F64), NONE)                     \
    X(0xC0, i32_extend8_s, "i32.extend8_s", UN(I32, I32), NONE)                                   \
    X(0xC1, i32_extend16_s, "i32.extend16_s", UN(I32, I32), NONE)                                 \
    X(0xC2, i64_extend8_s, "i64.extend8_s", UN(I64, I64), NONE)                                   \
    X(0xC3, i64_extend16_s, "i64.extend16_s", UN(I64, I64), NONE)                                 \
    X(0xC4, i64_extend32_s, "i64.extend32_s", UN(I64, I64), NONE)                                 \
    X(0xD0, ref_null, "ref.null", CTX, REFTYPE)                                                   \
    X(0xD1, ref_is_null, "ref.is_null", CTX, NONE)                                                \
    X(0xD2, ref_func, "ref.func", CTX, INDEX)                                                     \
    X(0xD4, ref_as_non_null, "ref.as_non_null", CTX, NONE)                                        \
    X(0xD5, br_on_null, "br_on_null", CTX, INDEX)                                                 \
    X(0xD6, br_on_non_null, "br_on_non_null", CTX, INDEX)

#define WR_OPS_FC(X)                                                                             \
    X(0, i32_trunc_sat_f32_s, "i32.trunc_sat_f32_s", UN(F32, I32), NONE)                          \
    X(1, i32_trunc_sat_f32_u, "i32.trunc_sat_f32_u", UN(F32, I32), NONE)                          \
    X(2, i32_trunc_sat_f64_s, "i32.trunc_sat_f64_s", UN(F64, I32), NONE)                          \
    X(3, i32_trunc_sat_f64_u, "i32.trunc_sat_f64_u", UN(F64, I32), NONE)                          \
    X(4, i64_trunc_sat_f32_s, "i64.trunc_sat_f32_s", UN(F32, I64), NONE)                          \
    X(5, i64_trunc_sat_f32_u, "i64.trunc_sat_f32_u", UN(F32, I64), NONE)                          \
    X(6, i64_trunc_sat_f64_s, "i64.trunc_sat_f64_s", UN(F64, I64), NONE)                          \
    X(7, i64_trunc_sat_f64_u, "i64.trunc_sat_f64_u", UN(F64, I64), NONE)                          \
    X(8, memory_init, "memory.init", CTX, DATA_MEMORY)                                            \
    X(9, data_drop, "data.drop", CTX, INDEX)                                                      \
    X(10, memory_copy, "memory.copy", CTX, MEMORY2)                                               \
    X(11, memory_fill, "memory.fill", CTX, MEMORY)                                                \
    X(12, table_init, "table.init", CTX, INDEX2)                                                  \
    X(13, elem_drop, "elem.drop", CTX, INDEX)                                                     \
    X(14, table_copy, "table.copy", CTX, INDEX2)                                                  \
    X(15, table_grow, "table.grow", CTX, INDEX)                                                   \
    X(16, table_size, "table.size", CTX, INDEX)                                                   \
    X(17, table_fill, "table.fill", CTX, INDEX)

#define WR_OPS_FD(X)                                                                             \
    X(0, v128_load, "v128.load", LOAD(V128, 4), MEMARG)                                           \
    X(1, v128_load8x8_s, "v128.load8x8_s", LOAD(V128, 3), MEMARG)                                 \
    X(2, v128_load8x8_u, "v128.load8x8_u", LOAD(V128, 3), MEMARG)                                 \
    X(3, v128_load16x4_s, "v128.load16x4_s", LOAD(V128, 3), MEMARG)                               \
    X(4, v128_load16x4_u, "v128.load16x4_u", LOAD(V128, 3), MEMARG)                               \
    X(5, v128_load32x2_s, "v128.load32x2_s", LOAD(V128, 3), MEMARG)                               \
    X(6, v128_load32x2_u, "v128.load32x2_u", LOAD(V128, 3), MEMARG)                               \
    X(7, v128_load8_splat, "v128.load8_splat", LOAD(V128, 0), MEMARG)                             \
    X(8, v128_load16_splat, "v128.load16_splat", LOAD(V128, 1), MEMARG)                           \
    X(9, v128_load32_splat, "v128.load32_splat", LOAD(V128, 2), MEMARG)                           \
    X(10, v128_load64_splat, "v128.load64_splat", LOAD(V128, 3), MEMARG)                          \
    X(11, v128_store, "v128.store", STORE(V128, 4), MEMARG)                                       \
    X(12, v128_const, "v128.const", CONST(V128), V128)                                            \
    X(13, i8x16_shuffle, "i8x16.shuffle", SHUFFLE(), SHUFFLE)                                     \
    X(14, i8x16_swizzle, "i8x16.swizzle", BIN(V128, V128), NONE)                                  \
    X(15, i8x16_splat, "i8x16.splat", UN(I32, V128), NONE)                                        \
    X(16, i16x8_splat, "i16x8.splat", UN(I32, V128), NONE)                                        \
    X(17, i32x4_splat, "i32x4.splat", UN(I32, V128), NONE)                                        \
    X(18, i64x2_splat, "i64x2.splat", UN(I64, V128), NONE)                                        \
    X(19, f32x4_splat, "f32x4.splat", UN(F32, V128), NONE)                                        \
    X(20, f64x2_splat, "f64x2.splat", UN(F64, V128), NONE)                                        \
    X(21, i8x16_extract_lane_s, "i8x16.extract_lane_s", EXTRACT(I32, 16), LANE)                   \
    X(22, i8x16_extract_lane_u, "i8x16.extract_lane_u", EXTRACT(I32, 16), LANE)                   \
    X(23, i8x16_replace_lane, "i8x16.replace_lane", REPLACE(I32, 16), LANE)                       \
    X(24, i16x8_extract_lane_s, "i16x8.extract_lane_s", EXTRACT(I32, 8), LANE)                    \
    X(25, i16x8_extract_lane_u, "i16x8.extract_lane_u", EXTRACT(I32, 8), LANE)                    \
    X(26, i16x8_replace_lane, "i16x8.replace_lane", REPLACE(I32, 8), LANE)                        \
    X(27, i32x4_extract_lane, "i32x4.extract_lane", EXTRACT(I32, 4), LANE)                        \
    X(28, i32x4_replace_lane, "i32x4.replace_lane", REPLACE(I32, 4), LANE)                        \
    X(29, i64x2_extract_lane, "i64x2.extract_lane", EXTRACT(I64, 2), LANE)                        \
    X(30, i64x2_replace_lane, "i64x2.replace_lane", REPLACE(I64, 2), LANE)                        \
    X(31, f32x4_extract_lane, "f32x4.extract_lane", EXTRACT(F32, 4), LANE)                        \
    X(32, f32x4_replace_lane, "f32x4.replace_lane", REPLACE(F32, 4), LANE)                        \
    X(33, f64x2_extract_lane, "f64x2.extract_lane", EXTRACT(F64, 2), LANE)                        \
    X(34, f64x2_replace_lane, "f64x2.replace_lane", REPLACE(F64, 2), LANE)                        \
    X(35, i8x16_eq, "i8x16.eq", BIN(V128, V128), NONE)                                            \
    X(36, i8x16_ne, "i8x16.ne", BIN(V128, V128), NONE)                                            \
    X(37, i8x16_lt_s, "i8x16.lt_s", BIN(V128, V128), NONE)                                        \
    X(38, i8x16_lt_u, "i8x16.lt_u", BIN(V128, V128), NONE)                                        \
    X(39, i8x16_gt_s, "i8x16.gt_s", BIN(V128, V128), NONE)                                        \
    X(40, i8x16_gt_u, "i8x16.gt_u", BIN(V128, V128), NONE)                                        \
    X(41, i8x16_le_s, "i8x16.le_s", BIN(V128, V128), NONE)                                        \
    X(42, i8x16_le_u, "i8x16.le_u", BIN(V128, V128), NONE)                                        \
    X(43, i8x16_ge_s, "i8x16.ge_s", BIN(V128, V128), NONE)                                        \
    X(44, i8x16_ge_u, "i8x16.ge_u", BIN(V128, V128), NONE)                                        \
    X(45, i16x8_eq, "i16x8.eq", BIN(V128, V128), NONE)                                            \
    X(46, i16x8_ne, "i16x8.ne", BIN(V128, V128), NONE)                                            \
    X(47, i16x8_lt_s, "i16x8.lt_s", BIN(V128, V128), NONE)                                        \
    X(48, i16x8_lt_u, "i16x8.lt_u", BIN(V128, V128), NONE)                                        \
    X(49, i16x8_gt_s, "i16x8.gt_s", BIN(V128, V128), NONE)                                        \
    X(50, i16x8_gt_u, "i16x8.gt_u", BIN(V128, V128), NONE)                                        \
    X(51, i16x8_le_s, "i16x8.le_s", BIN(V128, V128), NONE)                                        \
    X(52, i16x8_le_u, "i16x8.le_u", BIN(V128, V128), NONE)                                        \
    X(53, i16x8_ge_s, "i16x8.ge_s", BIN(V128, V128), NONE)                                        \
    X(54, i16x8_ge_u, "i16x8.ge_u", BIN(V128, V128), NONE)                                        \
    X(55, i32x4_eq, "i32x4.eq", BIN(V128, V128), NONE)                                            \
    X(56, i32x4_ne, "i32x4.ne", BIN(V128, V128), NONE)                                            \
    X(57, i32x4_lt_s, "i32x4.lt_s", BIN(V128, V128), NONE)                                        \
    X(58, i32x4_lt_u, "i32x4.lt_u", BIN(V128, V128), NONE)                                        \
    X(59, i32x4_gt_s, "i32x4.gt_s", BIN(V128, V128), NONE)                                        \
    X(60, i32x4_gt_u, "i32x4.gt_u", BIN(V128, V128), NONE)                                        \
    X(61, i32x4_le_s, "i32x4.le_s", BIN(V128, V128), NONE)                                        \
    X(62, i32x4_le_u, "i32x4.le_u", BIN(V128, V128), NONE)                                        \
    X(63, i32x4_ge_s, "i32x4.ge_s", BIN(V128, V128), NONE)                                        \
    X(64, i32x4_ge_u, "i32x4.ge_u", BIN(V128, V128), NONE)                                        \
    X(65, f32x4_eq, "f32x4.eq", BIN(V128, V128), NONE)                                            \
    X(66, f32x4_ne, "f32x4.ne", BIN(V128, V128), NONE)                                            \
    X(67, f32x4_lt, "f32x4.lt", BIN(V128, V128), NONE)                                            \
    X(68, f32x4_gt, "f32x4.gt", BIN(V128, V128), NONE)                                            \
    X(69, f32x4_le, "f32x4.le", BIN(V128, V128), NONE)                                            \
    X(70, f32x4_ge, "f32x4.ge", BIN(V128, V128), NONE)                                            \
    X(71, f64x2_eq, "f64x2.eq", BIN(V128, V128), NONE)                                            \
    X(72, f64x2_ne, "f64x2.ne", BIN(V128, V128), NONE)                                            \
    X(73, f64x2_lt, "f64x2.lt", BIN(V128, V128), NONE)                                            \
    X(74, f64x2_gt, "f64x2.gt", BIN(V128, V128), NONE)                                            \
    X(75, f64x2_le, "f64x2.le", BIN(V128, V128), NONE)                                            \
    X(76, f64x2_ge, "f64x2.ge", BIN(V128, V128), NONE)                                            \
    X(77, v128_not, "v128.not", UN(V128, V128), NONE)                                             \
    X(78, v128_and, "v128.and", BIN(V128, V128), NONE)                                            \
    X(79, v128_andnot, "v128.andnot", BIN(V128, V128), NONE)                                      \
    X(80, v128_or, "v128.or", BIN(V128, V128), NONE)                                              \
    X(81, v128_xor, "v128.xor", BIN(V128, V128), NONE)                                            \
    X(82, v128_bitselect, "v128.bitselect", TERN(V128), NONE)                                     \
    X(83, v128_any_true, "v128.any_true", UN(V128, I32), NONE)                                    \
    X(84, v128_load8_lane, "v128.load8_lane", LOAD_LANE(0), MEMARG_LANE)                          \
    X(85, v128_load16_lane, "v128.load16_lane", LOAD_LANE(1), MEMARG_LANE)                        \
    X(86, v128_load32_lane, "v128.load32_lane", LOAD_LANE(2), MEMARG_LANE)                        \
    X(87, v128_load64_lane, "v128.load64_lane", LOAD_LANE(3), MEMARG_LANE)                        \
    X(88, v128_store8_lane, "v128.store8_lane", STORE_LANE(0), MEMARG_LANE)                       \
    X(89, v128_store16_lane, "v128.store16_lane", STORE_LANE(1), MEMARG_LANE)                     \
    X(90, v128_store32_lane, "v128.store32_lane", STORE_LANE(2), MEMARG_LANE)                     \
    X(91, v128_store64_lane, "v128.store64_lane", STORE_LANE(3), MEMARG_LANE)                     \
    X(92, v128_load32_zero, "v128.load32_zero", LOAD(V128, 2), MEMARG)                            \
    X(93, v128_load64_zero, "v128.load64_zero", LOAD(V128, 3), MEMARG)                            \
    X(94, f32x4_demote_f64x2_zero, "f32x4.demote_f64x2_zero", UN(V128, V128), NONE)               \
    X(95, f64x2_promote_low_f32x4, "f64x2.promote_low_f32x4", UN(V128, V128), NONE)               \
    X(96, i8x16_abs, "i8x16.abs", UN(V128, V128), NONE)                                           \
    X(97, i8x16_neg, "i8x16.neg", UN(V128, V128), NONE)                                           \
    X(98, i8x16_popcnt, "i8x16.popcnt", UN(V128, V128), NONE)                                     \
    X(99, i8x16_all_true, "i8x16.all_true", UN(V128, I32), NONE)                                  \
    X(100, i8x16_bitmask, "i8x16.bitmask", UN(V128, I32), NONE)                                   \
    X(101, i8x16_narrow_i16x8_s, "i8x16.narrow_i16x8_s", BIN(V128, V128), NONE)                   \
    X(102, i8x16_narrow_i16x8_u, "i8x16.narrow_i16x8_u", BIN(V128, V128), NONE)                   \
    X(103, f32x4_ceil, "f32x4.ceil", UN(V128, V128), NONE)                                        \
    X(104, f32x4_floor, "f32x4.floor", UN(V128, V128), NONE)                                      \
    X(105, f32x4_trunc, "f32x4.trunc", UN(V128, V128), NONE)                                      \
    X(106, f32x4_nearest, "f32x4.nearest", UN(V128, V128), NONE)                                  \
    X(107, i8x16_shl, "i8x16.shl", SHIFT(), NONE)                                                 \
    X(108, i8x16_shr_s, "i8x16.shr_s", SHIFT(), NONE)                                             \
    X(109, i8x16_shr_u, "i8x16.shr_u", SHIFT(), NONE)                                             \
    X(110, i8x16_add, "i8x16.add", BIN(V128, V128), NONE)                                         \
    X(111, i8x16_add_sat_s, "i8x16.add_sat_s", BIN(V128, V128), NONE)                             \
    X(112, i8x16_add_sat_u, "i8x16.add_sat_u", BIN(V128, V128), NONE)                             \
    X(113, i8x16_sub, "i8x16.sub", BIN(V128, V128), NONE)                                         \
    X(114, i8x16_sub_sat_s, "i8x16.sub_sat_s", BIN(V128, V128), NONE)                             \
    X(115, i8x16_sub_sat_u, "i8x16.sub_sat_u", BIN(V128, V128), NONE)                             \
    X(116, f64x2_ceil, "f64x2.ceil", UN(V128, V128), NONE)                                        \
    X(117, f64x2_floor, "f64x2.floor", UN(V128, V128), NONE)                                      \
    X(118, i8x16_min_s, "i8x16.min_s", BIN(V128, V128), NONE)                                     \
    X(119, i8x16_min_u, "i8x16.min_u", BIN(V128, V128), NONE)                                     \
    X(120, i8x16_max_s, "i8x16.max_s", BIN(V128, V128), NONE)                                     \
    X(121, i8x16_max_u, "i8x16.max_u", BIN(V128, V128), NONE)                                     \
    X(122, f64x2_trunc, "f64x2.trunc", UN(V128, V128), NONE)                                      \
    X(123, i8x16_avgr_u, "i8x16.avgr_u", BIN(V128, V128), NONE)                                   \
    X(124, i16x8_extadd_pairwise_i8x16_s, "i16x8.extadd_pairwise_i8x16_s", UN(V128, V128), NONE)  \
    X(125, i16x8_extadd_pairwise_i8x16_u, "i16x8.extadd_pairwise_i8x16_u", UN(V128, V128), NONE)  \
    X(126, i32x4_extadd_pairwise_i16x8_s, "i32x4.extadd_pairwise_i16x8_s", UN(V128, V128), NONE)  \
    X(127, i32x4_extadd_pairwise_i16x8_u, "i32x4.extadd_pairwise_i16x8_u", UN(V128, V128), NONE)  \
    X(128, i16x8_abs, "i16x8.abs", UN(V128, V128), NONE)                                          \
    X(129, i16x8_neg, "i16x8.neg", UN(V128, V128), NONE)                                          \
    X(130, i16x8_q15mulr_sat_s, "i16x8.q15mulr_sat_s", BIN(V128, V128), NONE)                     \
    X(131, i16x8_all_true, "i16x8.all_true", UN(V128, I32), NONE)                                 \
    X(132, i16x8_bitmask, "i16x8.bitmask", UN(V128, I32), NONE)                                   \
    X(133, i16x8_narrow_i32x4_s, "i16x8.narrow_i32x4_s", BIN(V128, V128), NONE)                   \
    X(134, i16x8_narrow_i32x4_u, "i16x8.narrow_i32x4_u", BIN(V128, V128), NONE)                   \
    X(135, i16x8_extend_low_i8x16_s, "i16x8.extend_low_i8x16_s", UN(V128, V128), NONE)            \
    X(136, i16x8_extend_high_i8x16_s, "i16x8.extend_high_i8x16_s", UN(V128, V128), NONE)          \
    X(137, i16x8_extend_low_i8x16_u, "i16x8.extend_low_i8x16_u", UN(V128, V128), NONE)            \
    X(138, i16x8_extend_high_i8x16_u, "i16x8.extend_high_i8x16_u", UN(V128, V128), NONE)          \
    X(139, i16x8_shl, "i16x8.shl", SHIFT(), NONE)                                                 \
    X(140, i16x8_shr_s, "i16x8.shr_s", SHIFT(), NONE)                                             \
    X(141, i16x8_shr_u, "i16x8.shr_u", SHIFT(), NONE)                                             \
    X(142, i16x8_add, "i16x8.add", BIN(V128, V128), NONE)                                         \
    X(143, i16x8_add_sat_s, "i16x8.add_sat_s", BIN(V128, V128), NONE)                             \
    X(144, i16x8_add_sat_u, "i16x8.add_sat_u", BIN(V128, V128), NONE)                             \
    X(145, i16x8_sub, "i16x8.sub", BIN(V128, V128), NONE)                                         \
    X(146, i16x8_sub_sat_s, "i16x8.sub_sat_s", BIN(V128, V128), NONE)                             \
    X(147, i16x8_sub_sat_u, "i16x8.sub_sat_u", BIN(V128, V128), NONE)                             \
    X(148, f64x2_nearest, "f64x2.nearest", UN(V128, V128), NONE)                                  \
    X(149, i16x8_mul, "i16x8.mul", BIN(V128, V128), NONE)                                         \
    X(150, i16x8_min_s, "i16x8.min_s", BIN(V128, V128), NONE)                                     \
    X(151, i16x8_min_u, "i16x8.min_u", BIN(V128, V128), NONE)                                     \
    X(152, i16x8_max_s, "i16x8.max_s", BIN(V128, V128), NONE)                                     \
    X(153, i16x8_max_u, "i16x8.max_u", BIN(V128, V128), NONE)                                     \
    X(155, i16x8_avgr_u, "i16x8.avgr_u", BIN(V128, V128), NONE)                                   \
    X(156, i16x8_extmul_low_i8x16_s, "i16x8.extmul_low_i8x16_s", BIN(V128, V128), NONE)           \
    X(157, i16x8_extmul_high_i8x16_s, "i16x8.extmul_high_i8x16_s", BIN(V128, V128), NONE)         \
    X(158, i16x8_extmul_low_i8x16_u, "i16x8.extmul_low_i8x16_u", BIN(V128, V128), NONE)           \
    X(159, i16x8_extmul_high_i8x16_u, "i16x8.extmul_high_i8x16_u", BIN(V128, V128), NONE)         \
    X(160, i32x4_abs, "i32x4.abs", UN(V128, V128), NONE)                                          \
    X(161, i32x4_neg, "i32x4.neg", UN(V128, V128), NONE)                                          \
    X(163, i32x4_all_true, "i32x4.all_true", UN(V128, I32), NONE)                                 \
    X(164, i32x4_bitmask, "i32x4.bitmask", UN(V128, I32), NONE)                                   \
    X(167, i32x4_extend_low_i16x8_s, "i32x4.extend_low_i16x8_s", UN(V128, V128), NONE)            \
    X(168, i32x4_extend_high_i16x8_s, "i32x4.extend_high_i16x8_s", UN(V128, V128), NONE)          \
    X(169, i32x4_extend_low_i16x8_u, "i32x4.extend_low_i16x8_u", UN(V128, V128), NONE)            \
    X(170, i32x4_extend_high_i16x8_u, "i32x4.extend_high_i16x8_u", UN(V128, V128), NONE)          \
    X(171, i32x4_shl, "i32x4.shl", SHIFT(), NONE)                                                 \
    X(172, i32x4_shr_s, "i32x4.shr_s", SHIFT(), NONE)                                             \
    X(173, i32x4_shr_u, "i32x4.shr_u", SHIFT(), NONE)                                             \
    X(174, i32x4_add, "i32x4.add", BIN(V128, V128), NONE)                                         \
    X(177, i32x4_sub, "i32x4.sub", BIN(V128, V128), NONE)                                         \
    X(181, i32x4_mul, "i32x4.mul", BIN(V128, V128), NONE)                                         \
    X(182, i32x4_min_s, "i32x4.min_s", BIN(V128, V128), NONE)                                     \
    X(183, i32x4_min_u, "i32x4.min_u", BIN(V128, V128), NONE)                                     \
    X(184, i32x4_max_s, "i32x4.max_s", BIN(V128, V128), NONE)                                     \
    X(185, i32x4_max_u, "i32x4.max_u", BIN(V128, V128), NONE)                                     \
    X(186, i32x4_dot_i16x8_s, "i32x4.dot_i16x8_s", BIN(V128, V128), NONE)                         \
    X(188, i32x4_extmul_low_i16x8_s, "i32x4.extmul_low_i16x8_s", BIN(V128, V128), NONE)           \
    X(189, i32x4_extmul_high_i16x8_s, "i32x4.extmul_high_i16x8_s", BIN(V128, V128), NONE)         \
    X(190, i32x4_extmul_low_i16x8_u, "i32x4.extmul_low_i16x8_u", BIN(V128, V128), NONE)           \
    X(191, i32x4_extmul_high_i16x8_u, "i32x4.extmul_high_i16x8_u", BIN(V128, V128), NONE)         \
    X(192, i64x2_abs, "i64x2.abs", UN(V128, V128), NONE)                                          \
    X(193, i64x2_neg, "i64x2.neg", UN(V128, V128), NONE)                                          \
    X(195, i64x2_all_true, "i64x2.all_true", UN(V128, I32), NONE)                                 \
    X(196, i64x2_bitmask, "i64x2.bitmask", UN(V128, I32), NONE)                                   \
    X(199, i64x2_extend_low_i32x4_s, "i64x2.extend_low_i32x4_s", UN(V128, V128), NONE)            \
    X(200, i64x2_extend_high_i32x4_s, "i64x2.extend_high_i32x4_s", UN(V128, V128), NONE)          \
    X(201, i64x2_extend_low_i32x4_u, "i64x2.extend_low_i32x4_u", UN(V128, V128), NONE)            \
    X(202, i64x2_extend_high_i32x4_u, "i64x2.extend_high_i32x4_u", UN(V128, V128), NONE)          \
    X(203, i64x2_shl, "i64x2.shl", SHIFT(), NONE)                                                 \
    X(204, i64x2_shr_s, "i64x2.shr_s", SHIFT(), NONE)                                             \
    X(205, i64x2_shr_u, "i64x2.shr_u", SHIFT(), NONE)                                             \
    X(206, i64x2_add, "i64x2.add", BIN(V128, V128), NONE)                                         \
    X(209, i64x2_sub, "i64x2.sub", BIN(V128, V128), NONE)                                         \
    X(213, i64x2_mul, "i64x2.mul", BIN(V128, V128), NONE)                                         \
    X(214, i64x2_eq, "i64x2.eq", BIN(V128, V128), NONE)                                           \
    X(215, i64x2_ne, "i64x2.ne", BIN(V128, V128), NONE)                                           \
    X(216, i64x2_lt_s, "i64x2.lt_s", BIN(V128, V128), NONE)                                       \
    X(217, i64x2_gt_s, "i64x2.gt_s", BIN(V128, V128), NONE)                                       \
    X(218, i64x2_le_s, "i64x2.le_s", BIN(V128, V128), NONE)                                       \
    X(219, i64x2_ge_s, "i64x2.ge_s", BIN(V128, V128), NONE)                                       \
    X(220, i64x2_extmul_low_i32x4_s, "i64x2.extmul_low_i32x4_s", BIN(V128, V128), NONE)           \
    X(221, i64x2_extmul_high_i32x4_s, "i64x2.extmul_high_i32x4_s", BIN(V128, V128), NONE)         \
    X(222, i64x2_extmul_low_i32x4_u, "i64x2.extmul_low_i32x4_u", BIN(V128, V128), NONE)           \
    X(223, i64x2_extmul_high_i32x4_u, "i64x2.extmul_high_i32x4_u", BIN(V128, V128), NONE)         \
    X(224, f32x4_abs, "f32x4.abs", UN(V128, V128), NONE)                                          \
    X(225, f32x4_neg, "f32x4.neg", UN(V128, V128), NONE)                                          \
    X(227, f32x4_sqrt, "f32x4.sqrt", UN(V128, V128), NONE)                                        \
    X(228, f32x4_add, "f32x4.add", BIN(V128, V128), NONE)                                         \
    X(229, f32x4_sub, "f32x4.sub", BIN(V128, V128), NONE)                                         \
    X(230, f32x4_mul, "f32x4.mul", BIN(V128, V128), NONE)                                         \
    X(231, f32x4_div, "f32x4.div", BIN(V128, V128), NONE)                                         \
    X(232, f32x4_min, "f32x4.min", BIN(V128, V128), NONE)                                         \
    X(233, f32x4_max, "f32x4.max", BIN(V128, V128), NONE)                                         \
    X(234, f32x4_pmin, "f32x4.pmin", BIN(V128, V128), NONE)                                       \
    X(235, f32x4_pmax, "f32x4.pmax", BIN(V128, V128), NONE)                                       \
    X(236, f64x2_abs, "f64x2.abs", UN(V128, V128), NONE)                                          \
    X(237, f64x2_neg, "f64x2.neg", UN(V128, V128), NONE)                                          \
    X(239, f64x2_sqrt, "f64x2.sqrt", UN(V128, V128), NONE)                                        \
    X(240, f64x2_add, "f64x2.add", BIN(V128, V128), NONE)                                         \
    X(241, f64x2_sub, "f64x2.sub", BIN(V128, V128), NONE)                                         \
    X(242, f64x2_mul, "f64x2.mul", BIN(V128, V128), NONE)                                         \
    X(243, f64x2_div, "f64x2.div", BIN(V128, V128), NONE)                                         \
    X(244, f64x2_min, "f64x2.min", BIN(V128, V128), NONE)                                         \
    X(245, f64x2_max, "f64x2.max", BIN(V128, V128), NONE)                                         \
    X(246, f64x2_pmin, "f64x2.pmin", BIN(V128, V128), NONE)                                       \
    X(247, f64x2_pmax, "f64x2.pmax", BIN(V128, V128), NONE)                                       \
    X(248, i32x4_trunc_sat_f32x4_s, "i32x4.trunc_sat_f32x4_s", UN(V128, V128), NONE)              \
    X(249, i32x4_trunc_sat_f32x4_u, "i32x4.trunc_sat_f32x4_u", UN(V128, V128), NONE)              \
    X(250, f32x4_convert_i32x4_s, "f32x4.convert_i32x4_s", UN(V128, V128), NONE)                  \
    X(251, f32x4_convert_i32x4_u, "f32x4.convert_i32x4_u", UN(V128, V128), NONE)                  \
    X(252, i32x4_trunc_sat_f64x2_s_zero, "i32x4.trunc_sat_f64x2_s_zero", UN(V128, V128), NONE)    \
    X(253, i32x4_trunc_sat_f64x2_u_zero, "i32x4.trunc_sat_f64x2_u_zero", UN(V128, V128), NONE)    \
    X(254, f64x2_convert_low_i32x4_s, "f64x2.convert_low_i32x4_s", UN(V128, V128), NONE)          \
    X(255, f64x2_convert_low_i32x4_u, "f64x2.convert_low_i32x4_u", UN(V128, V128), NONE)          \
    X(0x100, i8x16_relaxed_swizzle, "i8x16.relaxed_swizzle", BIN(V128, V128), NONE)               \
    X(0x101, i32x4_relaxed_trunc_f32x4_s, "i32x4.relaxed_trunc_f32x4_s", UN(V128, V128), NONE)    \
    X(0x102, i32x4_relaxed_trunc_f32x4_u, "i32x4.relaxed_trunc_f32x4_u", UN(V128, V128), NONE)    \
    X(0x103, i32x4_relaxed_trunc_f64x2_s_zero, "i32x4.relaxed_trunc_f64x2_s_zero", UN(V128, V128), \
      NONE)                                                                                       \
    X(0x104, i32x4_relaxed_trunc_f64x2_u_zero, "i32x4.relaxed_trunc_f64x2_u_zero", UN(V128, V128), \
      NONE)                                                                                       \
    X(0x105, f32x4_relaxed_madd, "f32x4.relaxed_madd", TERN(V128), NONE)                          \
    X(0x106, f32x4_relaxed_nmadd, "f32x4.relaxed_nmadd", TERN(V128), NONE)                        \
    X(0x107, f64x2_relaxed_madd, "f64x2.relaxed_madd", TERN(V128), NONE)                          \
    X(0x108, f64x2_relaxed_nmadd, "f64x2.relaxed_nmadd", TERN(V128), NONE)                        \
    X(0x109, i8x16_relaxed_laneselect, "i8x16.relaxed_laneselect", TERN(V128), NONE)              \
    X(0x10A, i16x8_relaxed_laneselect, "i16x8.relaxed_laneselect", TERN(V128), NONE)              \
    X(0x10B, i32x4_relaxed_laneselect, "i32x4.relaxed_laneselect", TERN(V128), NONE)              \
    X(0x10C, i64x2_relaxed_laneselect, "i64x2.relaxed_laneselect", TERN(V128), NONE)              \
    X(0x10D, f32x4_relaxed_min, "f32x4.relaxed_min", BIN(V128, V128), NONE)                       \
    X(0x10E, f32x4_relaxed_max, "f32x4.relaxed_max", BIN(V128, V128), NONE)                       \
    X(0x10F, f64x2_relaxed_min, "f64x2.relaxed_min", BIN(V128, V128), NONE)                       \
    X(0x110, f64x2_relaxed_max, "f64x2.relaxed_max", BIN(V128, V128), NONE)                       \
    X(0x111, i16x8_relaxed_q15mulr_s, "i16x8.relaxed_q15mulr_s", BIN(V128, V128), NONE)           \
    X(0x112, i16x8_relaxed_dot_i8x16_i7x16_s, "i16x8.relaxed_dot_i8x16_i7x16_s", BIN(V128, V128), \
      NONE)                                                                                       \
    X(0x113, i32x4_relaxed_dot_i8x16_i7x16_add_s, "i32x4.relaxed_dot_i8x16_i7x16_add_s",          \
      TERN(V128), NONE)

#endif
