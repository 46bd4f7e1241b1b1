/* Traps and their frames. */
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"
#include "util/alloc.h"
#include "wr_wasm.h"

struct wasm_frame_t {
    wr_capi_frame_info info;
    wasm_instance_t *instance; /* an owned handle, or NULL */
};

static wr_capi_object *trap_object(const char *message, size_t len)
{
    wr_capi_object *obj = wr_capi_object_new(WR_CAPI_TRAP, NULL);
    char *copy = wr_mem_alloc(&wr_default_allocator, 1, len + 1);
    if (!obj || !copy) {
        wr_mem_free(obj);
        wr_mem_free(copy);
        return NULL;
    }
    memcpy(copy, message, len);
    copy[len] = '\0';
    obj->of.trap.message = copy;
    obj->of.trap.message_len = len;
    return obj;
}

static wasm_trap_t *trap_handle(wr_capi_object *obj)
{
    wasm_ref_t *h = wr_capi_handle(obj);
    if (!h && obj) {
        /* Nobody else holds the new object: take one reference only to drop it. */
        wr_capi_object_retain(obj);
        wr_capi_object_release(obj);
    }
    return (wasm_trap_t *)h;
}

wasm_trap_t *wasm_trap_new(wasm_store_t *store, const wasm_message_t *message)
{
    (void)store; /* traps outlive stores: they only carry text and frames */
    size_t len = message ? message->size : 0;
    if (len && message->data[len - 1] == '\0')
        len--; /* the message is NUL-terminated; the NUL is added back */
    return trap_handle(trap_object(len ? message->data : "", len));
}

void wasm_trap_message(const wasm_trap_t *trap, wasm_message_t *out)
{
    const wr_capi_trap *t = &wr_capi_obj(trap)->of.trap;
    wasm_byte_vec_new(out, t->message_len + 1, t->message);
}

static wasm_frame_t *frame_new(const wr_capi_trap *t, size_t i)
{
    wasm_frame_t *f = wr_mem_alloc(&wr_default_allocator, 1, sizeof *f);
    if (!f)
        return NULL;
    f->info = t->frames[i];
    f->instance = NULL;
    if (f->info.instance) {
        f->instance = (wasm_instance_t *)wr_capi_handle(f->info.instance);
        if (!f->instance) {
            wr_mem_free(f);
            return NULL;
        }
    }
    return f;
}

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *trap)
{
    const wr_capi_trap *t = &wr_capi_obj(trap)->of.trap;
    return t->nframes ? frame_new(t, 0) : NULL;
}

void wasm_trap_trace(const wasm_trap_t *trap, wasm_frame_vec_t *out)
{
    const wr_capi_trap *t = &wr_capi_obj(trap)->of.trap;
    wasm_frame_vec_new_uninitialized(out, t->nframes);
    for (size_t i = 0; i < out->size; i++) {
        out->data[i] = frame_new(t, i);
        if (!out->data[i]) {
            wasm_frame_vec_delete(out);
            return;
        }
    }
}

void wasm_frame_delete(wasm_frame_t *frame)
{
    if (!frame)
        return;
    wasm_instance_delete(frame->instance);
    wr_mem_free(frame);
}

wasm_frame_t *wasm_frame_copy(const wasm_frame_t *frame)
{
    wasm_frame_t *f = wr_mem_alloc(&wr_default_allocator, 1, sizeof *f);
    if (!f)
        return NULL;
    *f = *frame;
    if (frame->instance) {
        f->instance = wasm_instance_copy(frame->instance);
        if (!f->instance) {
            wr_mem_free(f);
            return NULL;
        }
    }
    return f;
}

wasm_instance_t *wasm_frame_instance(const wasm_frame_t *frame) { return frame->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t *frame) { return frame->info.func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t *frame) { return frame->info.func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t *frame) { return frame->info.module_offset; }

/* ---------------------------------------------------------------- errors <-> traps */

static bool add_frames(wr_capi_trap *t, const wr_error *err, wasm_store_t *store)
{
    size_t count;
    const wr_frame *frames = wr_error_frames(err, &count);
    if (!count)
        return true;
    t->frames = wr_mem_zalloc(&wr_default_allocator, count, sizeof *t->frames);
    if (!t->frames)
        return false;
    t->nframes = count;
    for (size_t i = 0; i < count; i++) {
        wr_capi_frame_info *info = &t->frames[i];
        info->func_index = frames[i].func_index;
        info->func_offset = frames[i].func_offset;
        info->module_offset = frames[i].code_offset;
        if (!store || !frames[i].instance)
            continue;
        info->instance = wr_capi_store_object(store, WR_CAPI_INSTANCE, frames[i].instance);
        if (!info->instance)
            return false;
        wr_capi_object_retain(info->instance);
    }
    return true;
}

wasm_trap_t *wr_capi_trap_from_error(wr_error *err, wasm_store_t *store)
{
    /* Traps read as the spec words them; other failures (link errors, ...) in full. */
    const char *text = wr_error_kind_of(err) == WR_ERR_TRAP ? wr_error_reason(err)
                                                             : wr_error_message(err);
    wr_capi_object *obj = trap_object(text, strlen(text));
    if (obj) {
        obj->of.trap.is_exit = wr_error_kind_of(err) == WR_ERR_EXIT;
        obj->of.trap.exit_code = wr_error_exit_code(err);
        if (!add_frames(&obj->of.trap, err, store)) {
            /* Nobody holds the object yet: one reference taken and dropped destroys it. */
            wr_capi_object_retain(obj);
            wr_capi_object_release(obj);
            obj = NULL;
        }
    }
    /* wasm.h has no exceptions: the trap carries the error (wr_wasm_trap_exception). */
    if (obj && wr_error_kind_of(err) == WR_ERR_EXCEPTION)
        obj->of.trap.exception = err;
    else
        wr_error_free(err);
    return trap_handle(obj);
}

const wr_error *wr_wasm_trap_exception(const wasm_trap_t *trap)
{
    return wr_capi_obj(trap)->of.trap.exception;
}

wr_error *wr_capi_trap_to_error(wasm_trap_t *trap)
{
    wr_capi_trap *t = &wr_capi_obj(trap)->of.trap;
    wr_error *err;
    if (t->exception) {
        /* Returned by a host function: the exception goes on into the calling wasm code.
         * The trap handle was the caller's to give away, so its error moves. */
        err = t->exception;
        t->exception = NULL;
    } else {
        err = t->is_exit ? wr_exit_new(t->exit_code) : wr_trap_new("%s", t->message);
    }
    wasm_trap_delete(trap);
    return err;
}
