/*
 * memx: a memory access off the interpreter's fast path (see exec_tables.h). The fast path
 * keeps memory 0's base and size in the exec loop's locals and has a handler per access
 * kind; an access to any other memory, or to a 64-bit memory 0 (memory64), is this one
 * instruction naming its memory, the wasm op and its size, and is always bounds-checked,
 * in guard-region mode too: a 64-bit address plus a 64-bit offset passes any reservation.
 *
 * The effective address is address + offset in 64 bits; one that overflows 2^64 traps
 * like any other beyond the memory's end. Values move between slots and memory with
 * memcpy of their low bytes, which is the wasm (little-endian) layout on every host wr
 * supports (x86-64, arm64).
 */
#include <string.h>

#include "decode/opcodes.h"
#include "interp/exec_tables.h"
#include "interp/simd_mem.h"

#define F(field) WR_FIELD(pc, field)

/* A scalar load's value, widened as the op says (signed ones sign-extend). */
static void load_scalar(uint32_t op, const uint8_t *p, uint32_t bytes, wr_slot *dst)
{
    uint64_t v = 0;
    memcpy(&v, p, bytes);
    switch (op) {
    case OP_i32_load8_s: dst->u64 = (uint32_t)(int32_t)(int8_t)v; return;
    case OP_i32_load16_s: dst->u64 = (uint32_t)(int32_t)(int16_t)v; return;
    case OP_i64_load8_s: dst->i64 = (int8_t)v; return;
    case OP_i64_load16_s: dst->i64 = (int16_t)v; return;
    case OP_i64_load32_s: dst->i64 = (int32_t)v; return;
    default: dst->u64 = v; return; /* full width and zero-extending */
    }
}

static void access_simd(uint32_t sub, uint8_t *p, uint32_t bytes, uint32_t lane,
                        const wr_slot *in, wr_slot *out)
{
    uint8_t v[16];
    wr_v128 r;
    switch (sub) {
    case OPFD_v128_store:
        memcpy(p, in, 16);
        return;
    case OPFD_v128_load8_lane: case OPFD_v128_load16_lane:
    case OPFD_v128_load32_lane: case OPFD_v128_load64_lane:
        memcpy(v, in, 16);
        memcpy(v + (lane * bytes & 15), p, bytes);
        memcpy(out, v, 16);
        return;
    case OPFD_v128_store8_lane: case OPFD_v128_store16_lane:
    case OPFD_v128_store32_lane: case OPFD_v128_store64_lane:
        memcpy(v, in, 16);
        memcpy(p, v + (lane * bytes & 15), bytes);
        return;
    default: /* the whole-vector loads */
        wr_simd_load(sub, p, &r);
        memcpy(out, &r, sizeof r);
        return;
    }
}

wr_trap_kind wr_exec_memx_access(const wr_memory *mem, uint32_t op, uint32_t bytes_lane,
                                 uint64_t address, uint64_t offset, const wr_slot *in,
                                 wr_slot *out)
{
    uint64_t ea = address + offset;
    uint32_t bytes = bytes_lane & 0xFF, lane = bytes_lane >> 8;
    if (ea < address || ea > mem->size || bytes > mem->size - ea)
        return WR_TRAP_MEMORY_OOB;
    uint8_t *p = mem->base + ea;
    if (op & WR_MEMX_SIMD)
        access_simd(op & ~WR_MEMX_SIMD, p, bytes, lane, in, out);
    else if (op >= OP_i32_store)
        memcpy(p, in, bytes);
    else
        load_scalar(op, p, bytes, out);
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_memx(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    const wr_memory *mem = inst->memories[F(MEMX_MEMORY)];
    wr_slot a = fp[F(MEMX_ADDRESS)];
    return wr_exec_memx_access(mem, F(MEMX_OP), F(MEMX_BYTES), mem->is64 ? a.u64 : a.u32,
                               WR_WORD(pc, MEMX_OFFSET_WORD).u64, &fp[F(MEMX_VALUE)],
                               &fp[F(F_DST)]);
}
