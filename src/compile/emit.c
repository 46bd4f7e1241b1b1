/*
 * The translator: a validated module to C (see docs/compiled.md, "Generated code").
 *
 * One C function per wasm function, f<index>(ctx, params...). Locals are C variables
 * l<i>; the operand stack is C variables too, one per (height, type): s<t><height>, so
 * every stack position has a fixed name and branches move values by plain assignment.
 * Structured control becomes labels and gotos: L<id> after a block or if, T<id> at the
 * top of a loop, E<id> at an else. Code after an unconditional branch is skipped up to
 * the end of its block. Nothing from the module reaches the text except numbers: names
 * are generated, and the only string, the cache key, is hex.
 *
 * Instructions are read by the shared reader (src/decode/ops.h, wr_read_instruction), and
 * stack effects of fixed-signature opcodes come from its op table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/compile.h"
#include "compile/ops.h"
#include "decode/opcodes.h"
#include "decode/ops.h"
#include "interp/simd.h"
#include "interp/simd_mem.h"
#include "util/alloc.h"
#include "util/reader.h"

enum { CTL_FUNC, CTL_BLOCK, CTL_LOOP, CTL_IF };
/* Locals and stack values of a function small enough to run without its own stack check
 * (its frame fits in the runtime's reserve below the limit; see need_entry). */
enum { SMALL_FRAME_VALUES = 256 };
enum { NTYPES = 6 };

typedef struct {
    uint8_t kind;
    bool has_else;
    bool entered;          /* ENTER() has run on every path to here */
    uint8_t one;           /* storage for a single-type block result */
    uint32_t id;
    uint32_t base;         /* stack height below the block's parameters */
    uint32_t np, nr;
    const uint8_t *pt, *rt;
    bool is_try;           /* a try_table: its catch clauses are read again at its end */
    size_t clauses;        /* reader position of the first */
    uint32_t nclauses;
} ectl;

typedef struct {
    const wr_module *m;
    const bool *tails;     /* by function index: its body has a tail call (see do_tail) */
    bool checks;
    wr_reader r;
    wr_imm im;             /* the immediates of the instruction being translated */
    uint32_t off;          /* its module offset: what its shadow frame records */
    wrc_buf *b;
    uint32_t fi;
    const wr_mfunctype *ft;
    uint8_t *st;           /* operand stack types */
    uint32_t sp, st_cap;
    uint8_t *used;         /* used[height * NTYPES + type class] */
    ectl *ctl;
    uint32_t nctl, ctl_cap;
    uint32_t next_id;
    bool dead;             /* after an unconditional branch */
    uint32_t dead_depth;   /* blocks opened inside dead code */
    bool failed;
    const char *unsupported; /* an op this tier does not compile yet, for the error */
    bool exceptions;       /* the module uses exception handling: calls are checked */
    bool xr_used;          /* XR, the return of a function an exception leaves, is used */
    bool calls_itself;     /* a direct call of fi: the function is declared inline */
} em;

/* ---- text -------------------------------------------------------------------------- */

void wrc_buf_printf(wrc_buf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = b->cap - b->len;
        int n = vsnprintf(b->text ? b->text + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = true;
            return;
        }
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len <= (size_t)n)
            cap *= 2;
        char *t = wr_mem_realloc(b->alloc, b->text, cap, 1);
        if (!t) {
            b->oom = true;
            return;
        }
        b->text = t;
        b->cap = cap;
    }
}

void wrc_buf_free(wrc_buf *b)
{
    wr_mem_free(b->text);
    *b = (wrc_buf){.alloc = b->alloc};
}

#define OUT(...) wrc_buf_printf(e->b, __VA_ARGS__)

/* ---- types ------------------------------------------------------------------------- */

static int tclass(uint8_t t)
{
    switch (t) {
    case WR_I32: return 0;
    case WR_I64: return 1;
    case WR_F32: return 2;
    case WR_F64: return 3;
    case WR_V128: return 4;
    default: return 5;
    }
}

static const char tletter[NTYPES] = {'i', 'j', 'f', 'd', 'v', 'r'};
static const char *const tname[NTYPES] = {"uint32_t", "uint64_t", "float", "double", "v128",
                                          "void *"};

static const char *ctype(uint8_t t) { return tname[tclass(t)]; }

/* The name of the stack variable at height h holding type t; marks it used. */
typedef struct {
    char s[24];
} vname;

static vname var(em *e, uint32_t h, uint8_t t)
{
    vname v;
    int c = tclass(t);
    if (h < e->st_cap)
        e->used[h * NTYPES + c] = 1;
    snprintf(v.s, sizeof v.s, "s%c%u", tletter[c], h);
    return v;
}

/* ---- the operand stack ------------------------------------------------------------- */

static uint32_t push(em *e, uint8_t t)
{
    if (e->sp >= e->st_cap) {
        e->failed = true;
        return e->st_cap - 1;
    }
    e->st[e->sp] = t;
    return e->sp++;
}

static uint32_t pop(em *e)
{
    if (e->sp == 0) {
        e->failed = true;
        return 0;
    }
    return --e->sp;
}

static vname top(em *e, uint32_t k) /* k = 0: the top */
{
    uint32_t h = e->sp - 1 - k;
    return var(e, h, e->st[h]);
}

/* ---- slots (calls through the runtime) --------------------------------------------- */

static void to_slot(em *e, const char *arr, uint32_t k, uint8_t t, const char *v)
{
    switch (tclass(t)) {
    case 2: OUT("%s[%u] = wr_f32_bits(%s);", arr, k, v); break;
    case 3: OUT("%s[%u] = wr_f64_bits(%s);", arr, k, v); break;
    case 4: OUT("memcpy(&%s[%u], &%s, 16);", arr, k, v); break;
    case 5: OUT("%s[%u] = (uint64_t)(uintptr_t)%s;", arr, k, v); break;
    default: OUT("%s[%u] = %s;", arr, k, v); break;
    }
}

static void from_slot(em *e, const char *arr, uint32_t k, uint8_t t, const char *v)
{
    switch (tclass(t)) {
    case 0: OUT("%s = (uint32_t)%s[%u];", v, arr, k); break;
    case 2: OUT("%s = wr_f32_from_bits((uint32_t)%s[%u]);", v, arr, k); break;
    case 3: OUT("%s = wr_f64_from_bits(%s[%u]);", v, arr, k); break;
    case 4: OUT("memcpy(&%s, &%s[%u], 16);", v, arr, k); break;
    case 5: OUT("%s = (void *)(uintptr_t)%s[%u];", v, arr, k); break;
    default: OUT("%s = %s[%u];", v, arr, k); break;
    }
}

/* ---- control ----------------------------------------------------------------------- */

static ectl *label(em *e, uint32_t depth) { return &e->ctl[e->nctl - 1 - depth]; }

static void read_blocktype(em *e, ectl *c)
{
    c->np = c->nr = 0;
    if (e->im.type == WR_BLOCK_INDEXED) {
        if (e->im.index >= e->m->ntypes) {
            e->failed = true;
            return;
        }
        const wr_mfunctype *ft = &e->m->types[e->im.index];
        c->np = ft->nparams;
        c->pt = ft->types;
        c->nr = ft->nresults;
        c->rt = ft->types + ft->nparams;
    } else if (e->im.type != WR_BLOCK_EMPTY) {
        c->one = wr_valtype_kind((wr_valtype)e->im.type);
        c->rt = &c->one;
        c->nr = 1;
    }
}

/* The function's entry checks (ENTER: C stack and depth; then the attention word) run on the
 * way to its first call or loop, not at its start: a function that calls nothing and does
 * not loop ends in bounded time within a small frame, so it needs none, and skipping them
 * lets the C compiler keep its quick paths free of a prologue. Every chain of calls still
 * passes the checks once per level, and every loop iteration the attention word. */
static void need_entry(em *e, bool attend)
{
    ectl *c = label(e, 0);
    if (!c->entered)
        OUT(attend ? "ENTER(); ATTN(%uu);\n" : "ENTER();\n", e->off);
    c->entered = true;
}

static ectl *push_ctl(em *e, uint8_t kind)
{
    if (e->nctl >= e->ctl_cap) {
        e->failed = true;
        return &e->ctl[e->nctl - 1];
    }
    ectl *c = &e->ctl[e->nctl++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->entered = e->nctl > 1 && e->ctl[e->nctl - 2].entered;
    c->id = e->next_id++;
    return c;
}

static void result_struct(char *out, size_t n, const uint8_t *types, uint32_t count)
{
    size_t k = (size_t)snprintf(out, n, "struct R_");
    for (uint32_t i = 0; i < count && k + 1 < n; i++)
        out[k++] = tletter[tclass(types[i])];
    out[k < n ? k : n - 1] = 0;
}

static void emit_return(em *e)
{
    const wr_mfunctype *ft = e->ft;
    const uint8_t *rt = ft->types + ft->nparams;
    if (ft->nresults == 0) {
        OUT("return;\n");
    } else if (ft->nresults == 1) {
        OUT("return %s;\n", top(e, 0).s);
    } else {
        char sn[80];
        result_struct(sn, sizeof sn, rt, ft->nresults);
        OUT("{ %s r_; ", sn);
        for (uint32_t i = 0; i < ft->nresults; i++)
            OUT("r_.r%u = %s; ", i, top(e, ft->nresults - 1 - i).s);
        OUT("return r_; }\n");
    }
}

/* Moves the branch values to the target's positions, then jumps. */
static void emit_br(em *e, uint32_t depth)
{
    ectl *c = label(e, depth);
    if (c->kind == CTL_FUNC) {
        emit_return(e);
        return;
    }
    bool loop = c->kind == CTL_LOOP;
    uint32_t n = loop ? c->np : c->nr;
    const uint8_t *types = loop ? c->pt : c->rt;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t from = e->sp - n + i, to = c->base + i;
        if (from != to)
            OUT("%s = %s; ", var(e, to, types[i]).s, var(e, from, types[i]).s);
    }
    OUT("goto %c%u;\n", loop ? 'T' : 'L', c->id);
}

static void set_types(em *e, uint32_t base, const uint8_t *types, uint32_t n)
{
    e->sp = base;
    for (uint32_t i = 0; i < n; i++)
        push(e, types[i]);
}

static void do_block(em *e, uint8_t kind)
{
    ectl tmp;
    memset(&tmp, 0, sizeof tmp);
    read_blocktype(e, &tmp);
    vname cond = {{0}};
    if (kind == CTL_IF)
        cond = var(e, pop(e), WR_I32);
    ectl *c = push_ctl(e, kind);
    c->np = tmp.np;
    c->nr = tmp.nr;
    c->one = tmp.one;
    c->pt = tmp.pt;
    c->rt = tmp.nr == 1 && tmp.rt == &tmp.one ? &c->one : tmp.rt;
    c->base = e->sp >= c->np ? e->sp - c->np : 0;
    if (kind == CTL_LOOP) {
        need_entry(e, false); /* the loop's top checks the attention word */
        OUT("T%u:; ATTN(%uu);\n", c->id, e->off);
    } else if (kind == CTL_IF) {
        /* The else branch needs the parameters as they were. */
        for (uint32_t i = 0; i < c->np; i++)
            OUT("%s p%u_%u = %s; ", ctype(c->pt[i]), c->id, i, var(e, c->base + i, c->pt[i]).s);
        OUT("if (!%s) goto E%u;\n", cond.s, c->id);
    }
}

static void restore_if_params(em *e, ectl *c)
{
    OUT("E%u:; ", c->id);
    for (uint32_t i = 0; i < c->np; i++)
        OUT("%s = p%u_%u; ", var(e, c->base + i, c->pt[i]).s, c->id, i);
    OUT("\n");
    set_types(e, c->base, c->pt, c->np);
}

static void do_else(em *e)
{
    ectl *c = label(e, 0);
    if (!e->dead)
        OUT("goto L%u;\n", c->id);
    c->has_else = true;
    c->entered = label(e, 1)->entered;
    e->dead = false;
    restore_if_params(e, c);
}

static void emit_catches(em *e, ectl *c);

static void do_end(em *e)
{
    ectl *c = label(e, 0);
    if (c->kind == CTL_FUNC) {
        if (!e->dead) {
            set_types(e, e->sp - c->nr, c->rt, c->nr);
            emit_return(e);
        }
        e->nctl--;
        e->dead = true;
        return;
    }
    if (c->kind == CTL_IF && !c->has_else) {
        if (!e->dead)
            OUT("goto L%u;\n", c->id);
        restore_if_params(e, c);
    }
    if (c->is_try)
        emit_catches(e, c);
    if (c->kind != CTL_LOOP)
        OUT("L%u:;\n", c->id);
    else if (!e->dead)
        label(e, 1)->entered = true; /* only the loop's own end reaches what follows */
    set_types(e, c->base, c->rt, c->nr);
    e->nctl--;
    e->dead = false;
}

/* ---- calls ------------------------------------------------------------------------- */

static void emit_proto(wrc_buf *b, const wr_mfunctype *ft, const char *name, bool named_params)
{
    const uint8_t *rt = ft->types + ft->nparams;
    char sn[80];
    if (ft->nresults == 0)
        snprintf(sn, sizeof sn, "void");
    else if (ft->nresults == 1)
        snprintf(sn, sizeof sn, "%s", ctype(rt[0]));
    else
        result_struct(sn, sizeof sn, rt, ft->nresults);
    wrc_buf_printf(b, "%s %s(wrc_ctx *c, uint32_t *%s", sn, name, named_params ? "fr" : "");
    for (uint32_t i = 0; i < ft->nparams; i++) {
        if (named_params)
            wrc_buf_printf(b, ", %s l%u", ctype(ft->types[i]), i);
        else
            wrc_buf_printf(b, ", %s", ctype(ft->types[i]));
    }
    wrc_buf_printf(b, ")");
}

/* A typed call expression's arguments: the top nparams stack values. */
static void emit_args(em *e, const wr_mfunctype *ft)
{
    for (uint32_t i = 0; i < ft->nparams; i++)
        OUT(", %s", top(e, ft->nparams - 1 - i).s);
}

/* Assigns the typed call's result(s) to the stack after the call; the call expression
 * is written by the caller between the prefix and emit_call_end. */
static void emit_call_begin(em *e, const wr_mfunctype *ft, uint32_t base)
{
    const uint8_t *rt = ft->types + ft->nparams;
    if (ft->nresults == 1) {
        OUT("%s = ", var(e, base, rt[0]).s);
    } else if (ft->nresults > 1) {
        char sn[80];
        result_struct(sn, sizeof sn, rt, ft->nresults);
        OUT("{ %s r_ = ", sn);
    }
}

static void emit_call_end(em *e, const wr_mfunctype *ft, uint32_t base)
{
    const uint8_t *rt = ft->types + ft->nparams;
    if (ft->nresults > 1) {
        OUT(" ");
        for (uint32_t i = 0; i < ft->nresults; i++)
            OUT("%s = r_.r%u; ", var(e, base + i, rt[i]).s, i);
        OUT("}");
    }
    OUT("\n");
}

static void emit_slot_args(em *e, const wr_mfunctype *ft)
{
    uint32_t ps = wr_types_slots(ft->types, ft->nparams);
    uint32_t rs = wr_types_slots(ft->types + ft->nparams, ft->nresults);
    OUT("{ uint64_t a_[%u]; ", (ps > rs ? ps : rs) + 1);
    uint32_t k = 0;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        uint8_t t = ft->types[i];
        to_slot(e, "a_", k, t, top(e, ft->nparams - 1 - i).s);
        k += wr_type_slots(t);
    }
}

static void emit_slot_results(em *e, const wr_mfunctype *ft, uint32_t base)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < ft->nresults; i++) {
        uint8_t t = ft->types[ft->nparams + i];
        from_slot(e, "a_", k, t, var(e, base + i, t).s);
        k += wr_type_slots(t);
    }
}

/* After a call of a function that may have left a tail call pending (see do_tail): runs
 * it, and whatever it leaves pending in turn, then takes the results from tail_slots. */
static void emit_tail_run(em *e, const wr_mfunctype *ft, uint32_t base)
{
    OUT("if (__builtin_expect(c->tail != 0, 0)) { tail_run_(c, fr + 1); ");
    uint32_t k = 0;
    for (uint32_t i = 0; i < ft->nresults; i++) {
        uint8_t t = ft->types[ft->nparams + i];
        from_slot(e, "c->tail_slots", k, t, var(e, base + i, t).s);
        k += wr_type_slots(t);
    }
    OUT("}\n");
}

static void finish_call(em *e, const wr_mfunctype *ft, uint32_t base)
{
    set_types(e, base, ft->types + ft->nparams, ft->nresults);
    if (e->m->nmemories)
        OUT("mb = *c->mem_base;\n");
}

static void emit_exn_check(em *e);

/* Whether the index a is below limit; otherwise the function is refused (the validator
 * checked the index, so a miss means the two disagree, and no C is written for it). */
static bool in_range(em *e, uint32_t a, uint32_t limit)
{
    if (a < limit)
        return true;
    e->failed = true;
    return false;
}

static void do_call(em *e, uint32_t callee)
{
    const wr_mfunctype *ft = wr_module_functype(e->m, callee);
    uint32_t base = e->sp - ft->nparams;
    /* Imports too: a host function may call back into this instance. */
    need_entry(e, true);
    if (callee >= e->m->nfunc_imports) {
        e->calls_itself |= callee == e->fi;
        emit_call_begin(e, ft, base);
        OUT("(*fr = %uu, f%u(c, fr + 1", e->off, callee);
        emit_args(e, ft);
        OUT("));");
        emit_call_end(e, ft, base);
        if (e->tails[callee])
            emit_tail_run(e, ft, base);
    } else {
        emit_slot_args(e, ft);
        OUT("c->svc->call(c, %uu, a_, AT(%uu)); ", callee, e->off);
        emit_slot_results(e, ft, base);
        OUT("}\n");
    }
    finish_call(e, ft, base);
    emit_exn_check(e);
}

/* The index types of tables and memories: i64 for table64 and memory64. */
static uint8_t table_at(const em *e, uint32_t table)
{
    return e->m->tables[table].is64 ? WR_I64 : WR_I32;
}
static uint8_t memory_at(const em *e, uint32_t memory)
{
    return e->m->memories[memory].is64 ? WR_I64 : WR_I32;
}
/* A length's type: an i64 only when both tables or memories are 64-bit. */
static uint8_t length_at(uint8_t a, uint8_t b) { return a == WR_I64 ? b : WR_I32; }

/* call_indirect (the table index on top) and call_ref (the reference, type's, on top):
 * the runtime finds the callee, then it is called natively or has been called through
 * slots. */
static void do_call_indirect(em *e, uint32_t type, uint32_t table, bool ref)
{
    const wr_mfunctype *ft = &e->m->types[type];
    vname callee = var(e, pop(e), ref ? WR_FUNCREF : table_at(e, table));
    uint32_t base = e->sp - ft->nparams;
    need_entry(e, true);
    if (ref)
        OUT("if (!%s) TRAP(WR_TRAP_NULL_FUNC_REF, %uu);\n", callee.s, e->off);
    emit_slot_args(e, ft);
    if (ref)
        OUT("void *fn_ = c->svc->call_ref(c, %s, a_, AT(%uu));\n", callee.s, e->off);
    else
        OUT("void *fn_ = c->svc->call_indirect(c, %uu, %uu, %s, a_, AT(%uu));\n", table, type,
            callee.s, e->off);
    OUT("if (fn_) { ");
    emit_call_begin(e, ft, base);
    OUT("((");
    emit_proto(e->b, ft, "(*)", false);
    OUT(")fn_)(c, fr + 1");
    emit_args(e, ft);
    OUT(");");
    emit_call_end(e, ft, base);
    emit_tail_run(e, ft, base);
    OUT("} else { ");
    emit_slot_results(e, ft, base);
    OUT("} }\n");
    finish_call(e, ft, base);
    emit_exn_check(e);
}

/* return_call, return_call_indirect and return_call_ref. C has no guaranteed tail call
 * (gcc has no musttail, and -O0 makes none), so a function with a tail call returns to its
 * caller instead, leaving the call pending: the callee's slot entry in c->tail, its
 * arguments in c->tail_slots. Every call site of such a function (and every call_indirect
 * and call_ref, whose callee is not known) then runs the pending calls one after the other
 * at the same C stack depth (emit_tail_run), as does the runtime's entry; a loop of tail
 * calls takes constant stack, and calls of other functions cost nothing more. The pending
 * callee takes the frame the tail-calling function had. */
static void do_tail(em *e, const wr_mfunctype *ft, const char *entry)
{
    need_entry(e, true); /* a loop of tail calls checks the attention word at each */
    OUT("c->tail = %s; ", entry);
    uint32_t k = 0;
    for (uint32_t i = 0; i < ft->nparams; i++) {
        uint8_t t = ft->types[i];
        to_slot(e, "c->tail_slots", k, t, top(e, ft->nparams - 1 - i).s);
        k += wr_type_slots(t);
    }
    /* The caller sees c->tail set and ignores this value. */
    const wr_mfunctype *own = e->ft;
    if (own->nresults == 0) {
        OUT("return;\n");
    } else {
        char sn[80];
        const uint8_t *rt = own->types + own->nparams;
        if (own->nresults == 1)
            snprintf(sn, sizeof sn, "%s", ctype(rt[0]));
        else
            result_struct(sn, sizeof sn, rt, own->nresults);
        OUT("{ %s r_; __builtin_memset(&r_, 0, sizeof r_); return r_; }\n", sn);
    }
    e->dead = true;
}

static void do_return_call(em *e, uint32_t callee)
{
    char entry[64];
    if (callee >= e->m->nfunc_imports)
        snprintf(entry, sizeof entry, "e%u", callee);
    else
        snprintf(entry, sizeof entry, "c->svc->tail_import(c, %uu)", callee);
    do_tail(e, wr_module_functype(e->m, callee), entry);
}

static void do_return_call_indirect(em *e, uint32_t type, uint32_t table)
{
    vname idx = var(e, pop(e), table_at(e, table));
    char entry[96];
    snprintf(entry, sizeof entry, "c->svc->tail_indirect(c, %uu, %uu, %s, AT(%uu))", table,
             type, idx.s, e->off);
    do_tail(e, &e->m->types[type], entry);
}

static void do_return_call_ref(em *e, uint32_t type)
{
    vname ref = var(e, pop(e), WR_FUNCREF);
    OUT("if (!%s) TRAP(WR_TRAP_NULL_FUNC_REF, %uu);\n", ref.s, e->off);
    char entry[64];
    snprintf(entry, sizeof entry, "c->svc->tail_ref(c, %s)", ref.s);
    do_tail(e, &e->m->types[type], entry);
}

/* Whether function fi's body has a tail call: its callers must run what it leaves pending. */
bool wrc_has_tail_call(const wr_module *m, uint32_t fi)
{
    const wr_mfunc *f = &m->funcs[fi];
    wr_reader r = {.base = m->bytes, .pos = f->body_offset, .end = f->body_end};
    wr_imm im;
    while (!r.err && r.pos < r.end) {
        const wr_opinfo *info = wr_read_instruction(&r, &im);
        if (!info)
            return false;
        bool tail = info->code == OP_return_call || info->code == OP_return_call_indirect ||
                    info->code == OP_return_call_ref;
        if (!info->prefix && tail)
            return true;
    }
    return false;
}

/* ---- memory ------------------------------------------------------------------------ */

/* Declares ea_ for an access of n bytes at address variable a plus offset; traps when
 * out of bounds in checked mode. */
static void emit_ea(em *e, const char *a, uint64_t offset, uint32_t n)
{
    OUT("{ uint64_t ea_ = (uint64_t)%s + %lluull; ", a, (unsigned long long)offset);
    if (e->checks)
        OUT("if (ea_ + %u > *c->mem_size) TRAP(WR_TRAP_MEMORY_OOB, %uu); ", n, e->off);
}

/* Whether an access goes through the memx service: any memory but a 32-bit memory 0. */
static bool is_memx(const em *e)
{
    return e->im.memory != 0 || e->m->memories[0].is64;
}

/* An access through the memx service, which checks it and carries it out (the
 * interpreter's memx); op is the wasm opcode, 0xFD ones with 0x100 added. */
static void emit_memx(em *e, const wr_opinfo *sig, uint32_t op)
{
    const wr_imm *x = &e->im;
    vname v = {{0}};
    if (sig->nparams == 2)
        v = var(e, pop(e), sig->params[1]);
    vname a = var(e, pop(e), memory_at(e, x->memory));
    uint32_t lane = sig->imm == WR_IMM_MEMARG_LANE ? x->lane : 0;
    OUT("{ uint64_t io_[2] = {0, 0}; ");
    if (sig->nparams == 2)
        OUT("memcpy(io_, &%s, sizeof %s); ", v.s, v.s);
    OUT("c->svc->memx(c, %uu, %uu, %uu, %s, %lluull, io_, AT(%uu)); ", x->memory, op,
        (1u << sig->align) | lane << 8, a.s, (unsigned long long)x->offset, e->off);
    if (sig->nresults) {
        vname r = var(e, push(e, sig->result), sig->result);
        OUT("memcpy(&%s, io_, sizeof %s); ", r.s, r.s);
    }
    OUT("}\n");
}

static bool do_load_store(em *e, uint8_t op, const wr_opinfo *sig)
{
    if (is_memx(e)) {
        emit_memx(e, sig, op);
        return true;
    }
    static const struct {
        uint8_t op, bytes;
        const char *text;
    } access[] = {
        {OP_i32_load, 4, "ld_u32(%1$s)"},
        {OP_i64_load, 8, "ld_u64(%1$s)"},
        {OP_f32_load, 4, "ld_f32(%1$s)"},
        {OP_f64_load, 8, "ld_f64(%1$s)"},
        {OP_i32_load8_s, 1, "(uint32_t)(int32_t)(int8_t)ld_u8(%1$s)"},
        {OP_i32_load8_u, 1, "ld_u8(%1$s)"},
        {OP_i32_load16_s, 2, "(uint32_t)(int32_t)(int16_t)ld_u16(%1$s)"},
        {OP_i32_load16_u, 2, "ld_u16(%1$s)"},
        {OP_i64_load8_s, 1, "(uint64_t)(int64_t)(int8_t)ld_u8(%1$s)"},
        {OP_i64_load8_u, 1, "(uint64_t)ld_u8(%1$s)"},
        {OP_i64_load16_s, 2, "(uint64_t)(int64_t)(int16_t)ld_u16(%1$s)"},
        {OP_i64_load16_u, 2, "(uint64_t)ld_u16(%1$s)"},
        {OP_i64_load32_s, 4, "(uint64_t)(int64_t)(int32_t)ld_u32(%1$s)"},
        {OP_i64_load32_u, 4, "(uint64_t)ld_u32(%1$s)"},
        {OP_i32_store, 4, "st_u32(%1$s, %2$s)"},
        {OP_i64_store, 8, "st_u64(%1$s, %2$s)"},
        {OP_f32_store, 4, "st_u32(%1$s, wr_f32_bits(%2$s))"},
        {OP_f64_store, 8, "st_u64(%1$s, wr_f64_bits(%2$s))"},
        {OP_i32_store8, 1, "st_u8(%1$s, (uint8_t)%2$s)"},
        {OP_i32_store16, 2, "st_u16(%1$s, (uint16_t)%2$s)"},
        {OP_i64_store8, 1, "st_u8(%1$s, (uint8_t)%2$s)"},
        {OP_i64_store16, 2, "st_u16(%1$s, (uint16_t)%2$s)"},
        {OP_i64_store32, 4, "st_u32(%1$s, (uint32_t)%2$s)"},
    };
    for (size_t i = 0; i < sizeof access / sizeof access[0]; i++) {
        if (access[i].op != op)
            continue;
        bool store = sig->nresults == 0;
        vname v = {{0}};
        if (store)
            v = var(e, pop(e), sig->params[1]);
        vname a = var(e, pop(e), WR_I32);
        emit_ea(e, a.s, e->im.offset, access[i].bytes);
        if (!store)
            OUT("%s = ", var(e, push(e, sig->result), sig->result).s);
        OUT(access[i].text, "mb + ea_", v.s);
        OUT("; }\n");
        return true;
    }
    return false;
}

/* ---- numbers ----------------------------------------------------------------------- */

static void do_const(em *e, uint8_t t)
{
    const wr_imm *x = &e->im;
    vname v = var(e, push(e, t), t);
    switch (t) {
    case WR_I32: OUT("%s = %uu;\n", v.s, (uint32_t)x->bits); break;
    case WR_I64: OUT("%s = %lluull;\n", v.s, (unsigned long long)x->bits); break;
    case WR_F32: OUT("%s = wr_f32_from_bits(%uu);\n", v.s, (uint32_t)x->bits); break;
    default: OUT("%s = wr_f64_from_bits(%lluull);\n", v.s, (unsigned long long)x->bits); break;
    }
}

static void do_scalar(em *e, const wrc_opspell *sp, const wr_opinfo *sig)
{
    vname b = {{0}};
    if (sig->nparams == 2)
        b = var(e, pop(e), sig->params[1]);
    vname a = var(e, pop(e), sig->params[0]);
    vname r = var(e, push(e, sig->result), sig->result);
    if (sp->expr) {
        OUT("%s = ", r.s);
        OUT(sp->expr, a.s, b.s);
        OUT(";\n");
    } else if (sig->nparams == 2) {
        OUT("{ %s t_; uint32_t k_ = %s(%s, %s, &t_); if (k_) TRAP(k_, %uu); %s = t_; }\n",
            sp->ctype, sp->trap_fn, a.s, b.s, e->off, r.s);
    } else {
        OUT("{ %s t_; uint32_t k_ = %s(%s, &t_); if (k_) TRAP(k_, %uu); %s = (%s)t_; }\n",
            sp->ctype, sp->trap_fn, a.s, e->off, r.s, ctype(sig->result));
    }
}

/* ---- SIMD -------------------------------------------------------------------------- */

static void simd_operand(em *e, const char *name, uint8_t t, const char *v)
{
    switch (tclass(t)) {
    case 4: OUT("%s = %s; ", name, v); break;
    case 2: OUT("%s[0] = wr_f32_bits(%s); %s[1] = 0; ", name, v, name); break;
    case 3: OUT("%s[0] = wr_f64_bits(%s); %s[1] = 0; ", name, v, name); break;
    default: OUT("%s[0] = %s; %s[1] = 0; ", name, v, name); break;
    }
}

/* Lane moves and the operators vector extensions compute exactly, inline. */
static bool do_simd_inline(em *e, uint32_t op, const wr_opinfo *sig)
{
    const wrc_simdspell *vs = wrc_simdspell_fd(op);
    if (vs) {
        vname b = {{0}};
        if (sig->nparams == 2)
            b = var(e, pop(e), WR_V128);
        vname a = var(e, pop(e), WR_V128);
        vname r = var(e, push(e, WR_V128), WR_V128);
        OUT("{ %s x, y; memcpy(&x, &%s, 16); ", vs->vtype, a.s);
        if (sig->nparams == 2)
            OUT("memcpy(&y, &%s, 16); ", b.s);
        else
            OUT("(void)y; ");
        OUT("x = %s; memcpy(&%s, &x, 16); }\n", vs->expr, r.s);
        return true;
    }
    const wrc_lanespell *ls = wrc_lanespell_fd(op);
    if (!ls)
        return false;
    unsigned w = ls->width, off = (e->im.lane * w) & 15;
    const char *narrow = w == 1 ? "uint8_t" : w == 2 ? "uint16_t" : NULL;
    if (sig->imm == WR_IMM_NONE) { /* splat */
        vname a = var(e, pop(e), sig->params[0]);
        vname r = var(e, push(e, WR_V128), WR_V128);
        OUT("{ %s t_ = (%s)%s; for (int k_ = 0; k_ < %u; k_++) memcpy((uint8_t *)&%s + %u * k_, "
            "&t_, %u); }\n", narrow ? narrow : ctype(sig->params[0]),
            narrow ? narrow : ctype(sig->params[0]), a.s, 16 / w, r.s, w, w);
    } else if (sig->nparams == 1) { /* extract */
        vname a = var(e, pop(e), WR_V128);
        vname r = var(e, push(e, sig->result), sig->result);
        if (narrow)
            OUT("{ %s t_; memcpy(&t_, (uint8_t *)&%s + %u, %u); %s = %s; }\n", narrow, a.s, off,
                w, r.s, ls->is_signed ? (w == 1 ? "(uint32_t)(int32_t)(int8_t)t_"
                                                : "(uint32_t)(int32_t)(int16_t)t_")
                                      : "t_");
        else
            OUT("memcpy(&%s, (uint8_t *)&%s + %u, %u);\n", r.s, a.s, off, w);
    } else { /* replace: the vector stays where it is */
        vname b = var(e, pop(e), sig->params[1]);
        vname a = top(e, 0);
        OUT("{ %s t_ = (%s)%s; memcpy((uint8_t *)&%s + %u, &t_, %u); }\n",
            narrow ? narrow : ctype(sig->params[1]), narrow ? narrow : ctype(sig->params[1]),
            b.s, a.s, off, w);
    }
    return true;
}

static void do_simd(em *e, uint32_t op)
{
    const wr_opinfo *sig = wr_opinfo_fd(op);
    const wr_imm *x = &e->im;
    if (!sig || !wr_opinfo_fixed(sig)) {
        e->failed = true;
        return;
    }
    if (op == OPFD_v128_const) {
        uint64_t w[2];
        memcpy(w, x->bytes, 16);
        OUT("%s = (v128){%lluull, %lluull};\n", var(e, push(e, WR_V128), WR_V128).s,
            (unsigned long long)w[0], (unsigned long long)w[1]);
        return;
    }
    if ((sig->imm == WR_IMM_MEMARG || sig->imm == WR_IMM_MEMARG_LANE) && is_memx(e)) {
        emit_memx(e, sig, 0x100u | op);
        return;
    }
    if (sig->imm == WR_IMM_MEMARG || sig->imm == WR_IMM_MEMARG_LANE) {
        bool store = sig->nresults == 0;
        bool lane = sig->imm == WR_IMM_MEMARG_LANE;
        vname v = {{0}};
        if (store || lane)
            v = var(e, pop(e), WR_V128);
        vname a = var(e, pop(e), WR_I32);
        uint32_t n = lane ? wr_simd_lane_bytes(op) : store ? 16 : wr_simd_load_bytes(op);
        emit_ea(e, a.s, x->offset, n);
        if (op == OPFD_v128_store) /* one 16-byte store: one that straddles the end of
                                        memory must fault before writing any of it */
            OUT("*(v128u *)(mb + ea_) = %s; }\n", v.s);
        else if (lane && store)
            OUT("memcpy(mb + ea_, (uint8_t *)&%s + %u, %u); }\n", v.s, (x->lane * n) & 15, n);
        else if (lane) {
            vname r = var(e, push(e, WR_V128), WR_V128);
            OUT("%s = %s; memcpy((uint8_t *)&%s + %u, mb + ea_, %u); }\n", r.s, v.s, r.s,
                (x->lane * n) & 15, n);
        }
        else if (op == OPFD_v128_load)
            /* Guard regions: the last byte's load (kept, see KEEP) faults for the whole. */
            OUT("memcpy(&%s, mb + ea_, 16); %s}\n", var(e, push(e, WR_V128), WR_V128).s,
                e->checks ? "" : "(void)ld_u8(mb + ea_ + 15); ");
        else
            OUT("c->svc->simd_load(%uu, mb + ea_, &%s); }\n", op,
                var(e, push(e, WR_V128), WR_V128).s);
        return;
    }
    if (do_simd_inline(e, op, sig))
        return;
    const char *names[3] = {"a_", "b_", "c_"};
    vname ops[3];
    for (int i = sig->nparams - 1; i >= 0; i--)
        ops[i] = var(e, pop(e), sig->params[i]);
    OUT("{ v128 a_ = {0, 0}, b_ = a_, c_ = a_, r_; ");
    for (int i = 0; i < sig->nparams; i++)
        simd_operand(e, names[i], sig->params[i], ops[i].s);
    if (op == OPFD_i8x16_shuffle) {
        OUT("static const uint8_t lanes_[16] = {");
        for (int i = 0; i < 16; i++)
            OUT("%u,", x->bytes[i]);
        OUT("}; c->svc->shuffle(&r_, &a_, &b_, lanes_); ");
    } else {
        OUT("c->simd[%u](&r_, &a_, &b_, &c_, %uu); ", op, x->lane);
    }
    vname r = var(e, push(e, sig->result), sig->result);
    switch (tclass(sig->result)) {
    case 0: OUT("%s = (uint32_t)r_[0]; }\n", r.s); break;
    case 1: OUT("%s = r_[0]; }\n", r.s); break;
    case 2: OUT("%s = wr_f32_from_bits((uint32_t)r_[0]); }\n", r.s); break;
    case 3: OUT("%s = wr_f64_from_bits(r_[0]); }\n", r.s); break;
    default: OUT("%s = r_; }\n", r.s); break;
    }
}

/* ---- 0xFC: saturating truncation, bulk memory, tables ------------------------------ */

static void do_fc(em *e, uint32_t op)
{
    const wrc_opspell *sp = wrc_opspell_fc(op);
    if (sp) {
        do_scalar(e, sp, wr_opinfo_fc(op));
        return;
    }
    uint32_t a = e->im.index, b = e->im.index2, mem = e->im.memory;
    vname x, y, z;
    uint8_t at, bt;
    switch (op) {
    case OPFC_memory_init:
        z = var(e, pop(e), WR_I32), y = var(e, pop(e), WR_I32);
        x = var(e, pop(e), memory_at(e, mem));
        OUT("c->svc->memory_init(c, %uu, %uu, %s, %s, %s, AT(%uu));\n", a, mem, x.s, y.s, z.s,
            e->off);
        break;
    case OPFC_data_drop:
        OUT("c->svc->data_drop(c, %uu);\n", a);
        break;
    case OPFC_memory_copy: /* destination, then source */
        at = memory_at(e, mem), bt = memory_at(e, b);
        z = var(e, pop(e), length_at(at, bt)), y = var(e, pop(e), bt), x = var(e, pop(e), at);
        OUT("c->svc->memory_copy(c, %uu, %uu, %s, %s, %s, AT(%uu));\n", mem, b, x.s, y.s, z.s,
            e->off);
        break;
    case OPFC_memory_fill:
        at = memory_at(e, mem);
        z = var(e, pop(e), at), y = var(e, pop(e), WR_I32), x = var(e, pop(e), at);
        OUT("c->svc->memory_fill(c, %uu, %s, %s, %s, AT(%uu));\n", mem, x.s, y.s, z.s, e->off);
        break;
    case OPFC_table_init: /* element, then table */
        z = var(e, pop(e), WR_I32), y = var(e, pop(e), WR_I32);
        x = var(e, pop(e), table_at(e, b));
        OUT("c->svc->table_init(c, %uu, %uu, %s, %s, %s, AT(%uu));\n", b, a, x.s, y.s, z.s,
            e->off);
        break;
    case OPFC_elem_drop:
        OUT("c->svc->elem_drop(c, %uu);\n", a);
        break;
    case OPFC_table_copy: /* destination, then source */
        at = table_at(e, a), bt = table_at(e, b);
        z = var(e, pop(e), length_at(at, bt)), y = var(e, pop(e), bt), x = var(e, pop(e), at);
        OUT("c->svc->table_copy(c, %uu, %uu, %s, %s, %s, AT(%uu));\n", a, b, x.s, y.s, z.s,
            e->off);
        break;
    case OPFC_table_grow:
        at = table_at(e, a);
        y = var(e, pop(e), at);
        x = var(e, pop(e), WR_FUNCREF);
        OUT("%s = c->svc->table_grow(c, %uu, %s, %s);\n", var(e, push(e, at), at).s, a, x.s,
            y.s);
        break;
    case OPFC_table_size:
        at = table_at(e, a);
        OUT("%s = c->svc->table_size(c, %uu);\n", var(e, push(e, at), at).s, a);
        break;
    case OPFC_table_fill:
        at = table_at(e, a);
        z = var(e, pop(e), at), y = var(e, pop(e), WR_FUNCREF), x = var(e, pop(e), at);
        OUT("c->svc->table_fill(c, %uu, %s, %s, %s, AT(%uu));\n", a, x.s, y.s, z.s, e->off);
        break;
    default:
        e->failed = true;
        break;
    }
}

/* ---- exceptions (3.0) -------------------------------------------------------------- *
 * In a module that uses exception handling (wrc_uses_exceptions), the exception being
 * thrown is wrc_ctx.exn: a throw sets it and a call that ends with one returns with it set,
 * and the code goes to X<id>, the catch clauses of the innermost try_table around it,
 * emitted after the try_table's body: each asks the runtime whether it takes the exception
 * (catch_exn, which also hands over the values), and the last goes on to the next
 * try_table's, or to XR, which returns at once with exn still set. */

bool wrc_uses_exceptions(const wr_module *m)
{
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        wr_reader r = {.base = m->bytes, .pos = m->funcs[i].body_offset, .end = m->funcs[i].body_end};
        while (!wr_reader_eof(&r)) {
            wr_imm imm;
            const wr_opinfo *info = wr_read_instruction(&r, &imm);
            if (!info)
                break;
            if (!info->prefix && (info->code == OP_throw || info->code == OP_throw_ref ||
                                  info->code == OP_try_table))
                return true;
        }
    }
    return false;
}

/* Where an exception goes from inside the control frames up to nctl - skip: the catch
 * clauses of the innermost try_table among them, or XR. */
static vname exn_handler(em *e, uint32_t skip)
{
    vname v;
    for (uint32_t i = e->nctl - skip; i-- > 0;) {
        if (e->ctl[i].is_try) {
            snprintf(v.s, sizeof v.s, "X%u", e->ctl[i].id);
            return v;
        }
    }
    e->xr_used = true;
    snprintf(v.s, sizeof v.s, "XR");
    return v;
}

static void emit_exn_check(em *e)
{
    if (e->exceptions)
        OUT("if (__builtin_expect(c->exn != 0, 0)) goto %s;\n", exn_handler(e, 0).s);
}

static void do_throw(em *e, uint32_t tag)
{
    if (tag >= e->m->ntags || e->m->tag_types[tag] >= e->m->ntypes) {
        e->failed = true;
        return;
    }
    const wr_mfunctype *tt = &e->m->types[e->m->tag_types[tag]];
    emit_slot_args(e, tt);
    OUT("c->svc->throw_tag(c, %uu, a_, AT(%uu)); } goto %s;\n", tag, e->off,
        exn_handler(e, 0).s);
    e->sp -= tt->nparams;
    e->dead = true;
}

/* One catch clause of try_table c (still the innermost frame): its values from the
 * runtime to the label's positions, then the branch. */
static void emit_catch(em *e, const wr_catch *k)
{
    const wr_mfunctype *tt = NULL;
    if (wr_catch_has_tag(k)) {
        if (k->tag >= e->m->ntags || e->m->tag_types[k->tag] >= e->m->ntypes) {
            e->failed = true;
            return;
        }
        tt = &e->m->types[e->m->tag_types[k->tag]];
    }
    if (k->label + 1 >= e->nctl) {
        e->failed = true;
        return;
    }
    ectl *target = label(e, k->label + 1);
    uint32_t n = tt ? tt->nparams : 0;
    bool ref = wr_catch_has_ref(k);
    OUT("{ uint64_t v_[%u]; if (c->svc->catch_exn(c, %uu, %u, v_)) { ",
        (tt ? wr_types_slots(tt->types, n) : 0) + 2, tt ? k->tag : WRC_CATCH_ANY, ref ? 1u : 0u);
    /* The function's label takes them as its results: they go to heights 0.. and return. */
    uint32_t base = target->kind == CTL_FUNC ? 0 : target->base;
    uint32_t slot = 0;
    for (uint32_t i = 0; i < n + ref; i++) {
        uint8_t t = i < n ? tt->types[i] : WR_EXNREF;
        from_slot(e, "v_", slot, t, var(e, base + i, t).s);
        slot += wr_type_slots(t);
    }
    if (target->kind == CTL_FUNC) {
        /* emit_return returns the top of the stack: make it these values for a moment. */
        uint32_t sp = e->sp;
        uint8_t *saved = wr_mem_alloc(e->m->alloc, n + ref + 1, 1);
        if (!saved || n + ref > e->st_cap) {
            wr_mem_free(saved);
            e->failed = true;
            return;
        }
        memcpy(saved, e->st, n + ref);
        e->sp = 0;
        for (uint32_t i = 0; i < n + ref; i++)
            push(e, i < n ? tt->types[i] : WR_EXNREF);
        emit_return(e);
        memcpy(e->st, saved, n + ref);
        wr_mem_free(saved);
        e->sp = sp;
        OUT("} }\n");
        return;
    }
    OUT("goto %c%u; } }\n", target->kind == CTL_LOOP ? 'T' : 'L', target->id);
}

/* At the end of try_table c: its clauses, in order, out of the way of the normal path. */
static void emit_catches(em *e, ectl *c)
{
    if (!e->dead)
        OUT("goto L%u;\n", c->id);
    OUT("X%u:;\n", c->id);
    wr_reader r = {.base = e->r.base, .pos = c->clauses, .end = e->r.end};
    for (uint32_t i = 0; i < c->nclauses && !e->failed; i++) {
        wr_catch k;
        if (!wr_read_catch(&r, &k)) {
            e->failed = true;
            return;
        }
        emit_catch(e, &k);
    }
    OUT("goto %s;\n", exn_handler(e, 1).s);
}

/* XR: the return of a function an exception leaves (exn stays set for the caller). */
static void emit_exn_return(em *e)
{
    const wr_mfunctype *ft = e->ft;
    if (ft->nresults == 0) {
        OUT("XR:; return;\n");
        return;
    }
    char sn[80];
    if (ft->nresults == 1)
        snprintf(sn, sizeof sn, "%s", ctype(ft->types[ft->nparams]));
    else
        result_struct(sn, sizeof sn, ft->types + ft->nparams, ft->nresults);
    OUT("XR:; { %s z_; __builtin_memset(&z_, 0, sizeof z_); return z_; }\n", sn);
}

/* ---- dead code --------------------------------------------------------------------- */

/* An instruction after an unconditional branch: not translated, but blocks opened
 * inside are counted so that else and end are matched. */
static void skip(em *e, const wr_opinfo *info)
{
    if (info->prefix)
        return;
    switch (info->code) {
    case OP_block:
    case OP_loop:
    case OP_if:
    case OP_try_table:
        e->dead_depth++;
        break;
    case OP_else:
        if (!e->dead_depth)
            do_else(e);
        break;
    case OP_end:
        if (e->dead_depth)
            e->dead_depth--;
        else
            do_end(e);
        break;
    default:
        break;
    }
}

/* ---- one instruction --------------------------------------------------------------- */

static uint8_t local_type(em *e, uint32_t i)
{
    const wr_mfunctype *ft = e->ft;
    if (i < ft->nparams)
        return ft->types[i];
    return e->m->funcs[e->fi].local_types[i - ft->nparams];
}

static void do_br_table(em *e)
{
    /* The labels are read again from where the shared reader found them. */
    wr_reader labels = e->r, *r = &labels;
    labels.pos = e->im.labels;
    uint32_t n = e->im.count;
    vname idx = var(e, pop(e), WR_I32);
    OUT("switch (%s) {\n", idx.s);
    for (uint32_t i = 0; i <= n && !r->err; i++) {
        uint32_t depth = i < n ? wr_read_u32(r) : e->im.index;
        if (depth >= e->nctl) {
            e->failed = true;
            return;
        }
        if (i < n)
            OUT("case %uu: ", i);
        else
            OUT("default: ");
        emit_br(e, depth);
    }
    OUT("}\n");
    e->dead = true;
}

/* br_on_null branches without the reference, which stays when not taken; br_on_non_null
 * branches with it as the label's last value, and drops it when not taken. */
static void do_br_on_null(em *e, uint32_t depth, bool on_non_null)
{
    uint8_t t = e->st[e->sp - 1];
    vname ref = top(e, 0);
    OUT("if (%s%s) { ", on_non_null ? "" : "!", ref.s);
    if (!on_non_null)
        pop(e);
    emit_br(e, depth);
    OUT("}\n");
    if (on_non_null)
        pop(e);
    else
        push(e, t);
}

static void do_select(em *e)
{
    vname cnd = var(e, pop(e), WR_I32);
    uint32_t hb = pop(e), ha = pop(e);
    uint8_t t = e->st[ha];
    vname a = var(e, ha, t), b = var(e, hb, t);
    push(e, t);
    OUT("if (!%s) %s = %s;\n", cnd.s, a.s, b.s);
}

static void do_op(em *e, const wr_opinfo *info)
{
    if (info->prefix == OP_prefix_fc) {
        do_fc(e, info->code);
        return;
    }
    if (info->prefix == OP_prefix_fd) {
        do_simd(e, info->code);
        return;
    }
    uint8_t op = (uint8_t)info->code;
    const wrc_opspell *sp = wrc_opspell_single(op);
    if (wr_opinfo_fixed(info)) {
        if (sp)
            do_scalar(e, sp, info);
        else if (info->imm != WR_IMM_MEMARG)
            do_const(e, info->result);
        else if (!do_load_store(e, op, info))
            e->failed = true;
        return;
    }
    uint32_t a = e->im.index, b = e->im.index2;
    vname x, y;
    uint8_t t;
    switch (op) {
    case OP_unreachable:
        OUT("TRAP(WR_TRAP_UNREACHABLE, %uu);\n", e->off);
        e->dead = true;
        break;
    case OP_nop: break;
    case OP_block: do_block(e, CTL_BLOCK); break;
    case OP_loop: do_block(e, CTL_LOOP); break;
    case OP_if: do_block(e, CTL_IF); break;
    case OP_else: do_else(e); break;
    case OP_end: do_end(e); break;
    case OP_br:
        if (in_range(e, a, e->nctl)) {
            emit_br(e, a);
            e->dead = true;
        }
        break;
    case OP_br_if:
        if (in_range(e, a, e->nctl)) {
            x = var(e, pop(e), WR_I32);
            OUT("if (%s) { ", x.s);
            emit_br(e, a);
            OUT("}\n");
        }
        break;
    case OP_br_table: do_br_table(e); break;
    case OP_return:
        emit_return(e);
        e->dead = true;
        break;
    case OP_call:
        if (in_range(e, a, e->m->nfuncs))
            do_call(e, a);
        break;
    case OP_call_indirect:
        if (in_range(e, a, e->m->ntypes))
            do_call_indirect(e, a, b, false);
        break;
    case OP_call_ref:
        if (in_range(e, a, e->m->ntypes))
            do_call_indirect(e, a, 0, true);
        break;
    case OP_ref_as_non_null:
        OUT("if (!%s) TRAP(WR_TRAP_NULL_REF, %uu);\n", top(e, 0).s, e->off);
        break;
    case OP_br_on_null:
    case OP_br_on_non_null:
        if (in_range(e, a, e->nctl))
            do_br_on_null(e, a, op == OP_br_on_non_null);
        break;
    case OP_return_call:
        if (in_range(e, a, e->m->nfuncs))
            do_return_call(e, a);
        break;
    case OP_return_call_indirect:
        if (in_range(e, a, e->m->ntypes))
            do_return_call_indirect(e, a, b);
        break;
    case OP_return_call_ref:
        if (in_range(e, a, e->m->ntypes))
            do_return_call_ref(e, a);
        break;
    case OP_drop: pop(e); break;
    case OP_select: do_select(e); break;
    case OP_select_t: do_select(e); break;
    case OP_local_get:
        t = local_type(e, a);
        OUT("%s = l%u;\n", var(e, push(e, t), t).s, a);
        break;
    case OP_local_set:
    case OP_local_tee:
        t = local_type(e, a);
        OUT("l%u = %s;\n", a, top(e, 0).s);
        if (op == OP_local_set)
            pop(e);
        break;
    case OP_global_get:
        t = wr_valtype_kind(e->m->globals[a].type.type);
        x = var(e, push(e, t), t);
        OUT("memcpy(&%s, c->globals[%u], sizeof %s);\n", x.s, a, x.s);
        break;
    case OP_global_set:
        x = top(e, 0);
        pop(e);
        OUT("memcpy(c->globals[%u], &%s, sizeof %s);\n", a, x.s, x.s);
        break;
    case OP_table_get:
        x = var(e, pop(e), table_at(e, a));
        OUT("%s = c->svc->table_get(c, %uu, %s, AT(%uu));\n",
            var(e, push(e, WR_FUNCREF), WR_FUNCREF).s, a, x.s, e->off);
        break;
    case OP_table_set:
        y = var(e, pop(e), WR_FUNCREF);
        x = var(e, pop(e), table_at(e, a));
        OUT("c->svc->table_set(c, %uu, %s, %s, AT(%uu));\n", a, x.s, y.s, e->off);
        break;
    case OP_memory_size:
        if (is_memx(e))
            OUT("%s = c->svc->memory_size(c, %uu);\n",
                var(e, push(e, memory_at(e, e->im.memory)), memory_at(e, e->im.memory)).s,
                e->im.memory);
        else
            OUT("%s = (uint32_t)(*c->mem_size >> 16);\n", var(e, push(e, WR_I32), WR_I32).s);
        break;
    case OP_memory_grow:
        x = top(e, 0);
        OUT("%s = c->svc->memory_grow(c, %uu, %s); mb = *c->mem_base;\n", x.s, e->im.memory,
            x.s);
        break;
    case OP_ref_null:
        t = wr_valtype_kind((wr_valtype)e->im.type);
        OUT("%s = 0;\n", var(e, push(e, t), t).s);
        break;
    case OP_ref_is_null:
        x = var(e, pop(e), WR_FUNCREF);
        OUT("%s = %s == 0;\n", var(e, push(e, WR_I32), WR_I32).s, x.s);
        break;
    case OP_ref_func:
        OUT("%s = c->svc->ref_func(c, %uu);\n", var(e, push(e, WR_FUNCREF), WR_FUNCREF).s, a);
        break;
    case OP_try_table:
        do_block(e, CTL_BLOCK);
        label(e, 0)->is_try = true;
        label(e, 0)->clauses = e->im.labels;
        label(e, 0)->nclauses = e->im.count;
        break;
    case OP_throw:
        do_throw(e, a);
        break;
    case OP_throw_ref: {
        vname x = var(e, pop(e), WR_EXNREF);
        OUT("c->svc->throw_ref(c, %s, AT(%uu)); goto %s;\n", x.s, e->off, exn_handler(e, 0).s);
        e->dead = true;
        break;
    }
    default:
        /* an op of a later proposal: refused by name rather than compiled wrongly */
        e->unsupported = info->name;
        e->failed = true;
        break;
    }
}

/* ---- functions --------------------------------------------------------------------- */

static wr_error *emit_function(const wr_module *m, const bool *tails, uint32_t fi, bool checks,
                               bool exceptions, wrc_buf *out)
{
    const wr_mfunc *f = &m->funcs[fi];
    wrc_buf body = {.alloc = m->alloc};
    em e = {.m = m, .tails = tails, .checks = checks, .b = &body, .fi = fi,
            .ft = &m->types[f->type_index], .exceptions = exceptions};
    e.st_cap = f->max_stack + 1;
    e.ctl_cap = f->max_blocks + 2;
    e.st = wr_mem_alloc(m->alloc, 1, e.st_cap);
    e.used = wr_mem_zalloc(m->alloc, (size_t)e.st_cap * NTYPES, 1);
    e.ctl = wr_mem_alloc(m->alloc, e.ctl_cap, sizeof *e.ctl);
    if (!e.st || !e.used || !e.ctl) {
        wr_mem_free(e.st);
        wr_mem_free(e.used);
        wr_mem_free(e.ctl);
        return wr_error_nomem();
    }
    e.r = (wr_reader){.base = m->bytes, .pos = f->body_offset, .end = f->body_end};
    ectl *c = push_ctl(&e, CTL_FUNC);
    c->nr = e.ft->nresults;
    c->rt = e.ft->types + e.ft->nparams;
    /* A large frame is checked against the C stack at the start, like any caller. */
    bool big = f->nlocals + f->max_stack > SMALL_FRAME_VALUES;
    c->entered = big;
    while (e.nctl && !e.failed && !e.r.err && e.r.pos < e.r.end) {
        e.off = (uint32_t)e.r.pos;
        const wr_opinfo *info = wr_read_instruction(&e.r, &e.im);
        if (!info)
            break;
        if (e.dead)
            skip(&e, info);
        else
            do_op(&e, info);
    }
    if (e.xr_used)
        emit_exn_return(&e);
    wr_error *err = NULL;
    if (e.unsupported)
        err = wr_error_new(WR_ERR_INVALID,
                           "compiled tier: function %u uses %s, which this tier does not "
                           "support yet; run the module on the interpreter", fi, e.unsupported);
    else if (e.failed || e.r.err || e.nctl)
        err = wr_error_new(WR_ERR_INVALID, "compiled tier: cannot translate function %u", fi);
    char name[32];
    snprintf(name, sizeof name, "f%u", fi);
    /* The inline hint lets gcc unroll small recursion as it does in native code: its size
     * estimate counts the entry checks and frame stores, which put even fib over the limit
     * of functions without the hint. gcc's own limits on recursive inlining still apply,
     * and every inlined level keeps its checks and shadow frame (fr + 1). */
    wrc_buf_printf(out, e.calls_itself ? "FN inline " : "FN ");
    emit_proto(out, e.ft, name, true);
    wrc_buf_printf(out, " {\nuint8_t *mb = *c->mem_base; (void)mb;\n");
    for (uint32_t i = 0; i < f->nlocals; i++) {
        uint8_t t = f->local_types[i];
        if (t == WR_V128)
            wrc_buf_printf(out, "v128 l%u = {0, 0};\n", e.ft->nparams + i);
        else
            wrc_buf_printf(out, "%s l%u = 0;\n", ctype(t), e.ft->nparams + i);
    }
    for (uint32_t h = 0; h < e.st_cap; h++)
        for (int k = 0; k < NTYPES; k++)
            if (e.used[h * NTYPES + k])
                wrc_buf_printf(out, "%s s%c%u;\n", tname[k], tletter[k], h);
    if (big)
        wrc_buf_printf(out, "ENTER(); ATTN(%uu);\n", (uint32_t)f->body_offset);
    if (body.text)
        wrc_buf_printf(out, "%s", body.text);
    wrc_buf_printf(out, "}\n\n");
    if (body.oom)
        out->oom = true;
    wrc_buf_free(&body);
    wr_mem_free(e.st);
    wr_mem_free(e.used);
    wr_mem_free(e.ctl);
    return err;
}

/* e<index>(ctx, frame, slots): the slot-calling wrapper of f<index>. Results are not
 * written while a tail call is pending: the slots are then its arguments. */
static void emit_entry(const wr_module *m, const bool *tails, uint32_t fi, wrc_buf *out)
{
    const wr_mfunctype *ft = wr_module_functype(m, fi);
    em e = {.m = m, .b = out};
    wrc_buf_printf(out, "FN void e%u(wrc_ctx *c, uint32_t *fr, uint64_t *s) {\n", fi);
    const uint8_t *rt = ft->types + ft->nparams;
    char arg[32];
    for (uint32_t i = 0, k = 0; i < ft->nparams; i++) {
        snprintf(arg, sizeof arg, "a%u", i);
        wrc_buf_printf(out, "%s %s; ", ctype(ft->types[i]), arg);
        from_slot(&e, "s", k, ft->types[i], arg);
        wrc_buf_printf(out, "\n");
        k += wr_type_slots(ft->types[i]);
    }
    if (ft->nresults == 1)
        wrc_buf_printf(out, "%s r = ", ctype(rt[0]));
    else if (ft->nresults > 1) {
        char sn[80];
        result_struct(sn, sizeof sn, rt, ft->nresults);
        wrc_buf_printf(out, "%s r = ", sn);
    }
    wrc_buf_printf(out, "f%u(c, fr", fi);
    for (uint32_t i = 0; i < ft->nparams; i++)
        wrc_buf_printf(out, ", a%u", i);
    wrc_buf_printf(out, ");\n");
    if (tails[fi])
        wrc_buf_printf(out, "if (c->tail) return;\n");
    for (uint32_t i = 0, k = 0; i < ft->nresults; i++) {
        if (ft->nresults == 1)
            snprintf(arg, sizeof arg, "r");
        else
            snprintf(arg, sizeof arg, "r.r%u", i);
        to_slot(&e, "s", k, rt[i], arg);
        k += wr_type_slots(rt[i]);
    }
    wrc_buf_printf(out, "\n}\n");
}

/* Definitions of the result structs of multi-value function types (deduplicated by the
 * preprocessor: one per spelling). */
static void emit_result_structs(const wr_module *m, wrc_buf *out)
{
    for (uint32_t t = 0; t < m->ntypes; t++) {
        const wr_mfunctype *ft = &m->types[t];
        if (ft->nresults < 2)
            continue;
        const uint8_t *rt = ft->types + ft->nparams;
        char sn[80];
        result_struct(sn, sizeof sn, rt, ft->nresults);
        const char *tag = sn + 7; /* after "struct " */
        wrc_buf_printf(out, "#ifndef %s_\n#define %s_\n%s {", tag, tag, sn);
        for (uint32_t i = 0; i < ft->nresults; i++)
            wrc_buf_printf(out, " %s r%u;", ctype(rt[i]), i);
        wrc_buf_printf(out, " };\n#endif\n");
    }
}

/* The declarations every part needs: the result structs and each function's f and e
 * prototypes (FN is defined by the part's head). */
void wrc_emit_decls(const wr_module *m, wrc_buf *out)
{
    emit_result_structs(m, out);
    char name[32];
    for (uint32_t fi = m->nfunc_imports; fi < m->nfuncs; fi++) {
        snprintf(name, sizeof name, "f%u", fi);
        wrc_buf_printf(out, "FN ");
        emit_proto(out, wr_module_functype(m, fi), name, false);
        wrc_buf_printf(out, ";\nFN void e%u(wrc_ctx *c, uint32_t *fr, uint64_t *s);\n", fi);
    }
}

wr_error *wrc_emit_function(const wr_module *m, const bool *tails, uint32_t fi, bool checks,
                            bool exceptions, wrc_buf *out)
{
    wr_error *err = emit_function(m, tails, fi, checks, exceptions, out);
    if (!err)
        emit_entry(m, tails, fi, out);
    return err;
}
