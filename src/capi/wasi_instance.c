/* wasi_instance_t: WASI functions of one store, handed out one import at a time from the
 * linker wr_wasi defines them in. */
#include <stdlib.h>
#include <string.h>

#include "capi/wasi.h"
#include "util/alloc.h"

typedef struct bound {
    char *name;
    wasm_extern_t *ext; /* owned handle */
} bound;

struct wasi_instance_t {
    wasm_store_t *store;
    wr_linker *linker;
    char *module_name;
    size_t count, cap;
    bound *bound;
};

static const char PREVIEW1[] = "wasi_snapshot_preview1";

static wasm_trap_t *text_trap(const char *text)
{
    return wr_capi_trap_from_error(wr_trap_new("%s", text), NULL);
}

static void set_trap(wasm_trap_t **out, wasm_trap_t *trap)
{
    if (out)
        *out = trap;
    else
        wasm_trap_delete(trap);
}

static wr_error *never_called(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller;
    (void)args;
    (void)results;
    (void)env;
    return NULL;
}

static void free_wasi(void *wasi) { wr_wasi_free(wasi); }

/* The WASI functions point at the wr_wasi, so it must live as long as the store: a function
 * nobody calls holds it and frees it with the store. */
static bool tie_to_store(wr_store *store, wr_wasi *wasi)
{
    wr_functype none = {0, 0, NULL, NULL};
    return wr_func_new_host(store, &none, never_called, wasi, free_wasi) != NULL;
}

wasi_instance_t *wasi_instance_new(wasm_store_t *store, const char *name, wasi_config_t *config,
                                   wasm_trap_t **trap)
{
    if (trap)
        *trap = NULL;
    wasi_instance_t *wi = NULL;
    wr_wasi_config *cfg = NULL;
    wr_wasi *wasi = NULL;
    if (!config) {
        set_trap(trap, text_trap("no WASI config"));
        return NULL;
    }
    if (!name || strcmp(name, PREVIEW1) != 0) {
        set_trap(trap, text_trap("unsupported WASI version"));
        goto done;
    }
    wi = wr_mem_zalloc(&wr_default_allocator, 1, sizeof *wi);
    cfg = wr_capi_wasi_config_build(config);
    if (!wi || !cfg || !(wi->module_name = wr_mem_strdup(&wr_default_allocator, name))) {
        set_trap(trap, text_trap("out of memory"));
        goto fail;
    }
    wr_error *err = wr_wasi_new(store->store, cfg, &wasi);
    if (err) {
        set_trap(trap, wr_capi_trap_from_error(err, NULL));
        goto fail;
    }
    if (!tie_to_store(store->store, wasi)) {
        wr_wasi_free(wasi);
        set_trap(trap, text_trap("out of memory"));
        goto fail;
    }
    wi->store = store;
    wi->linker = wr_linker_new(store->engine->engine);
    err = wi->linker ? wr_wasi_define(wi->linker, wasi) : wr_trap_new("out of memory");
    if (err) {
        set_trap(trap, wr_capi_trap_from_error(err, NULL));
        goto fail;
    }
    goto done;
fail:
    wasi_instance_delete(wi);
    wi = NULL;
done:
    wr_wasi_config_free(cfg);
    wasi_config_delete(config);
    return wi;
}

void wasi_instance_delete(wasi_instance_t *wi)
{
    if (!wi)
        return;
    for (size_t i = 0; i < wi->count; i++) {
        wr_mem_free(wi->bound[i].name);
        wasm_extern_delete(wi->bound[i].ext);
    }
    wr_mem_free(wi->bound);
    wr_linker_free(wi->linker);
    wr_mem_free(wi->module_name);
    wr_mem_free(wi);
}

static bool name_equals(const wasm_name_t *name, const char *s)
{
    return name->size == strlen(s) && memcmp(name->data, s, name->size) == 0;
}

static const bound *remember(wasi_instance_t *wi, const wasm_name_t *name, wr_func *func)
{
    if (wi->count == wi->cap) {
        size_t cap = wi->cap ? wi->cap * 2 : 16;
        bound *b = wr_mem_realloc(&wr_default_allocator, wi->bound, cap, sizeof *b);
        if (!b)
            return NULL;
        wi->bound = b;
        wi->cap = cap;
    }
    char *copy = wr_mem_alloc(&wr_default_allocator, 1, name->size + 1);
    wasm_extern_t *ext = (wasm_extern_t *)wr_capi_handle(
        wr_capi_store_object(wi->store, WR_CAPI_FUNC, func));
    if (!copy || !ext) {
        wr_mem_free(copy);
        wasm_extern_delete(ext);
        return NULL;
    }
    memcpy(copy, name->data, name->size);
    copy[name->size] = '\0';
    wi->bound[wi->count] = (bound){copy, ext};
    return &wi->bound[wi->count++];
}

/* The function called name, fetched from the linker on first use; NULL when WASI has none or
 * memory is short. */
static const bound *find_or_bind(wasi_instance_t *wi, const wasm_name_t *name)
{
    for (size_t i = 0; i < wi->count; i++)
        if (name_equals(name, wi->bound[i].name))
            return &wi->bound[i];
    wr_extern ext;
    if (!wr_linker_get(wi->linker, wi->module_name, strlen(wi->module_name), name->data,
                       name->size, &ext) ||
        ext.kind != WR_EXTERN_FUNC)
        return NULL;
    return remember(wi, name, ext.of.func);
}

static bool valtypes_equal(const wasm_valtype_vec_t *a, const wasm_valtype_vec_t *b)
{
    if (a->size != b->size)
        return false;
    for (size_t i = 0; i < a->size; i++)
        if (wasm_valtype_kind(a->data[i]) != wasm_valtype_kind(b->data[i]))
            return false;
    return true;
}

static bool functypes_equal(const wasm_functype_t *a, const wasm_functype_t *b)
{
    return valtypes_equal(wasm_functype_params(a), wasm_functype_params(b)) &&
           valtypes_equal(wasm_functype_results(a), wasm_functype_results(b));
}

const wasm_extern_t *wasi_instance_bind_import(const wasi_instance_t *instance,
                                               const wasm_importtype_t *import)
{
    /* Binding caches what it fetched; the instance is only ever made by wasi_instance_new. */
    wasi_instance_t *wi = (wasi_instance_t *)instance;
    const wasm_functype_t *type = wasm_externtype_as_functype_const(wasm_importtype_type(import));
    if (!type || !name_equals(wasm_importtype_module(import), wi->module_name))
        return NULL;
    const bound *b = find_or_bind(wi, wasm_importtype_name(import));
    if (!b)
        return NULL;
    /* Another type than the function's is a mismatch, as any link would say. */
    wasm_functype_t *have = wasm_func_type(wasm_extern_as_func_const(b->ext));
    bool same = have && functypes_equal(have, type);
    wasm_functype_delete(have);
    return same ? b->ext : NULL;
}

bool wr_wasm_trap_exit_code(const wasm_trap_t *trap, int *code)
{
    const wr_capi_trap *t = &wr_capi_obj(trap)->of.trap;
    if (t->is_exit && code)
        *code = t->exit_code;
    return t->is_exit;
}
