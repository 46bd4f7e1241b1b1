/*
 * Running compiled code: the entry wrapper (wrc_exec) and the runtime services that
 * generated code reaches through its wrc_ctx (see abi.h and docs/compiled.md).
 *
 * Each instance of a compiled module has one wrc_ictx. A call into compiled code enters
 * through wrc_exec, which sets a recovery point (a guard frame, so that in guard-region
 * mode a memory fault lands there too) and makes it the instance's current frame. A trap
 * raised by generated code or a service jumps back to the current frame of the running
 * instance, which is the innermost entry on this thread: every other entry that started
 * later has returned, since entries only nest through calls.
 */
#include <stdlib.h>
#include <string.h>

#include "compile/compile.h"
#include "interp/exec_tables.h"
#include "interp/simd.h"
#include "interp/simd_mem.h"
#include "runtime/guard.h"
#include "runtime/runtime.h"
#include "util/alloc.h"

/* C stack kept free below compiled code for host functions and the runtime. */
#define STACK_RESERVE ((uintptr_t)128 * 1024)

#if WR_HAVE_GUARD

typedef struct wrc_frame {
    wr_guard_frame guard;        /* first: the recovery point */
    wr_error *err;               /* set before a jump back */
    uint32_t base_depth;         /* ctx.depth when the entry started */
    struct wrc_frame *outer;     /* the instance's previous current frame */
} wrc_frame;

/* An instance's context; ctx first, so generated code's pointer is the whole. */
typedef struct wrc_ictx {
    wrc_ctx ctx;
    wr_instance *inst;
    wrc_frame *frame;            /* the innermost running entry of this instance */
    uint32_t *frames;            /* ctx.frames */
    const wr_func *tail_func;    /* the callee of a pending tail call run by tail_runtime */
    uint64_t *globals[];         /* ctx.globals points here */
} wrc_ictx;

static wrc_ictx *ictx_of(wrc_ctx *c) { return (wrc_ictx *)c; }

/* ---- traps ------------------------------------------------------------------------- */

/* The defined function whose body holds module offset `at`. */
static uint32_t func_at(const wr_module *m, uint32_t at)
{
    uint32_t lo = m->nfunc_imports, hi = m->nfuncs - 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (m->funcs[mid].body_offset <= at)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Frame k (0 = innermost) of the running entry: shadow frame depth - k, which holds the
 * module offset of the instruction that called or trapped there (see abi.h). */
static void get_frame(void *ctx, size_t k, wr_frame *frame)
{
    const wrc_ictx *ic = ctx;
    const wr_module *m = ic->inst->module;
    uint32_t offset = ic->ctx.frames[ic->ctx.depth - k];
    uint32_t func = func_at(m, offset);
    /* The code entry starts after its size field, a LEB128 the decoder has checked. */
    uint32_t entry = m->funcs[func].size_offset;
    while (m->bytes[entry++] & 0x80)
        ;
    *frame = (wr_frame){.func_index = func, .func_name = wr_module_func_name(m, func),
                        .code_offset = offset, .instance = ic->inst,
                        .func_offset = offset - entry};
}

/* The backtrace of the instance's frames above the current entry, innermost first. */
static void push_frames(wr_error *err, wrc_ictx *ic)
{
    if (err->kind != WR_ERR_TRAP || ic->ctx.depth <= ic->frame->base_depth)
        return;
    wr_error_push_frames(err, ic->ctx.depth - ic->frame->base_depth,
                         ic->inst->store->engine->config.max_backtrace_frames, get_frame, ic);
}

/* Ends the running entry of the instance with err (which already has the frames of
 * whatever ran above ours). */
static _Noreturn void unwind(wrc_ctx *c, wr_error *err, uint32_t depth)
{
    wrc_ictx *ic = ictx_of(c);
    ic->ctx.depth = depth;
    push_frames(err, ic);
    ic->frame->err = err;
    siglongjmp(ic->frame->guard.recover, 2);
}

static void svc_trap(wrc_ctx *c, uint32_t kind, uint32_t depth)
{
    unwind(c, wr_error_trap((wr_trap_kind)kind), depth);
}

static void svc_attend(wrc_ctx *c, uint32_t depth)
{
    wr_store *st = ictx_of(c)->inst->store;
    if (atomic_load_explicit(&st->interrupt, memory_order_relaxed))
        svc_trap(c, WR_TRAP_INTERRUPTED, depth);
    if (st->engine->config.fuel && --st->fuel_left < 0)
        svc_trap(c, WR_TRAP_OUT_OF_FUEL, depth);
}

/* ---- calls ------------------------------------------------------------------------- */

static uint32_t result_slots(const wr_mfunctype *ft)
{
    return wr_types_slots(ft->types + ft->nparams, ft->nresults);
}

/* The slots a call of type ft uses where its arguments come and its results go. */
static uint32_t call_slots_of(const wr_mfunctype *ft)
{
    uint32_t ps = wr_types_slots(ft->types, ft->nparams), rs = result_slots(ft);
    return ps > rs ? ps : rs;
}

/* f's index among the defined functions of its module m. */
static uint32_t defined_index(const wr_module *m, const wr_func *f)
{
    return f->code->func_index - m->nfunc_imports;
}

/* Calls any function with arguments and results in slots (on the C stack). */
static wr_error *call_slots(wrc_ictx *ic, const wr_func *f, uint64_t *slots)
{
    wr_store *st = ic->inst->store;
    if (f->host) {
        const uint8_t *saved = ic->frame->guard.base;
        ic->frame->guard.base = NULL;
        wr_error *err = wr_call_host(st, f, ic->inst, (wr_slot *)slots);
        ic->frame->guard.base = saved;
        return err;
    }
    if (f->code->native)
        return wrc_exec(st, f, (wr_slot *)slots);
    /* Interpreted code keeps its frames on the store's stack. */
    const wr_mfunctype *ft = f->type;
    wr_slot *fp = st->stack_top;
    if ((size_t)(st->stack_end - fp) < call_slots_of(ft))
        return wr_error_trap(WR_TRAP_STACK_EXHAUSTED);
    memcpy(fp, slots, wr_types_slots(ft->types, ft->nparams) * sizeof *fp);
    wr_error *err = wr_exec(st, f, fp);
    if (!err)
        memcpy(slots, fp, result_slots(ft) * sizeof *fp);
    return err;
}

/* A call made for compiled code ended with err: the entry ends with it, but for an
 * exception in a module whose code catches them, which becomes the one being thrown. */
static void call_failed(wrc_ctx *c, wr_error *err, uint32_t depth)
{
    wrc_ictx *ic = ictx_of(c);
    if (err->kind != WR_ERR_EXCEPTION || !ic->inst->module->native->exceptions)
        unwind(c, err, depth);
    wr_error *other;
    c->exn = wr_exn_from_error(ic->inst->store, err, &other);
    if (!c->exn)
        unwind(c, other, depth);
}

/* Calls f for compiled code whose frame is at depth; a failure ends the entry (or is the
 * exception now thrown). */
static void call_at(wrc_ctx *c, const wr_func *f, uint64_t *slots, uint32_t depth)
{
    wrc_ictx *ic = ictx_of(c);
    ic->ctx.depth = depth; /* where a nested entry of this instance starts */
    wr_error *err = call_slots(ic, f, slots);
    if (err)
        call_failed(c, err, depth);
}

static void svc_call(wrc_ctx *c, uint32_t callee, uint64_t *slots, uint32_t depth)
{
    call_at(c, ictx_of(c)->inst->funcs[callee], slots, depth);
}

/* A table index or length as the table code takes it: saturated to UINT32_MAX, which no
 * table reaches (see wr_table_index); a 32-bit table's values pass unchanged. */
static uint32_t sat32(uint64_t v) { return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v; }

/* Whether [at, at + n) lies within size, without overflow. */
static bool within(uint64_t at, uint64_t n, uint64_t size) { return at <= size && n <= size - at; }

/* table[index] for a call of type `type`, with call_indirect's traps. */
static const wr_func *indirect_callee(wrc_ctx *c, uint32_t table, uint32_t type,
                                      uint64_t index64, uint32_t depth)
{
    wr_instance *inst = ictx_of(c)->inst;
    const wr_table *t = inst->tables[table];
    uint32_t index = sat32(index64);
    if (index >= t->size)
        svc_trap(c, WR_TRAP_UNDEFINED_ELEMENT, depth);
    const wr_func *f = t->elems[index];
    if (!f)
        unwind(c, wr_error_uninitialized_element(index), depth);
    if (!wr_functype_equal(f->type, &inst->module->types[type]))
        svc_trap(c, WR_TRAP_INDIRECT_TYPE_MISMATCH, depth);
    return f;
}

/* Whether f is compiled code of the instance itself: generated code calls it directly. */
static bool is_own(const wrc_ictx *ic, const wr_func *f)
{
    return f->instance == ic->inst && f->code->native;
}

/* The callee of call_indirect or call_ref, found and checked: its typed native function
 * when it is compiled code of this instance, else it is called here with slots. */
static void *native_or_call(wrc_ctx *c, const wr_func *f, uint64_t *slots, uint32_t depth)
{
    wrc_ictx *ic = ictx_of(c);
    if (is_own(ic, f)) {
        const wr_module *m = ic->inst->module;
        return m->native->desc->natives[defined_index(m, f)];
    }
    call_at(c, f, slots, depth);
    return NULL;
}

static void *svc_call_indirect(wrc_ctx *c, uint32_t table, uint32_t type, uint64_t index,
                               uint64_t *slots, uint32_t depth)
{
    return native_or_call(c, indirect_callee(c, table, type, index, depth), slots, depth);
}

static void *svc_call_ref(wrc_ctx *c, void *ref, uint64_t *slots, uint32_t depth)
{
    return native_or_call(c, ref, slots, depth);
}

/* ---- tail calls (see emit.c, do_tail) ---------------------------------------------- */

/* The entry of a pending tail call of anything but the instance's own compiled code: the
 * call through the runtime, at the frame the tail-calling function had. */
static void tail_runtime(wrc_ctx *c, uint32_t *frame, uint64_t *slots)
{
    call_at(c, ictx_of(c)->tail_func, slots, (uint32_t)(frame - c->frames) - 1);
}

static wrc_entry tail_entry(wrc_ictx *ic, const wr_func *f)
{
    if (is_own(ic, f)) {
        const wr_module *m = ic->inst->module;
        return m->native->desc->entries[defined_index(m, f)];
    }
    ic->tail_func = f;
    return tail_runtime;
}

static wrc_entry svc_tail_import(wrc_ctx *c, uint32_t callee)
{
    wrc_ictx *ic = ictx_of(c);
    return tail_entry(ic, ic->inst->funcs[callee]);
}

static wrc_entry svc_tail_indirect(wrc_ctx *c, uint32_t table, uint32_t type, uint64_t index,
                                   uint32_t depth)
{
    return tail_entry(ictx_of(c), indirect_callee(c, table, type, index, depth));
}

/* ---- memory ------------------------------------------------------------------------ */

static int64_t svc_memory_grow(wrc_ctx *c, uint32_t memory, uint64_t delta)
{
    return wr_memory_grow_pages(ictx_of(c)->inst->memories[memory], delta);
}

static uint64_t svc_memory_size(wrc_ctx *c, uint32_t memory)
{
    return ictx_of(c)->inst->memories[memory]->pages;
}

static void svc_memory_fill(wrc_ctx *c, uint32_t memory, uint64_t dst, uint32_t value,
                            uint64_t n, uint32_t depth)
{
    wr_memory *mem = ictx_of(c)->inst->memories[memory];
    if (!within(dst, n, mem->size))
        svc_trap(c, WR_TRAP_MEMORY_OOB, depth);
    if (n)
        memset(mem->base + dst, (uint8_t)value, n);
}

static void svc_memory_copy(wrc_ctx *c, uint32_t dst_memory, uint32_t src_memory, uint64_t dst,
                            uint64_t src, uint64_t n, uint32_t depth)
{
    wr_instance *inst = ictx_of(c)->inst;
    wr_memory *d = inst->memories[dst_memory], *s = inst->memories[src_memory];
    if (!within(dst, n, d->size) || !within(src, n, s->size))
        svc_trap(c, WR_TRAP_MEMORY_OOB, depth);
    if (n)
        memmove(d->base + dst, s->base + src, n);
}

static void svc_memory_init(wrc_ctx *c, uint32_t seg, uint32_t memory, uint64_t dst,
                            uint32_t src, uint32_t n, uint32_t depth)
{
    wr_instance *inst = ictx_of(c)->inst;
    const uint8_t *data = inst->module->bytes + inst->module->datas[seg].data_offset;
    wr_trap_kind k = wr_memory_init_segment(inst->memories[memory], data, inst->data_sizes[seg],
                                            dst, src, n);
    if (k)
        svc_trap(c, k, depth);
}

static void svc_memx(wrc_ctx *c, uint32_t memory, uint32_t op, uint32_t bytes_lane,
                     uint64_t address, uint64_t offset, uint64_t *io, uint32_t depth)
{
    wr_trap_kind k = wr_exec_memx_access(ictx_of(c)->inst->memories[memory], op, bytes_lane,
                                         address, offset, (wr_slot *)io, (wr_slot *)io);
    if (k)
        svc_trap(c, k, depth);
}

static void svc_data_drop(wrc_ctx *c, uint32_t seg) { ictx_of(c)->inst->data_sizes[seg] = 0; }

/* ---- tables and references --------------------------------------------------------- */

static void *svc_table_get(wrc_ctx *c, uint32_t table, uint64_t index, uint32_t depth)
{
    const wr_table *t = ictx_of(c)->inst->tables[table];
    if (index >= t->size)
        svc_trap(c, WR_TRAP_TABLE_OOB, depth);
    return t->elems[index];
}

static void svc_table_set(wrc_ctx *c, uint32_t table, uint64_t index, void *ref, uint32_t depth)
{
    wr_table *t = ictx_of(c)->inst->tables[table];
    if (index >= t->size)
        svc_trap(c, WR_TRAP_TABLE_OOB, depth);
    t->elems[index] = ref;
}

static uint32_t svc_table_size(wrc_ctx *c, uint32_t table)
{
    return ictx_of(c)->inst->tables[table]->size;
}

static int64_t svc_table_grow(wrc_ctx *c, uint32_t table, void *init, uint64_t delta)
{
    return wr_table_grow_elems(ictx_of(c)->inst->tables[table], sat32(delta), init);
}

static void svc_table_fill(wrc_ctx *c, uint32_t table, uint64_t dst, void *ref, uint64_t n,
                           uint32_t depth)
{
    wr_table *t = ictx_of(c)->inst->tables[table];
    if (!within(dst, n, t->size))
        svc_trap(c, WR_TRAP_TABLE_OOB, depth);
    for (uint64_t k = 0; k < n; k++)
        t->elems[dst + k] = ref;
}

static void svc_table_copy(wrc_ctx *c, uint32_t dst_table, uint32_t src_table, uint64_t dst,
                           uint64_t src, uint64_t n, uint32_t depth)
{
    wr_instance *inst = ictx_of(c)->inst;
    wr_table *d = inst->tables[dst_table], *s = inst->tables[src_table];
    if (!within(dst, n, d->size) || !within(src, n, s->size))
        svc_trap(c, WR_TRAP_TABLE_OOB, depth);
    if (n)
        memmove(d->elems + dst, s->elems + src, n * sizeof *d->elems);
}

static void svc_table_init(wrc_ctx *c, uint32_t table, uint32_t seg, uint64_t dst, uint32_t src,
                           uint32_t n, uint32_t depth)
{
    wr_instance *inst = ictx_of(c)->inst;
    wr_trap_kind k = wr_table_init_segment(inst->tables[table], &inst->elems[seg], sat32(dst),
                                           src, n);
    if (k)
        svc_trap(c, k, depth);
}

static void svc_elem_drop(wrc_ctx *c, uint32_t seg) { ictx_of(c)->inst->elems[seg].count = 0; }

static void *svc_ref_func(wrc_ctx *c, uint32_t index) { return ictx_of(c)->inst->funcs[index]; }

/* ---- exceptions (3.0) -------------------------------------------------------------- */

static void svc_throw_tag(wrc_ctx *c, uint32_t tag, const uint64_t *slots, uint32_t depth)
{
    wrc_ictx *ic = ictx_of(c);
    wr_error *err;
    c->exn = wr_exn_new(ic->inst->store, ic->inst->tags[tag], (const wr_slot *)slots, &err);
    if (!c->exn)
        unwind(c, err, depth);
}

static void svc_throw_ref(wrc_ctx *c, void *exn, uint32_t depth)
{
    if (!exn)
        svc_trap(c, WR_TRAP_NULL_EXNREF, depth);
    c->exn = exn;
}

/* As the interpreter's catch (exec.c): catch_all hands over no values; an exception no
 * reference was ever made to is freed when caught without one. */
static uint32_t svc_catch_exn(wrc_ctx *c, uint32_t tag, uint32_t ref, uint64_t *slots)
{
    wrc_ictx *ic = ictx_of(c);
    wr_exn *exn = c->exn;
    if (tag != WRC_CATCH_ANY && ic->inst->tags[tag] != exn->tag)
        return 0;
    uint32_t n = tag == WRC_CATCH_ANY ? 0 : exn->tag->nslots;
    memcpy(slots, exn->slots, n * sizeof *slots);
    if (ref) {
        slots[n] = (uint64_t)(uintptr_t)exn;
        exn->exposed = true;
    } else if (!exn->exposed) {
        wr_exn_drop(ic->inst->store, exn);
    }
    c->exn = NULL;
    return 1;
}

/* ---- SIMD -------------------------------------------------------------------------- */

static void svc_shuffle(void *r, const void *a, const void *b, const uint8_t *lanes)
{
    wr_simd_shuffle(r, a, b, lanes);
}

static void svc_simd_load(uint32_t opfd, const uint8_t *p, void *r) { wr_simd_load(opfd, p, r); }

static const wrc_services services = {
    .trap = svc_trap,
    .attend = svc_attend,
    .call = svc_call,
    .call_indirect = svc_call_indirect,
    .call_ref = svc_call_ref,
    .memory_grow = svc_memory_grow,
    .memory_size = svc_memory_size,
    .memory_fill = svc_memory_fill,
    .memory_copy = svc_memory_copy,
    .memory_init = svc_memory_init,
    .memx = svc_memx,
    .data_drop = svc_data_drop,
    .table_get = svc_table_get,
    .table_set = svc_table_set,
    .table_size = svc_table_size,
    .table_grow = svc_table_grow,
    .table_fill = svc_table_fill,
    .table_copy = svc_table_copy,
    .table_init = svc_table_init,
    .elem_drop = svc_elem_drop,
    .ref_func = svc_ref_func,
    .tail_import = svc_tail_import,
    .tail_indirect = svc_tail_indirect,
    .shuffle = svc_shuffle,
    .simd_load = svc_simd_load,
    .throw_tag = svc_throw_tag,
    .throw_ref = svc_throw_ref,
    .catch_exn = svc_catch_exn,
};

/* ---- instances and entry ----------------------------------------------------------- */

wr_error *wrc_instance_attach(wr_instance *inst)
{
    const wr_module *m = inst->module;
    if (!m->native)
        return NULL;
    wrc_ictx *ic = wr_mem_zalloc(m->alloc, 1,
                                 sizeof *ic + (m->nglobals ? m->nglobals : 1) * sizeof(uint64_t *));
    uint32_t max_depth = m->engine->config.max_call_depth;
    /* frames[0] is unused; a function that calls nothing may run one level deeper than
     * frames_end without checking (emit.c, need_entry), hence max_depth + 2. */
    uint32_t *frames = wr_mem_alloc(m->alloc, (size_t)max_depth + 2, sizeof *frames);
    uint32_t tail_slots = 1;
    for (uint32_t t = 0; t < m->ntypes; t++) {
        uint32_t n = call_slots_of(&m->types[t]);
        tail_slots = n > tail_slots ? n : tail_slots;
    }
    uint64_t *slots = wr_mem_alloc(m->alloc, tail_slots, sizeof *slots);
    if (!ic || !frames || !slots) {
        wr_mem_free(ic);
        wr_mem_free(frames);
        wr_mem_free(slots);
        return wr_error_nomem();
    }
    ic->frames = frames;
    ic->ctx.frames = frames;
    ic->ctx.tail_slots = slots;
    for (uint32_t i = 0; i < m->nglobals; i++)
        ic->globals[i] = &inst->globals[i]->value[0].u64;
    ic->inst = inst;
    ic->ctx.svc = &services;
    ic->ctx.mem_base = &inst->memory0->base;
    ic->ctx.mem_size = &inst->memory0->size;
    ic->ctx.globals = ic->globals;
    ic->ctx.simd = m->native->simd;
    ic->ctx.attention = (const int *)&inst->store->attention;
    ic->ctx.frames_end = frames + max_depth;
    inst->native = ic;
    return NULL;
}

void wrc_instance_detach(wr_instance *inst)
{
    wrc_ictx *ic = inst->native;
    if (ic) {
        wr_mem_free(ic->frames);
        wr_mem_free(ic->ctx.tail_slots);
    }
    wr_mem_free(inst->native);
    inst->native = NULL;
}

/* Below this address compiled code stops with "call stack exhausted". */
static uintptr_t stack_limit(void)
{
    uintptr_t floor = wr_cstack_floor();
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    if (!floor || here <= floor)
        return 0;
    uintptr_t room = here - floor;
    return floor + (room / 2 < STACK_RESERVE ? room / 2 : STACK_RESERVE);
}

/* Calls entry at the frame above depth, then the tail calls it leaves pending (emit.c,
 * do_tail), whose last one leaves the results in tail_slots. */
static __attribute__((noinline)) void run_entry(wrc_ictx *ic, wrc_entry entry, uint32_t depth,
                                                wr_slot *fp, const wr_mfunctype *ft)
{
    uint32_t *own = ic->ctx.frames + depth + 1;
    entry(&ic->ctx, own, (uint64_t *)fp);
    if (!ic->ctx.tail)
        return;
    while (ic->ctx.tail) {
        wrc_entry next = ic->ctx.tail;
        ic->ctx.tail = NULL;
        next(&ic->ctx, own, ic->ctx.tail_slots);
    }
    memcpy(fp, ic->ctx.tail_slots, result_slots(ft) * sizeof *fp);
}

wr_error *wrc_exec(wr_store *store, const wr_func *func, wr_slot *fp)
{
    wr_instance *inst = func->instance;
    wrc_ictx *ic = inst->native;
    const wr_module *m = inst->module;
    wrc_entry entry = m->native->desc->entries[defined_index(m, func)];
    /* Arguments on the store's stack stay below whatever nested calls put there. */
    uint32_t slots = call_slots_of(func->type);
    wr_slot *const saved_top = store->stack_top;
    if (fp >= store->stack && fp < store->stack_end && fp + slots > saved_top)
        store->stack_top = fp + slots;
    const uint32_t saved_depth = ic->ctx.depth;
    const uintptr_t saved_limit = ic->ctx.stack_limit;
    wrc_frame frame;
    frame.err = NULL;
    frame.base_depth = saved_depth;
    frame.outer = ic->frame;
    frame.guard.base = m->engine->config.bounds_checks ? NULL : inst->memory0->base;
    ic->ctx.stack_limit = stack_limit();
    int jumped = sigsetjmp(frame.guard.recover, 0);
    if (jumped == 1) {
        /* A fault in guard-region mode: the depth of the faulting function is not known
         * (it lives in a register), so the trap has no frames, as in the interpreter. */
        wr_guard_recovered(&frame.guard);
        frame.err = wr_error_trap(WR_TRAP_MEMORY_OOB);
    } else if (jumped) {
        wr_guard_leave(&frame.guard);
    } else {
        wr_guard_enter(&frame.guard);
        ic->frame = &frame;
        run_entry(ic, entry, saved_depth, fp, func->type);
        wr_guard_leave(&frame.guard);
        if (ic->ctx.exn) /* thrown and not caught in this entry */
            frame.err = wr_exn_error(ic->ctx.exn);
    }
    ic->ctx.tail = NULL; /* after a trap */
    ic->ctx.exn = NULL;
    ic->frame = frame.outer;
    ic->ctx.depth = saved_depth;
    ic->ctx.stack_limit = saved_limit;
    store->stack_top = saved_top;
    return frame.err;
}

void wrc_fill_simd_table(wrc_simd_fn table[OPFD_COUNT])
{
    for (uint32_t op = 0; op < OPFD_COUNT; op++)
        table[op] = (wrc_simd_fn)wr_simd_fn_for(op);
}

#else

wr_error *wrc_instance_attach(wr_instance *inst)
{
    (void)inst;
    return NULL;
}

void wrc_instance_detach(wr_instance *inst) { (void)inst; }

wr_error *wrc_exec(wr_store *store, const wr_func *func, wr_slot *fp)
{
    (void)store, (void)func, (void)fp;
    return wr_error_new(WR_ERR_ARG, "the compiled tier needs a 64-bit POSIX host");
}

void wrc_fill_simd_table(wrc_simd_fn table[OPFD_COUNT]) { memset(table, 0, OPFD_COUNT * sizeof *table); }

#endif
