/* Globals, tables and memories, from the host and from the guest. */
#include <string.h>

#include "capi.h"

static wasm_val_t call0(const wasm_func_t *f)
{
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t none = WASM_EMPTY_VEC, res = WASM_ARRAY_VEC(r);
    wasm_trap_t *trap = wasm_func_call(f, &none, &res);
    if (trap) {
        wasm_trap_delete(trap);
        r[0].kind = 0xff;
    }
    return r[0];
}

static bool call1(const wasm_func_t *f, wasm_val_t arg)
{
    wasm_val_t a[1] = {arg};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), none = WASM_EMPTY_VEC;
    wasm_trap_t *trap = wasm_func_call(f, &args, &none);
    wasm_trap_delete(trap);
    return trap == NULL;
}

#define EXPORT_FUNC(name) wasm_extern_as_func(find_export(module, &exports, name))

void test_global(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "global");
    REQUIRE(t, module);

    wasm_globaltype_t *const_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_globaltype_t *var_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
    wasm_val_t c = WASM_I32_VAL(7), v = WASM_I64_VAL(-8);
    wasm_global_t *g_const = wasm_global_new(store, const_type, &c);
    wasm_global_t *g_var = wasm_global_new(store, var_type, &v);
    REQUIRE(t, g_const && g_var);
    /* A value of the wrong type makes no global. */
    REQUIRE(t, wasm_global_new(store, const_type, &v) == NULL);
    wasm_globaltype_delete(const_type);
    wasm_globaltype_delete(var_type);

    wasm_globaltype_t *gt = wasm_global_type(g_var);
    REQUIRE(t, wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_I64);
    REQUIRE(t, wasm_globaltype_mutability(gt) == WASM_VAR);
    wasm_globaltype_delete(gt);

    wasm_extern_t *imports_arr[] = {wasm_global_as_extern(g_const), wasm_global_as_extern(g_var)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    REQUIRE(t, instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_global_t *own_const = wasm_extern_as_global(find_export(module, &exports, "own_const"));
    wasm_global_t *own_var = wasm_extern_as_global(find_export(module, &exports, "own_var"));
    REQUIRE(t, own_const && own_var);
    REQUIRE(t, wasm_extern_as_func(find_export(module, &exports, "own_var")) == NULL);

    REQUIRE(t, call0(EXPORT_FUNC("get_imp_const")).of.i32 == 7);
    REQUIRE(t, call0(EXPORT_FUNC("get_imp_var")).of.i64 == -8);
    wasm_val_t out;
    wasm_global_get(own_const, &out);
    REQUIRE(t, out.kind == WASM_F32 && out.of.f32 == 1.5f);
    REQUIRE(t, call0(EXPORT_FUNC("get_own_const")).of.f32 == 1.5f);

    /* Host writes seen by the guest. */
    wasm_val_t nv = WASM_I64_VAL(1234567890123);
    wasm_global_set(g_var, &nv);
    REQUIRE(t, call0(EXPORT_FUNC("get_imp_var")).of.i64 == 1234567890123);
    wasm_val_t f = WASM_F64_VAL(-0.25);
    wasm_global_set(own_var, &f);
    REQUIRE(t, call0(EXPORT_FUNC("get_own_var")).of.f64 == -0.25);

    /* Guest writes seen by the host. */
    REQUIRE(t, call1(EXPORT_FUNC("set_imp_var"), (wasm_val_t)WASM_I64_VAL(99)));
    wasm_global_get(g_var, &out);
    REQUIRE(t, out.kind == WASM_I64 && out.of.i64 == 99);
    REQUIRE(t, call1(EXPORT_FUNC("set_own_var"), (wasm_val_t)WASM_F64_VAL(8.5)));
    wasm_global_get(own_var, &out);
    REQUIRE(t, out.kind == WASM_F64 && out.of.f64 == 8.5);

    /* Constant globals and wrong types are left alone. */
    wasm_val_t other = WASM_I32_VAL(100);
    wasm_global_set(g_const, &other);
    wasm_global_get(g_const, &out);
    REQUIRE(t, out.of.i32 == 7);
    wasm_global_set(own_var, &other);
    wasm_global_get(own_var, &out);
    REQUIRE(t, out.of.f64 == 8.5);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_global_delete(g_const);
    wasm_global_delete(g_var);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

static wasm_trap_t *neg_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    results->data[0] = (wasm_val_t)WASM_I32_VAL(-args->data[0].of.i32);
    return NULL;
}

static int32_t call_indirect(const wasm_func_t *f, int32_t arg, int32_t index, bool *trapped)
{
    wasm_val_t a[2] = {WASM_I32_VAL(arg), WASM_I32_VAL(index)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), res = WASM_ARRAY_VEC(r);
    wasm_trap_t *trap = wasm_func_call(f, &args, &res);
    *trapped = trap != NULL;
    wasm_trap_delete(trap);
    return r[0].of.i32;
}

void test_table(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "table");
    REQUIRE(t, module);
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    REQUIRE(t, instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_table_t *table = wasm_extern_as_table(find_export(module, &exports, "table"));
    wasm_func_t *add = EXPORT_FUNC("add");
    const wasm_func_t *indirect = EXPORT_FUNC("call_indirect");
    REQUIRE(t, table && add && indirect);

    wasm_tabletype_t *tt = wasm_table_type(table);
    REQUIRE(t, wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
    REQUIRE(t, wasm_tabletype_limits(tt)->min == 2 && wasm_tabletype_limits(tt)->max == 10);
    wasm_tabletype_delete(tt);

    REQUIRE(t, wasm_table_size(table) == 2);
    REQUIRE(t, wasm_table_get(table, 0) == NULL);
    wasm_ref_t *r1 = wasm_table_get(table, 1);
    REQUIRE(t, r1 && wasm_ref_as_func(r1));
    REQUIRE(t, wasm_table_get(table, 2) == NULL);
    bool trapped;
    REQUIRE(t, call_indirect(indirect, 5, 1, &trapped) == 7 && !trapped);
    call_indirect(indirect, 5, 0, &trapped);
    REQUIRE(t, trapped);

    /* A host function put in the table is called by the guest. */
    wasm_functype_t *neg_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *neg = wasm_func_new(store, neg_type, neg_cb);
    wasm_functype_delete(neg_type);
    REQUIRE(t, wasm_table_set(table, 0, wasm_func_as_ref(neg)));
    REQUIRE(t, call_indirect(indirect, 5, 0, &trapped) == -5 && !trapped);
    wasm_ref_t *r0 = wasm_table_get(table, 0);
    REQUIRE(t, r0 && wasm_func_same(wasm_ref_as_func(r0), neg));
    wasm_ref_delete(r0);
    /* "add" has the wrong type for call_indirect's signature. */
    REQUIRE(t, wasm_table_set(table, 1, wasm_func_as_ref(add)));
    call_indirect(indirect, 5, 1, &trapped);
    REQUIRE(t, trapped);
    REQUIRE(t, !wasm_table_set(table, 2, wasm_func_as_ref(neg)));
    REQUIRE(t, wasm_table_set(table, 1, NULL));
    REQUIRE(t, wasm_table_get(table, 1) == NULL);

    /* Growth within the maximum only. */
    REQUIRE(t, wasm_table_grow(table, 3, wasm_func_as_ref(neg)));
    REQUIRE(t, wasm_table_size(table) == 5);
    REQUIRE(t, call_indirect(indirect, 9, 4, &trapped) == -9 && !trapped);
    REQUIRE(t, wasm_table_grow(table, 5, NULL));
    REQUIRE(t, !wasm_table_grow(table, 1, NULL));
    REQUIRE(t, wasm_table_size(table) == 10);

    /* A table made by the host. */
    wasm_limits_t limits = {1, wasm_limits_max_default};
    wasm_tabletype_t *ht = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
    wasm_table_t *host_table = wasm_table_new(store, ht, wasm_func_as_ref(neg));
    wasm_tabletype_delete(ht);
    REQUIRE(t, host_table && wasm_table_size(host_table) == 1);
    wasm_ref_t *h0 = wasm_table_get(host_table, 0);
    REQUIRE(t, h0 && wasm_ref_same(h0, wasm_func_as_ref(neg)));
    wasm_ref_delete(h0);
    tt = wasm_table_type(host_table);
    REQUIRE(t, wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
    wasm_tabletype_delete(tt);

    wasm_ref_delete(r1);
    wasm_table_delete(host_table);
    wasm_func_delete(neg);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

static bool try_call(const wasm_func_t *f, int32_t a, int32_t b, size_t nargs, int32_t *result)
{
    wasm_val_t args_arr[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)}, r[1] = {WASM_I32_VAL(0)};
    wasm_val_vec_t args = {nargs, args_arr}, res = {wasm_func_result_arity(f), r};
    wasm_trap_t *trap = wasm_func_call(f, &args, &res);
    wasm_trap_delete(trap);
    if (result)
        *result = r[0].of.i32;
    return trap == NULL;
}

void test_memory(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "memory");
    REQUIRE(t, module);
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    REQUIRE(t, instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_memory_t *memory = wasm_extern_as_memory(find_export(module, &exports, "memory"));
    const wasm_func_t *size = EXPORT_FUNC("size"), *load = EXPORT_FUNC("load");
    const wasm_func_t *store_fn = EXPORT_FUNC("store");
    REQUIRE(t, memory && size && load && store_fn);

    REQUIRE(t, wasm_memory_size(memory) == 2);
    REQUIRE(t, wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
    REQUIRE(t, wasm_memory_data(memory)[0] == 0);
    REQUIRE(t, wasm_memory_data(memory)[0x1000] == 1 && wasm_memory_data(memory)[0x1003] == 4);
    int32_t r;
    REQUIRE(t, try_call(size, 0, 0, 0, &r) && r == 2);
    REQUIRE(t, try_call(load, 0x1002, 0, 1, &r) && r == 3);
    REQUIRE(t, try_call(load, 0x1ffff, 0, 1, &r) && r == 0);
    REQUIRE(t, !try_call(load, 0x20000, 0, 1, NULL));

    /* Writes from either side are seen by the other. */
    REQUIRE(t, try_call(store_fn, 0x1002, 5, 2, NULL));
    REQUIRE(t, wasm_memory_data(memory)[0x1002] == 5);
    wasm_memory_data(memory)[0x1003] = (byte_t)-7;
    REQUIRE(t, try_call(load, 0x1003, 0, 1, &r) && r == -7);
    REQUIRE(t, !try_call(store_fn, 0x20000, 0, 2, NULL));

    /* Growth up to the maximum of 3 pages. */
    REQUIRE(t, wasm_memory_grow(memory, 1));
    REQUIRE(t, wasm_memory_size(memory) == 3 && wasm_memory_data_size(memory) == 0x30000);
    REQUIRE(t, try_call(load, 0x20000, 0, 1, &r) && r == 0);
    REQUIRE(t, try_call(store_fn, 0x20000, 6, 2, NULL));
    REQUIRE(t, wasm_memory_data(memory)[0x20000] == 6);
    REQUIRE(t, !wasm_memory_grow(memory, 1));
    REQUIRE(t, wasm_memory_grow(memory, 0));
    REQUIRE(t, wasm_memory_size(memory) == 3);

    wasm_memorytype_t *mt = wasm_memory_type(memory);
    /* The type of a memory reflects its current size. */
    REQUIRE(t, wasm_memorytype_limits(mt)->min == 3 && wasm_memorytype_limits(mt)->max == 3);
    wasm_memorytype_delete(mt);

    /* A memory made by the host. */
    wasm_limits_t limits = {5, 5};
    mt = wasm_memorytype_new(&limits);
    wasm_memory_t *host_memory = wasm_memory_new(store, mt);
    wasm_memorytype_delete(mt);
    REQUIRE(t, host_memory && wasm_memory_size(host_memory) == 5);
    REQUIRE(t, !wasm_memory_grow(host_memory, 1));
    REQUIRE(t, wasm_memory_grow(host_memory, 0));
    wasm_memory_delete(host_memory);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}
