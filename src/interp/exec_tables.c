/* The table and bulk-memory instructions (see exec_tables.h). */
#include "interp/exec_tables.h"

#include <string.h>

#define F(field) WR_FIELD(pc, field)

wr_trap_kind wr_exec_table_get(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    const wr_table *table = inst->tables[F(TABLE_OF_GET)];
    uint32_t i = fp[F(TABLE_INDEX_IN)].u32;
    if (i >= table->size)
        return WR_TRAP_TABLE_OOB;
    fp[F(F_DST)].ref = table->elems[i];
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_set(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    wr_table *table = inst->tables[F(TABLE_OF_SET)];
    uint32_t i = fp[F(TABLE_INDEX)].u32;
    if (i >= table->size)
        return WR_TRAP_TABLE_OOB;
    table->elems[i] = fp[F(TABLE_VALUE)].ref;
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_size(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    fp[F(F_DST)].u32 = inst->tables[F(IMM_FIELD)]->size;
    return WR_TRAP_NONE;
}

/* Failure is the result -1, not a trap. */
wr_trap_kind wr_exec_table_grow(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    int64_t old = wr_table_grow_elems(inst->tables[F(GROW_TABLE)], fp[F(GROW_N)].u32,
                                      fp[F(GROW_INIT)].ref);
    fp[F(F_DST)].u32 = (uint32_t)old;
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_fill(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    wr_table *table = inst->tables[F(BULK_SEG)];
    uint64_t i = fp[F(BULK_D)].u32, n = fp[F(BULK_N)].u32;
    if (i + n > table->size)
        return WR_TRAP_TABLE_OOB;
    for (uint64_t k = 0; k < n; k++)
        table->elems[i + k] = fp[F(BULK_S)].ref;
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_copy(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    wr_table *dst = inst->tables[F(BULK_SEG)], *src = inst->tables[F(BULK_SEG2)];
    uint64_t d = fp[F(BULK_D)].u32, s = fp[F(BULK_S)].u32, n = fp[F(BULK_N)].u32;
    if (d + n > dst->size || s + n > src->size)
        return WR_TRAP_TABLE_OOB;
    if (n)
        memmove(dst->elems + d, src->elems + s, n * sizeof *dst->elems);
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_init(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    return wr_table_init_segment(inst->tables[F(BULK_SEG)], &inst->elems[F(BULK_SEG2)],
                                 fp[F(BULK_D)].u32, fp[F(BULK_S)].u32, fp[F(BULK_N)].u32);
}

wr_trap_kind wr_exec_elem_drop(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    (void)fp;
    inst->elems[F(IMM0)].count = 0;
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_memory_fill(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    const wr_memory *mem = inst->memory0;
    uint64_t d = fp[F(BULK_D)].u32, n = fp[F(BULK_N)].u32;
    if (d + n > mem->size)
        return WR_TRAP_MEMORY_OOB;
    if (n)
        memset(mem->base + d, (uint8_t)fp[F(BULK_S)].u32, n);
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_memory_copy(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    const wr_memory *mem = inst->memory0;
    uint64_t d = fp[F(BULK_D)].u32, s = fp[F(BULK_S)].u32, n = fp[F(BULK_N)].u32;
    if (d + n > mem->size || s + n > mem->size)
        return WR_TRAP_MEMORY_OOB;
    if (n)
        memmove(mem->base + d, mem->base + s, n);
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_memory_init(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    uint32_t index = F(BULK_SEG);
    const wr_mdata *seg = &inst->module->datas[index];
    const uint8_t *data = inst->module->bytes + seg->data_offset;
    return wr_memory_init_segment(inst->memory0, data, inst->data_sizes[index],
                                  fp[F(BULK_D)].u32, fp[F(BULK_S)].u32, fp[F(BULK_N)].u32);
}

wr_trap_kind wr_exec_data_drop(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    (void)fp;
    inst->data_sizes[F(IMM0)] = 0;
    return WR_TRAP_NONE;
}
