/*
 * The table and bulk-memory instructions, carried out by functions outside the exec loop
 * (exec_tables.c): rare in hot code, and most call into the runtime anyway, so the call
 * costs little and run() keeps only what needs its locals. Each reads its operands from
 * the instruction at pc by the field names of its format (ops.h), works on inst and the
 * frame fp, and returns the trap it raises, or WR_TRAP_NONE. The memory ones use the
 * memory their instruction names as it is now: the exec loop reloads its cached base and
 * size of memory 0 after anything that can move them, so the two agree.
 *
 * Indices and lengths are read by the index type of their table or memory: an i32, or an
 * i64 for a 64-bit one (memory64, table64), where a length is an i64 only when every
 * table or memory involved is 64-bit. memx (exec_memx.c) is the memory access the
 * interpreter's fast path does not take: any memory but a 32-bit memory 0.
 */
#ifndef WR_INTERP_EXEC_TABLES_H
#define WR_INTERP_EXEC_TABLES_H

#include "interp/code.h"
#include "runtime/runtime.h"

#define WR_EXEC_OUT_OF_LINE(X)                                                               \
    X(table_get) X(table_set) X(table_size) X(table_grow) X(table_fill) X(table_copy)       \
    X(table_init) X(elem_drop) X(memory_fill) X(memory_copy) X(memory_init) X(data_drop)    \
    X(memx)

/* A memx access: op is the wasm opcode (MEMX_OP, ops.h), bytes_lane the bytes accessed |
 * the lane << 8. in holds a store's value or a lane load's vector, out gets a load's
 * result (in and out may be the same). Compiled code calls it too. */
wr_trap_kind wr_exec_memx_access(const wr_memory *mem, uint32_t op, uint32_t bytes_lane,
                                 uint64_t address, uint64_t offset, const wr_slot *in,
                                 wr_slot *out);

#define WR_EXEC_DECLARE(name)                                                                \
    wr_trap_kind wr_exec_##name(wr_instance *inst, wr_slot *fp, const wr_insn *pc);
WR_EXEC_OUT_OF_LINE(WR_EXEC_DECLARE)
#undef WR_EXEC_DECLARE

#endif
