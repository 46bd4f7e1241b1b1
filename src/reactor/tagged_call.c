/* Running a tagged call on the worker: place the area, call, decode, release the area. */
#include "reactor/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "wr_guest.h"

static void codec_failure(wr_outcome *o, char *message)
{
    o->status = WR_CALL_CODEC;
    o->message = message;
}

/* Get the area's guest address from the configured source; false with o filled on failure. */
static bool place_area(wr_hook_ctx *ctx, const wr_reactor_config *cfg, uint32_t capacity,
                       uint32_t *addr, wr_outcome *o)
{
    if (cfg->codec_area == WR_CODEC_FIXED) {
        *addr = cfg->codec_offset;
        return true;
    }
    wr_val result;
    bool ok;
    const char *allocator;
    if (cfg->codec_area == WR_CODEC_MALLOC) {
        allocator = "malloc";
        wr_val arg = wr_val_i32((int32_t)capacity);
        ok = wr_hook_call(ctx, allocator, &arg, 1, &result, 1);
    } else {
        allocator = "cabi_realloc";
        wr_val args[4] = {wr_val_i32(0), wr_val_i32(0), wr_val_i32(8), wr_val_i32((int32_t)capacity)};
        ok = wr_hook_call(ctx, allocator, args, 4, &result, 1);
    }
    if (wr_hook_take_failure(ctx, o))
        return false;
    if (!ok || result.of.i32 == 0) {
        codec_failure(o, wr_strdup_printf(o->alloc,
                                          "codec: the guest's %s could not provide %u bytes",
                                          allocator, capacity));
        return false;
    }
    *addr = (uint32_t)result.of.i32;
    return true;
}

/* Give an allocated area back through the guest's "free", when it has one. */
static void release_area(wr_hook_ctx *ctx, const wr_reactor_config *cfg, uint32_t addr,
                         wr_outcome *o)
{
    if (cfg->codec_area == WR_CODEC_FIXED || !wr_instance_func(ctx->worker->instance, "free"))
        return;
    wr_val arg = wr_val_i32((int32_t)addr);
    wr_hook_call(ctx, "free", &arg, 1, NULL, 0);
    if (ctx->failure && o->status == WR_CALL_OK) {
        /* A trap in free still ends the call as a trap: traps are never hidden. */
        wr_outcome_reset(o, WR_CALL_PENDING);
        wr_hook_take_failure(ctx, o);
    }
    wr_error_free(ctx->failure);
    ctx->failure = NULL;
}

static void call_export(wr_hook_ctx *ctx, wr_future *f, uint32_t addr, uint32_t capacity,
                        wr_outcome *o)
{
    wr_worker *w = ctx->worker;
    const wr_reactor_config *cfg = &w->reactor->cfg;
    const char *name = f->fn->name.data;
    wr_func *func = w->funcs[f->fn->slot];
    if (!func) {
        o->status = WR_CALL_INSTANCE;
        o->message = wr_strdup_printf(o->alloc, "the instance has no function '%s'", name);
        return;
    }
    wr_val args[2] = {wr_val_i32((int32_t)addr), wr_val_i32((int32_t)capacity)};
    ctx->args = args;
    ctx->nargs = f->fn->type.nparams;
    if (!wr_hook_run(ctx, f->opts->store_hook, o))
        return;
    wr_val result;
    wr_error *err = wr_func_call(w->store, func, args, ctx->nargs, &result, 1);
    if (err) {
        wr_outcome_from_error(o, err, f->ops);
        return;
    }
    ctx->results = &result;
    ctx->nresults = 1;
    if (!wr_hook_run(ctx, f->opts->load_hook, o))
        return;
    int32_t code = result.of.i32;
    size_t mem_size;
    uint8_t *mem = wr_hook_memory(ctx, &mem_size);
    /* The guest may have grown memory, never shrunk it, so the area is still inside. */
    size_t readable = mem_size - addr < capacity ? mem_size - addr : capacity;
    if (code == WR_GUEST_OVERFLOW) {
        uint32_t need = readable >= 4 ? (uint32_t)mem[addr] | (uint32_t)mem[addr + 1] << 8 |
                                            (uint32_t)mem[addr + 2] << 16 |
                                            (uint32_t)mem[addr + 3] << 24
                                      : 0;
        codec_failure(o, wr_strdup_printf(o->alloc,
                                          "codec: the results of '%s' need %u bytes, the area "
                                          "has %u; raise codec_capacity",
                                          name, need, capacity));
        return;
    }
    if (code != 0) {
        if (cfg->guest_error)
            cfg->guest_error(ctx, code, cfg->guest_error_user);
        o->status = WR_CALL_GUEST_ERROR;
        o->code = code;
        o->message = wr_strdup_printf(o->alloc, "'%s' returned error code %d", name, (int)code);
        return;
    }
    char *msg = NULL;
    if (!wr_codec_decode(o->alloc, mem + addr, readable, o, &msg)) {
        codec_failure(o, msg);
        return;
    }
    o->status = WR_CALL_OK;
}

static void run_tagged(wr_worker *w, wr_future *f, wr_outcome *o)
{
    const wr_reactor_config *cfg = &w->reactor->cfg;
    wr_hook_ctx ctx = {.future = f, .worker = w, .status = WR_CALL_PENDING};
    if (!wr_instance_memory(w->instance)) {
        codec_failure(o, wr_strdup_printf(o->alloc, "codec: the instance has no memory"));
        return;
    }
    /* A fixed area was checked at submission; an allocated one grows to fit. */
    uint32_t capacity = cfg->codec_capacity;
    if (f->encoded_len > capacity)
        capacity = (uint32_t)f->encoded_len;
    uint32_t addr;
    if (!place_area(&ctx, cfg, capacity, &addr, o))
        return;
    size_t mem_size;
    uint8_t *mem = wr_hook_memory(&ctx, &mem_size);
    if (addr > mem_size || capacity > mem_size - addr) {
        codec_failure(o, wr_strdup_printf(o->alloc,
                                          "codec: the area at 0x%x (%u bytes) is outside the "
                                          "memory of %zu bytes", addr, capacity, mem_size));
    } else {
        memcpy(mem + addr, f->encoded, f->encoded_len);
        call_export(&ctx, f, addr, capacity, o);
    }
    release_area(&ctx, cfg, addr, o);
}

const wr_call_ops wr_call_tagged = {.run = run_tagged, .exit_is_result = false};

/* Whether the module exports a function name of exactly this type, or (optional) none. */
static wr_error *check_export(const wr_reactor *r, const char *name, const wr_valtype *params,
                              uint32_t nparams, const wr_valtype *results, uint32_t nresults,
                              bool optional, const char *shape)
{
    const wr_reactor_fn *fn = wr_reactor_find(r, name, strlen(name));
    if (!fn)
        return optional ? NULL
                        : wr_error_new(WR_ERR_ARG, "codec_area needs an exported function '%s' "
                                       "%s", name, shape);
    const wr_functype *t = &fn->type;
    bool same = t->nparams == nparams && t->nresults == nresults &&
                (nparams == 0 || memcmp(t->params, params, nparams * sizeof *params) == 0) &&
                (nresults == 0 || memcmp(t->results, results, nresults * sizeof *results) == 0);
    return same ? NULL
                : wr_error_new(WR_ERR_ARG, "the guest's '%s' must be %s for codec_area", name,
                               shape);
}

wr_error *wr_codec_check_exports(const wr_reactor *r)
{
    static const wr_valtype i32s[4] = {WR_I32, WR_I32, WR_I32, WR_I32};
    wr_error *err = NULL;
    switch (r->cfg.codec_area) {
    case WR_CODEC_FIXED: return NULL;
    case WR_CODEC_MALLOC:
        err = check_export(r, "malloc", i32s, 1, i32s, 1, false, "(i32) -> i32");
        break;
    case WR_CODEC_CABI_REALLOC:
        err = check_export(r, "cabi_realloc", i32s, 4, i32s, 1, false,
                           "(i32 i32 i32 i32) -> i32");
        break;
    default:
        return wr_error_new(WR_ERR_ARG, "unknown codec_area %d", (int)r->cfg.codec_area);
    }
    return err ? err : check_export(r, "free", i32s, 1, NULL, 0, true, "(i32) -> ()");
}
