/* Objects behind wasm.h references, their handles, and each store's registry of them. */
#include <stdint.h>
#include <stdlib.h>

#include "capi/capi.h"
#include "util/alloc.h"

wr_capi_object *wr_capi_object_new(wr_capi_kind kind, wasm_store_t *store)
{
    wr_capi_object *obj = wr_mem_zalloc(&wr_default_allocator, 1, sizeof *obj);
    if (!obj)
        return NULL;
    atomic_init(&obj->refs, 0);
    obj->kind = kind;
    obj->store = store;
    return obj;
}

void wr_capi_object_retain(wr_capi_object *obj)
{
    atomic_fetch_add_explicit(&obj->refs, 1, memory_order_relaxed);
}

static void destroy(wr_capi_object *obj)
{
    if (obj->finalizer)
        obj->finalizer(obj->host_info);
    switch (obj->kind) {
    case WR_CAPI_MODULE:
        wr_module_free(obj->of.module);
        break;
    case WR_CAPI_TRAP:
        for (size_t i = 0; i < obj->of.trap.nframes; i++)
            if (obj->of.trap.frames[i].instance)
                wr_capi_object_release(obj->of.trap.frames[i].instance);
        wr_mem_free(obj->of.trap.message);
        wr_mem_free(obj->of.trap.frames);
        wr_error_free(obj->of.trap.exception);
        break;
    case WR_CAPI_INSTANCE:
        if (obj->of.instance.module_obj)
            wr_capi_object_release(obj->of.instance.module_obj);
        break;
    default:
        break;
    }
    wr_mem_free(obj);
}

void wr_capi_object_release(wr_capi_object *obj)
{
    if (atomic_fetch_sub_explicit(&obj->refs, 1, memory_order_acq_rel) == 1)
        destroy(obj);
}

wasm_ref_t *wr_capi_handle(wr_capi_object *obj)
{
    if (!obj)
        return NULL;
    wasm_ref_t *h = wr_mem_alloc(&wr_default_allocator, 1, sizeof *h);
    if (!h)
        return NULL;
    h->obj = obj;
    wr_capi_object_retain(obj);
    return h;
}

void wr_capi_handle_delete(wasm_ref_t *handle)
{
    if (!handle)
        return;
    wr_capi_object_release(handle->obj);
    wr_mem_free(handle);
}

/* ---------------------------------------------------------------- the registry */

static size_t slot_of(const wasm_store_t *store, const void *key)
{
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ull;
    return (size_t)(h ^ (h >> 29)) & (store->cap - 1);
}

static wr_capi_object *lookup(const wasm_store_t *store, const void *key)
{
    if (!store->cap)
        return NULL;
    for (size_t i = slot_of(store, key);; i = (i + 1) & (store->cap - 1)) {
        if (!store->slots[i].key)
            return NULL;
        if (store->slots[i].key == key)
            return store->slots[i].obj;
    }
}

static void put(wasm_store_t *store, const void *key, wr_capi_object *obj)
{
    size_t i = slot_of(store, key);
    while (store->slots[i].key)
        i = (i + 1) & (store->cap - 1);
    store->slots[i] = (wr_capi_slot){key, obj};
    store->count++;
}

static bool reserve_one(wasm_store_t *store)
{
    /* Keep the load at most one half so probes stay short. */
    if ((store->count + 1) * 2 <= store->cap)
        return true;
    size_t cap = store->cap ? store->cap * 2 : 64;
    wr_capi_slot *old = store->slots;
    size_t old_cap = store->cap;
    store->slots = wr_mem_zalloc(&wr_default_allocator, cap, sizeof *store->slots);
    if (!store->slots) {
        store->slots = old;
        return false;
    }
    store->cap = cap;
    store->count = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            put(store, old[i].key, old[i].obj);
    wr_mem_free(old);
    return true;
}

static bool registry_add(wasm_store_t *store, const void *key, wr_capi_object *obj)
{
    if (!reserve_one(store))
        return false;
    put(store, key, obj);
    wr_capi_object_retain(obj);
    obj->registered = true;
    return true;
}

wr_capi_object *wr_capi_store_object(wasm_store_t *store, wr_capi_kind kind, void *runtime_obj)
{
    wr_capi_object *obj = lookup(store, runtime_obj);
    if (obj)
        return obj;
    obj = wr_capi_object_new(kind, store);
    if (!obj)
        return NULL;
    switch (kind) {
    case WR_CAPI_FUNC: obj->of.func.func = runtime_obj; break;
    case WR_CAPI_GLOBAL: obj->of.global = runtime_obj; break;
    case WR_CAPI_TABLE: obj->of.table = runtime_obj; break;
    case WR_CAPI_MEMORY: obj->of.memory = runtime_obj; break;
    case WR_CAPI_TAG: obj->of.tag = runtime_obj; break;
    case WR_CAPI_INSTANCE: obj->of.instance.instance = runtime_obj; break;
    default: break;
    }
    if (!registry_add(store, runtime_obj, obj)) {
        wr_mem_free(obj);
        return NULL;
    }
    return obj;
}

bool wr_capi_store_pin(wasm_store_t *store, wr_capi_object *obj)
{
    return obj->registered || registry_add(store, obj, obj);
}

/* Objects are released only after the runtime is gone, so host-info finalizers of functions
 * run after their environment finalizers, and nothing can call back into freed objects. */
void wasm_store_delete(wasm_store_t *store)
{
    if (!store)
        return;
    wr_store_free(store->store);
    for (size_t i = 0; i < store->cap; i++) {
        wr_capi_object *obj = store->slots[i].obj;
        if (obj) {
            obj->store = NULL;
            wr_capi_object_release(obj);
        }
    }
    wr_mem_free(store->slots);
    wr_mem_free(store);
}

wasm_store_t *wasm_store_new(wasm_engine_t *engine)
{
    if (!engine)
        return NULL;
    wasm_store_t *store = wr_mem_zalloc(&wr_default_allocator, 1, sizeof *store);
    if (!store)
        return NULL;
    store->store = wr_store_new(engine->engine);
    if (!store->store) {
        wr_mem_free(store);
        return NULL;
    }
    store->engine = engine;
    return store;
}

/* ---------------------------------------------------------------- the reference functions */

static bool kind_fits(wr_capi_kind kind, int want)
{
    if (want == -1) /* extern */
        return kind <= WR_CAPI_TAG;
    return (int)kind == want;
}

/* Every reference type gets the same base functions; `want` is its kind (-1: any extern). */
#define WR_CAPI_DEFINE_REF_BASE(name)                                                      \
    void wasm_##name##_delete(wasm_##name##_t *h) { wr_capi_handle_delete((wasm_ref_t *)h); } \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *h)                          \
    {                                                                                      \
        return (wasm_##name##_t *)wr_capi_handle(wr_capi_obj(h));                          \
    }                                                                                      \
    bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b)            \
    {                                                                                      \
        return wr_capi_obj(a) == wr_capi_obj(b);                                           \
    }                                                                                      \
    void *wasm_##name##_get_host_info(const wasm_##name##_t *h)                            \
    {                                                                                      \
        return h ? wr_capi_obj(h)->host_info : NULL;                                       \
    }                                                                                      \
    void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *h, void *info,        \
                                                    void (*finalizer)(void *))             \
    {                                                                                      \
        if (!h)                                                                            \
            return;                                                                        \
        wr_capi_obj(h)->host_info = info;                                                  \
        wr_capi_obj(h)->finalizer = finalizer;                                             \
    }                                                                                      \
    void wasm_##name##_set_host_info(wasm_##name##_t *h, void *info)                       \
    {                                                                                      \
        wasm_##name##_set_host_info_with_finalizer(h, info, NULL);                         \
    }

#define WR_CAPI_DEFINE_REF(name, want)                                                     \
    WR_CAPI_DEFINE_REF_BASE(name)                                                          \
    wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *h) { return (wasm_ref_t *)h; }       \
    const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *h)                 \
    {                                                                                      \
        return (const wasm_ref_t *)h;                                                      \
    }                                                                                      \
    wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *r)                                     \
    {                                                                                      \
        return r && kind_fits(r->obj->kind, want) ? (wasm_##name##_t *)r : NULL;           \
    }                                                                                      \
    const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *r)                 \
    {                                                                                      \
        return r && kind_fits(r->obj->kind, want) ? (const wasm_##name##_t *)r : NULL;     \
    }

WR_CAPI_DEFINE_REF_BASE(ref)
WR_CAPI_DEFINE_REF(func, WR_CAPI_FUNC)
WR_CAPI_DEFINE_REF(global, WR_CAPI_GLOBAL)
WR_CAPI_DEFINE_REF(table, WR_CAPI_TABLE)
WR_CAPI_DEFINE_REF(memory, WR_CAPI_MEMORY)
WR_CAPI_DEFINE_REF(extern, -1)
WR_CAPI_DEFINE_REF(instance, WR_CAPI_INSTANCE)
WR_CAPI_DEFINE_REF(foreign, WR_CAPI_FOREIGN)
WR_CAPI_DEFINE_REF(trap, WR_CAPI_TRAP)
WR_CAPI_DEFINE_REF(module, WR_CAPI_MODULE)

wasm_foreign_t *wasm_foreign_new(wasm_store_t *store)
{
    wr_capi_object *obj = wr_capi_object_new(WR_CAPI_FOREIGN, store);
    if (!obj)
        return NULL;
    wasm_ref_t *h = wr_capi_handle(obj);
    if (!h) {
        wr_mem_free(obj);
        return NULL;
    }
    return (wasm_foreign_t *)h;
}

/* ---------------------------------------------------------------- externs */

#define WR_CAPI_DEFINE_EXTERN_VIEW(name, KIND)                                              \
    wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *h) { return (wasm_extern_t *)h; } \
    const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *h)            \
    {                                                                                       \
        return (const wasm_extern_t *)h;                                                    \
    }                                                                                       \
    wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *e)                                \
    {                                                                                       \
        return e && wr_capi_obj(e)->kind == KIND ? (wasm_##name##_t *)e : NULL;             \
    }                                                                                       \
    const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *e)            \
    {                                                                                       \
        return e && wr_capi_obj(e)->kind == KIND ? (const wasm_##name##_t *)e : NULL;       \
    }

WR_CAPI_DEFINE_EXTERN_VIEW(func, WR_CAPI_FUNC)
WR_CAPI_DEFINE_EXTERN_VIEW(global, WR_CAPI_GLOBAL)
WR_CAPI_DEFINE_EXTERN_VIEW(table, WR_CAPI_TABLE)
WR_CAPI_DEFINE_EXTERN_VIEW(memory, WR_CAPI_MEMORY)

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *e)
{
    switch (wr_capi_obj(e)->kind) {
    case WR_CAPI_GLOBAL: return WASM_EXTERN_GLOBAL;
    case WR_CAPI_TABLE: return WASM_EXTERN_TABLE;
    case WR_CAPI_MEMORY: return WASM_EXTERN_MEMORY;
    case WR_CAPI_TAG: return WASM_EXTERN_TAG;
    default: return WASM_EXTERN_FUNC;
    }
}

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *e)
{
    const wr_capi_object *obj = wr_capi_obj(e);
    wr_externtype t;
    switch (obj->kind) {
    case WR_CAPI_FUNC:
        t.kind = WR_EXTERN_FUNC;
        t.of.func = *wr_func_type(obj->of.func.func);
        break;
    case WR_CAPI_GLOBAL:
        t.kind = WR_EXTERN_GLOBAL;
        t.of.global = wr_global_type(obj->of.global);
        break;
    case WR_CAPI_TABLE:
        t.kind = WR_EXTERN_TABLE;
        t.of.table = wr_table_type(obj->of.table);
        break;
    case WR_CAPI_MEMORY:
        t.kind = WR_EXTERN_MEMORY;
        t.of.memory = wr_memory_type(obj->of.memory);
        break;
    case WR_CAPI_TAG:
        t.kind = WR_EXTERN_TAG;
        t.of.tag = *wr_exntag_type(obj->of.tag);
        break;
    default:
        return NULL;
    }
    return wr_capi_externtype_from_wr(&t);
}
