/*
 * 64-bit memories and tables (memory64, table64) through wasm.h with wr_wasm.h's 64-bit
 * types: the types keep their full limits beside the clamped 32-bit view; a module's
 * imports say is64 with their 64-bit limits; a host memory and table made 64-bit link to
 * guests/wasm_h_memory64.wasm, whose i64 accesses the host sees through wasm_memory_data;
 * 32-bit and 64-bit externs do not link to each other's imports; sizes and grows stay
 * 32-bit and fail rather than wrap. The guest runs on the interpreter and the compiled tier.
 * usage: test_wasm_h_memory64 GUESTS_DIR
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "wasm_h_guest.h"
#include "wr_wasm.h"

#define MEMORY_MAX ((uint64_t)1 << 33) /* the guest's memory maximum, in pages */
#define TABLE_MAX ((uint64_t)1 << 32)       /* the guest's table maximum */

static bool limits_are(wr_limits l, uint64_t min, bool has_max, uint64_t max)
{
    return l.min == min && l.has_max == has_max && (!has_max || l.max == max);
}

/* The types alone: 64-bit ones keep what the 32-bit view clamps, 32-bit ones round trip. */
static void run_types(check_counts *t)
{
    wasm_memorytype_t *m = wr_wasm_memorytype_new64(1, true, MEMORY_MAX);
    REQUIRE(t, m);
    CHECK(t, wr_wasm_memorytype_is64(m));
    CHECK(t, limits_are(wr_wasm_memorytype_limits64(m), 1, true, MEMORY_MAX));
    CHECK(t, wasm_memorytype_limits(m)->min == 1 &&
                 wasm_memorytype_limits(m)->max == wasm_limits_max_default);
    wasm_memorytype_t *copy = wasm_memorytype_copy(m);
    CHECK(t, copy && wr_wasm_memorytype_is64(copy) &&
                 limits_are(wr_wasm_memorytype_limits64(copy), 1, true, MEMORY_MAX));
    wasm_memorytype_delete(copy);
    wasm_memorytype_delete(m);

    m = wr_wasm_memorytype_new64((uint64_t)1 << 40, false, 0);
    CHECK(t, m && wasm_memorytype_limits(m)->min == UINT32_MAX &&
                 limits_are(wr_wasm_memorytype_limits64(m), (uint64_t)1 << 40, false, 0));
    wasm_memorytype_delete(m);
    CHECK(t, !wr_wasm_memorytype_new64(3, true, 2));
    CHECK(t, !wr_wasm_memorytype_new64(0, true, ((uint64_t)1 << 48) + 1));
    CHECK(t, !wr_wasm_memorytype_new64(((uint64_t)1 << 48) + 1, false, 0));

    wasm_limits_t l32 = {2, 7};
    m = wasm_memorytype_new(&l32);
    CHECK(t, m && !wr_wasm_memorytype_is64(m) &&
                 limits_are(wr_wasm_memorytype_limits64(m), 2, true, 7));
    wasm_memorytype_delete(m);
    l32.max = wasm_limits_max_default;
    m = wasm_memorytype_new(&l32);
    CHECK(t, m && limits_are(wr_wasm_memorytype_limits64(m), 2, false, 0));
    wasm_memorytype_delete(m);

    wasm_tabletype_t *tt = wr_wasm_tabletype_new64(wasm_valtype_new_funcref(), 2, true, TABLE_MAX);
    REQUIRE(t, tt);
    CHECK(t, wr_wasm_tabletype_is64(tt) &&
                 limits_are(wr_wasm_tabletype_limits64(tt), 2, true, TABLE_MAX));
    CHECK(t, wasm_tabletype_limits(tt)->min == 2 &&
                 wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
    CHECK(t, wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
    wasm_tabletype_delete(tt);
    /* The element is taken even when the type is refused (ASan sees a leak otherwise). */
    CHECK(t, !wr_wasm_tabletype_new64(wasm_valtype_new_funcref(), 5, true, 4));
    CHECK(t, !wr_wasm_tabletype_new64(NULL, 0, false, 0));
    l32 = (wasm_limits_t){1, 3};
    tt = wasm_tabletype_new(wasm_valtype_new_externref(), &l32);
    CHECK(t, tt && !wr_wasm_tabletype_is64(tt) &&
                 limits_are(wr_wasm_tabletype_limits64(tt), 1, true, 3));
    wasm_tabletype_delete(tt);
}

/* The guest's imports: a 64-bit memory and table, with limits beyond 32 bits; and its
 * exported memory's type. */
static void check_imports(check_counts *t, const wasm_module_t *module)
{
    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    REQUIRE(t, exports.size == 7);
    const wasm_memorytype_t *em =
        wasm_externtype_as_memorytype_const(wasm_exporttype_type(exports.data[6]));
    CHECK(t, em && wr_wasm_memorytype_is64(em) &&
                 limits_are(wr_wasm_memorytype_limits64(em), 1, true, MEMORY_MAX));
    wasm_exporttype_vec_delete(&exports);

    wasm_importtype_vec_t imports;
    wasm_module_imports(module, &imports);
    REQUIRE(t, imports.size == 2);
    const wasm_memorytype_t *m =
        wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[0]));
    const wasm_tabletype_t *tt =
        wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[1]));
    REQUIRE(t, m && tt);
    CHECK(t, wr_wasm_memorytype_is64(m) &&
                 limits_are(wr_wasm_memorytype_limits64(m), 1, true, MEMORY_MAX));
    CHECK(t, wasm_memorytype_limits(m)->min == 1 &&
                 wasm_memorytype_limits(m)->max == wasm_limits_max_default);
    CHECK(t, wr_wasm_tabletype_is64(tt) &&
                 limits_are(wr_wasm_tabletype_limits64(tt), 2, true, TABLE_MAX));
    wasm_importtype_vec_delete(&imports);
}

/* Instantiation of module with these two imports fails with a trap that says why. */
static void check_link_fails(check_counts *t, wasm_store_t *store, const wasm_module_t *module,
                             wasm_extern_t *memory, wasm_extern_t *table, const char *why)
{
    wasm_extern_t *list[2] = {memory, table};
    wasm_extern_vec_t imports = {table ? 2 : 1, list};
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    CHECK_MSG(t, !instance && trap, "%s linked", why);
    if (trap) {
        wasm_message_t message;
        wasm_trap_message(trap, &message);
        CHECK_MSG(t, message.size && strstr(message.data, "incompatible import type") &&
                      strstr(message.data, "i64"), "%s: %.*s", why,
                  (int)message.size, message.data);
        wasm_byte_vec_delete(&message);
        wasm_trap_delete(trap);
    }
    wasm_instance_delete(instance);
}

/* A module importing a 32-bit memory, host.memory (memory 1). */
static const uint8_t memory32_import[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x10, 0x01, 0x04, 'h', 'o',
    's',  't',  0x06, 'm',  'e',  'm',  'o',  'r',  'y',  0x02, 0x00, 0x01};

static int64_t call_i64(check_counts *t, const wasm_func_t *f, wasm_val_t *a, size_t n)
{
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = {n, a}, results = {f && wasm_func_result_arity(f) ? 1 : 0, r};
    wasm_trap_t *trap = f ? wasm_func_call(f, &args, &results) : NULL;
    CHECK(t, f && !trap);
    wasm_trap_delete(trap);
    return r[0].kind == WASM_I32 ? r[0].of.i32 : r[0].of.i64;
}

/* The guest linked to a 64-bit host memory and table: i64 addresses, host reads. */
static void run_guest(check_counts *t, wasm_store_t *store, const wasm_module_t *module,
                      wasm_memory_t *memory, wasm_table_t *table)
{
    wasm_extern_t *list[2] = {wasm_memory_as_extern(memory), wasm_table_as_extern(table)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(list);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    REQUIRE(t, instance && !trap);
    wasm_extern_vec_t ex;
    wasm_instance_exports(instance, &ex);
    REQUIRE(t, ex.size == 7);
    CHECK(t, wasm_memory_same(wasm_extern_as_memory(ex.data[6]), memory));
    const wasm_func_t *store_f = wasm_extern_as_func(ex.data[0]);
    const wasm_func_t *load = wasm_extern_as_func(ex.data[1]);

    /* page 0 offset 0x1234, then page 1 after a host grow: the host sees the bytes */
    wasm_val_t a[3] = {WASM_I64_VAL(0), WASM_I64_VAL(0x1234), WASM_I64_VAL(0x1122334455667788)};
    call_i64(t, store_f, a, 3);
    const byte_t *data = wasm_memory_data(memory);
    CHECK(t, (uint8_t)data[0x1234] == 0x88 && (uint8_t)data[0x1234 + 7] == 0x11);
    CHECK(t, wasm_memory_grow(memory, 1) && wasm_memory_size(memory) == 2 &&
                 wasm_memory_data_size(memory) == 2 * 65536);
    CHECK_EQ(t, call_i64(t, wasm_extern_as_func(ex.data[2]), NULL, 0), 2);
    a[0].of.i64 = 1;
    a[1].of.i64 = 8;
    a[2].of.i64 = 0x0102030405060708;
    call_i64(t, store_f, a, 3);
    data = wasm_memory_data(memory);
    CHECK(t, data[65536 + 8] == 0x08 && data[65536 + 15] == 0x01);
    wasm_val_t address[1] = {WASM_I64_VAL(65536 + 8)};
    CHECK_EQ(t, call_i64(t, load, address, 1), 0x0102030405060708);

    /* the table: indexed by i64, grown by the host */
    CHECK_EQ(t, call_i64(t, wasm_extern_as_func(ex.data[3]), NULL, 0), 2);
    wasm_val_t index[1] = {WASM_I64_VAL(1)};
    call_i64(t, wasm_extern_as_func(ex.data[4]), index, 1);
    CHECK_EQ(t, call_i64(t, wasm_extern_as_func(ex.data[5]), index, 1), 42);
    CHECK(t, wasm_table_grow(table, 3, NULL) && wasm_table_size(table) == 5);
    CHECK_EQ(t, call_i64(t, wasm_extern_as_func(ex.data[3]), NULL, 0), 5);
    wasm_ref_t *ref = wasm_table_get(table, 1);
    CHECK(t, ref && !wasm_table_get(table, 5));
    wasm_ref_delete(ref);

    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(instance);
}

static void run_instances(check_counts *t, const char *dir, wr_tier tier)
{
    wasm_engine_t *engine;
    wasm_store_t *store;
    wasm_module_t *module = wasm_h_guest(t, dir, "wasm_h_memory64.wasm", tier, &engine, &store);
    if (!module)
        return;
    check_imports(t, module);

    wasm_memorytype_t *mt64 = wr_wasm_memorytype_new64(1, true, MEMORY_MAX);
    wasm_tabletype_t *tt64 =
        wr_wasm_tabletype_new64(wasm_valtype_new_funcref(), 2, true, TABLE_MAX);
    wasm_limits_t l32 = {1, wasm_limits_max_default};
    wasm_memorytype_t *mt32 = wasm_memorytype_new(&l32);
    l32.min = 2;
    wasm_tabletype_t *tt32 = wasm_tabletype_new(wasm_valtype_new_funcref(), &l32);
    REQUIRE(t, mt64 && tt64 && mt32 && tt32);
    wasm_memory_t *memory = wasm_memory_new(store, mt64);
    wasm_table_t *table = wasm_table_new(store, tt64, NULL);
    wasm_memory_t *memory32 = wasm_memory_new(store, mt32);
    wasm_table_t *table32 = wasm_table_new(store, tt32, NULL);
    REQUIRE(t, memory && table && memory32 && table32);

    /* the objects' types are the full ones */
    wasm_memorytype_t *seen = wasm_memory_type(memory);
    CHECK(t, seen && wr_wasm_memorytype_is64(seen) &&
                 limits_are(wr_wasm_memorytype_limits64(seen), 1, true, MEMORY_MAX));
    wasm_memorytype_delete(seen);
    wasm_tabletype_t *seen_table = wasm_table_type(table);
    CHECK(t, seen_table && wr_wasm_tabletype_is64(seen_table) &&
                 limits_are(wr_wasm_tabletype_limits64(seen_table), 2, true, TABLE_MAX));
    wasm_tabletype_delete(seen_table);

    /* 32-bit externs do not link to 64-bit imports, nor 64-bit ones to 32-bit imports */
    check_link_fails(t, store, module, wasm_memory_as_extern(memory32),
                     wasm_table_as_extern(table), "a 32-bit memory as a 64-bit import");
    check_link_fails(t, store, module, wasm_memory_as_extern(memory),
                     wasm_table_as_extern(table32), "a 32-bit table as a 64-bit import");
    wasm_byte_vec_t bytes = {sizeof memory32_import, (wasm_byte_t *)memory32_import};
    wasm_module_t *module32 = wasm_module_new(store, &bytes);
    REQUIRE(t, module32);
    check_link_fails(t, store, module32, wasm_memory_as_extern(memory), NULL,
                     "a 64-bit memory as a 32-bit import");
    wasm_module_delete(module32);

    run_guest(t, store, module, memory, table);

    /* sizes stay 32-bit: a grow past the type's maximum or the engine's cap fails, unchanged */
    CHECK(t, !wasm_memory_grow(memory, UINT32_MAX) && wasm_memory_size(memory) == 2);
    CHECK(t, !wasm_table_grow(table, UINT32_MAX, NULL) && wasm_table_size(table) == 5);
    wasm_memorytype_t *small = wr_wasm_memorytype_new64(1, true, 2);
    wasm_memory_t *capped = small ? wasm_memory_new(store, small) : NULL;
    CHECK(t, capped && wasm_memory_grow(capped, 1) && !wasm_memory_grow(capped, 1) &&
                 wasm_memory_size(capped) == 2);
    wasm_memory_delete(capped);
    wasm_memorytype_delete(small);
    /* a minimum beyond 32 bits is refused, never taken modulo 2^32 */
    wasm_memorytype_t *huge = wr_wasm_memorytype_new64(((uint64_t)1 << 32) + 1, false, 0);
    CHECK(t, huge && !wasm_memory_new(store, huge));
    wasm_memorytype_delete(huge);
    wasm_tabletype_t *huge_table =
        wr_wasm_tabletype_new64(wasm_valtype_new_funcref(), ((uint64_t)1 << 32) + 1, false, 0);
    CHECK(t, huge_table && !wasm_table_new(store, huge_table, NULL));
    wasm_tabletype_delete(huge_table);

    wasm_memory_delete(memory);
    wasm_table_delete(table);
    wasm_memory_delete(memory32);
    wasm_table_delete(table32);
    wasm_memorytype_delete(mt64);
    wasm_tabletype_delete(tt64);
    wasm_memorytype_delete(mt32);
    wasm_tabletype_delete(tt32);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

int main(int argc, char **argv)
{
    check_counts t = {0};
    if (argc != 2) {
        fprintf(stderr, "usage: %s GUESTS_DIR\n", argv[0]);
        return 2;
    }
    run_types(&t);
    run_instances(&t, argv[1], WR_TIER_INTERP);
    run_instances(&t, argv[1], WR_TIER_COMPILED);
    return check_report(&t);
}
