#include "host.h"

#include <string.h>

static const wr_valtype i32_params[] = {WR_I32};
static const wr_valtype i64_params[] = {WR_I64};
static const wr_valtype f32_params[] = {WR_F32};
static const wr_valtype f64_params[] = {WR_F64};
static const wr_valtype i32_f32_params[] = {WR_I32, WR_F32};
static const wr_valtype f64_f64_params[] = {WR_F64, WR_F64};

static const struct {
    const char *name;
    wr_functype type;
} print_funcs[] = {
    {"print", {0, 0, NULL, NULL}},
    {"print_i32", {1, 0, i32_params, NULL}},
    {"print_i64", {1, 0, i64_params, NULL}},
    {"print_f32", {1, 0, f32_params, NULL}},
    {"print_f64", {1, 0, f64_params, NULL}},
    {"print_i32_f32", {2, 0, i32_f32_params, NULL}},
    {"print_f64_f64", {2, 0, f64_f64_params, NULL}},
};

/* The scripts only check that the calls link and return; printing would flood the output. */
static wr_error *print_nothing(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller, (void)args, (void)results, (void)env;
    return NULL;
}

static bool define(wr_linker *linker, const char *name, wr_extern ext)
{
    wr_error *e = wr_linker_define(linker, "spectest", strlen("spectest"), name, strlen(name), ext);
    if (e)
        wr_error_free(e);
    return e == NULL;
}

static bool define_global(wr_linker *linker, wr_store *store, const char *name, wr_val value)
{
    wr_globaltype type = {.type = value.type, .is_mutable = false};
    wr_global *global = wr_global_new(store, &type, value);
    return global && define(linker, name, (wr_extern){.kind = WR_EXTERN_GLOBAL, .of.global = global});
}

bool spectest_host_define(wr_linker *linker, wr_store *store)
{
    for (size_t i = 0; i < sizeof print_funcs / sizeof print_funcs[0]; i++) {
        wr_func *func = wr_func_new_host(store, &print_funcs[i].type, print_nothing, NULL, NULL);
        if (!func || !define(linker, print_funcs[i].name, (wr_extern){.kind = WR_EXTERN_FUNC, .of.func = func}))
            return false;
    }
    if (!define_global(linker, store, "global_i32", wr_val_i32(666)) ||
        !define_global(linker, store, "global_i64", wr_val_i64(666)) ||
        !define_global(linker, store, "global_f32", wr_val_f32(666.6f)) ||
        !define_global(linker, store, "global_f64", wr_val_f64(666.6)))
        return false;

    /* "table", and "table64" (3.0's memory64 scripts): the same with i64 indices. */
    wr_tabletype table_type = {.elem = WR_FUNCREF, .limits = {.min = 10, .max = 20, .has_max = true}};
    wr_val null_func = {.type = WR_FUNCREF, .of.funcref = NULL};
    wr_table *table = wr_table_new(store, &table_type, null_func);
    if (!table || !define(linker, "table", (wr_extern){.kind = WR_EXTERN_TABLE, .of.table = table}))
        return false;
    table_type.is64 = true;
    wr_table *table64 = wr_table_new(store, &table_type, null_func);
    if (!table64 ||
        !define(linker, "table64", (wr_extern){.kind = WR_EXTERN_TABLE, .of.table = table64}))
        return false;

    wr_memtype memory_type = {.limits = {.min = 1, .max = 2, .has_max = true}};
    wr_memory *memory = wr_memory_new(store, &memory_type);
    return memory && define(linker, "memory", (wr_extern){.kind = WR_EXTERN_MEMORY, .of.memory = memory});
}
