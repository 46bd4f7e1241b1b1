/* The table and bulk-memory instructions (see exec_tables.h). */
#include "interp/exec_tables.h"

#include <string.h>

#define F(field) WR_FIELD(pc, field)

/* A memory address or length from a slot, by the memory's index type. */
static uint64_t mem_operand(const wr_memory *mem, wr_slot v) { return mem->is64 ? v.u64 : v.u32; }

/* Whether [at, at + n) lies within size, without overflow. */
static bool within(uint64_t at, uint64_t n, uint64_t size) { return at <= size && n <= size - at; }

wr_trap_kind wr_exec_table_get(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    const wr_table *table = inst->tables[F(TABLE_OF_GET)];
    uint32_t i = wr_table_index(table->is64, fp[F(TABLE_INDEX_IN)]);
    if (i >= table->size)
        return WR_TRAP_TABLE_OOB;
    fp[F(F_DST)].ref = table->elems[i];
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_set(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    wr_table *table = inst->tables[F(TABLE_OF_SET)];
    uint32_t i = wr_table_index(table->is64, fp[F(TABLE_INDEX)]);
    if (i >= table->size)
        return WR_TRAP_TABLE_OOB;
    table->elems[i] = fp[F(TABLE_VALUE)].ref;
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_size(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    fp[F(F_DST)].u64 = inst->tables[F(IMM_FIELD)]->size; /* zero-extended for table64 */
    return WR_TRAP_NONE;
}

/* Failure is the result -1, not a trap (sign-extended for table64). */
wr_trap_kind wr_exec_table_grow(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    wr_table *table = inst->tables[F(GROW_TABLE)];
    int64_t old = wr_table_grow_elems(table, wr_table_index(table->is64, fp[F(GROW_N)]),
                                      fp[F(GROW_INIT)].ref);
    fp[F(F_DST)].i64 = old;
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_fill(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    wr_table *table = inst->tables[F(BULK_SEG)];
    uint64_t i = wr_table_index(table->is64, fp[F(BULK_D)]);
    uint64_t n = wr_table_index(table->is64, fp[F(BULK_N)]);
    if (i + n > table->size)
        return WR_TRAP_TABLE_OOB;
    for (uint64_t k = 0; k < n; k++)
        table->elems[i + k] = fp[F(BULK_S)].ref;
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_copy(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    wr_table *dst = inst->tables[F(BULK_SEG)], *src = inst->tables[F(BULK_SEG2)];
    uint64_t d = wr_table_index(dst->is64, fp[F(BULK_D)]);
    uint64_t s = wr_table_index(src->is64, fp[F(BULK_S)]);
    uint64_t n = wr_table_index(dst->is64 && src->is64, fp[F(BULK_N)]);
    if (d + n > dst->size || s + n > src->size)
        return WR_TRAP_TABLE_OOB;
    if (n)
        memmove(dst->elems + d, src->elems + s, n * sizeof *dst->elems);
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_table_init(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    wr_table *table = inst->tables[F(BULK_SEG)];
    return wr_table_init_segment(table, &inst->elems[F(BULK_SEG2)],
                                 wr_table_index(table->is64, fp[F(BULK_D)]), fp[F(BULK_S)].u32,
                                 fp[F(BULK_N)].u32);
}

wr_trap_kind wr_exec_elem_drop(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    (void)fp;
    inst->elems[F(IMM0)].count = 0;
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_memory_fill(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    const wr_memory *mem = inst->memories[F(BULK_SEG)];
    uint64_t d = mem_operand(mem, fp[F(BULK_D)]), n = mem_operand(mem, fp[F(BULK_N)]);
    if (!within(d, n, mem->size))
        return WR_TRAP_MEMORY_OOB;
    if (n)
        memset(mem->base + d, (uint8_t)fp[F(BULK_S)].u32, n);
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_memory_copy(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    const wr_memory *dst = inst->memories[F(BULK_SEG)], *src = inst->memories[F(BULK_SEG2)];
    uint64_t d = mem_operand(dst, fp[F(BULK_D)]), s = mem_operand(src, fp[F(BULK_S)]);
    uint64_t n = dst->is64 && src->is64 ? fp[F(BULK_N)].u64 : fp[F(BULK_N)].u32;
    if (!within(d, n, dst->size) || !within(s, n, src->size))
        return WR_TRAP_MEMORY_OOB;
    if (n)
        memmove(dst->base + d, src->base + s, n);
    return WR_TRAP_NONE;
}

wr_trap_kind wr_exec_memory_init(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    uint32_t index = F(BULK_SEG);
    const wr_mdata *seg = &inst->module->datas[index];
    const uint8_t *data = inst->module->bytes + seg->data_offset;
    wr_memory *mem = inst->memories[F(BULK_SEG2)];
    return wr_memory_init_segment(mem, data, inst->data_sizes[index], mem_operand(mem, fp[F(BULK_D)]),
                                  fp[F(BULK_S)].u32, fp[F(BULK_N)].u32);
}

wr_trap_kind wr_exec_data_drop(wr_instance *inst, wr_slot *fp, const wr_insn *pc)
{
    (void)fp;
    inst->data_sizes[F(IMM0)] = 0;
    return WR_TRAP_NONE;
}
