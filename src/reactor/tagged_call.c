/* Running a tagged call on the worker: place the area, call, decode, release the area. */
#include "reactor/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

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
    if (ctx->failure) {
        wr_outcome_from_error(o, ctx->failure, false);
        ctx->failure = NULL;
        return false;
    }
    if (!ok || result.of.i32 == 0) {
        codec_failure(o, wr_strdup_printf("codec: the guest's %s could not provide %u bytes",
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
        free(o->tagged);
        free(o->tagged_storage);
        o->tagged = NULL;
        o->tagged_storage = NULL;
        o->ntagged = 0;
        wr_outcome_from_error(o, ctx->failure, false);
        ctx->failure = NULL;
    }
    wr_error_free(ctx->failure);
    ctx->failure = NULL;
}

static void call_export(wr_hook_ctx *ctx, wr_future *f, uint32_t addr, uint32_t capacity,
                        wr_outcome *o)
{
    wr_worker *w = ctx->worker;
    const wr_reactor_config *cfg = &w->reactor->cfg;
    wr_func *func = wr_instance_func(w->instance, f->export_name);
    if (!func) {
        o->status = WR_CALL_INSTANCE;
        o->message = wr_strdup_printf("the instance has no function '%s'", f->export_name);
        return;
    }
    wr_val args[2] = {wr_val_i32((int32_t)addr), wr_val_i32((int32_t)capacity)};
    ctx->args = args;
    ctx->nargs = wr_func_type(func)->nparams;
    if (!wr_hook_run(ctx, f->opts.store_hook, f->opts.hook_user, o))
        return;
    wr_val result;
    wr_error *err = wr_func_call(w->store, func, args, ctx->nargs, &result, 1);
    if (err) {
        wr_outcome_from_error(o, err, false);
        return;
    }
    ctx->results = &result;
    ctx->nresults = 1;
    if (!wr_hook_run(ctx, f->opts.load_hook, f->opts.hook_user, o))
        return;
    int32_t code = result.of.i32;
    if (code != 0) {
        if (cfg->guest_error)
            cfg->guest_error(ctx, code, cfg->guest_error_user);
        o->status = WR_CALL_GUEST_ERROR;
        o->code = code;
        o->message = wr_strdup_printf("'%s' returned error code %d", f->export_name, (int)code);
        return;
    }
    size_t mem_size;
    uint8_t *mem = wr_hook_memory(ctx, &mem_size);
    /* The guest may have grown memory, never shrunk it, so the area is still inside. */
    size_t readable = mem_size - addr < capacity ? mem_size - addr : capacity;
    char *msg = NULL;
    if (!wr_codec_decode(mem + addr, readable, o, &msg)) {
        codec_failure(o, msg);
        return;
    }
    o->status = WR_CALL_OK;
}

void wr_run_tagged(wr_worker *w, wr_future *f, wr_outcome *o)
{
    const wr_reactor_config *cfg = &w->reactor->cfg;
    wr_hook_ctx ctx = {.future = f, .worker = w};
    if (!wr_instance_memory(w->instance)) {
        codec_failure(o, wr_strdup_printf("codec: the instance has no memory"));
        return;
    }
    uint32_t capacity = cfg->codec_capacity;
    if (f->encoded_len > capacity) {
        if (cfg->codec_area == WR_CODEC_FIXED) {
            codec_failure(o, wr_strdup_printf("codec: the arguments take %zu bytes, the area "
                                              "holds %u", f->encoded_len, capacity));
            return;
        }
        capacity = (uint32_t)f->encoded_len;
    }
    uint32_t addr;
    if (!place_area(&ctx, cfg, capacity, &addr, o))
        return;
    size_t mem_size;
    uint8_t *mem = wr_hook_memory(&ctx, &mem_size);
    if (addr > mem_size || capacity > mem_size - addr) {
        codec_failure(o, wr_strdup_printf("codec: the area at 0x%x (%u bytes) is outside the "
                                          "memory of %zu bytes", addr, capacity, mem_size));
    } else {
        memcpy(mem + addr, f->encoded, f->encoded_len);
        call_export(&ctx, f, addr, capacity, o);
    }
    release_area(&ctx, cfg, addr, o);
}
