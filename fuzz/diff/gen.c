/* The random module generator: a type-directed walk that only ever emits valid code. */
#include "gen.h"

#include <stdlib.h>
#include <string.h>

enum {
    I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, VOID = 0x40,
    MAX_LOCALS = 48,
    TABLE_SIZE = 8,
    EXPR_DEPTH = 5,
    STMT_DEPTH = 3,
    LOOP_DEPTH = 2,
    MAX_DIRECT_CALLS = 3,
    MAX_TRIPS = 6,
    MASK_ADDR = 0x3FF, /* most addresses stay in the first KiB, where the data lives */
};

static const uint8_t value_types[4] = {I32, I64, F32, F64};

uint64_t gen_next(gen_rng *rng)
{
    uint64_t z = (rng->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint32_t gen_below(gen_rng *rng, uint32_t n)
{
    return (uint32_t)(gen_next(rng) % n);
}

/* ---------------------------------------------------------------- bytes */

/* A section from s, which is then emptied for the next one. */
static void put_section(wbuf *module, uint8_t id, wbuf *s)
{
    wbuf_section(module, id, s);
    wbuf_reset(s);
}

/* ---------------------------------------------------------------- functions */

typedef struct fn_gen {
    gen_rng *rng;
    wbuf *code;
    const gen_module *module;
    uint32_t index;       /* this function's index */
    bool leaf;            /* calls nothing, so it may sit in the table */
    uint32_t nleaves;     /* functions 0 .. nleaves-1 are the leaves */
    uint32_t nparams;
    uint8_t result;
    uint32_t nlocals;     /* parameters included */
    uint8_t types[MAX_LOCALS];
    bool reserved[MAX_LOCALS]; /* loop counters and scratch: never set by random code */
    int scratch[4];       /* a scratch local per value type, or -1 */
    int loop_depth;
    uint32_t direct_calls; /* capped, so that the work of a call chain stays bounded */
} fn_gen;

static int type_slot(uint8_t t)
{
    return t == I32 ? 0 : t == I64 ? 1 : t == F32 ? 2 : 3;
}

static uint8_t random_type(fn_gen *g)
{
    return value_types[gen_below(g->rng, 4)];
}

static int new_local(fn_gen *g, uint8_t type, bool reserved)
{
    if (g->nlocals == MAX_LOCALS)
        return -1;
    g->types[g->nlocals] = type;
    g->reserved[g->nlocals] = reserved;
    return (int)g->nlocals++;
}

/* A random local of the type that random code may write, or -1. */
static int pick_local(fn_gen *g, uint8_t type, bool writable)
{
    int found[MAX_LOCALS], n = 0;
    for (uint32_t i = 0; i < g->nlocals; i++)
        if (g->types[i] == type && (!writable || !g->reserved[i]))
            found[n++] = (int)i;
    return n ? found[gen_below(g->rng, (uint32_t)n)] : -1;
}

static void gen_expr(fn_gen *g, uint8_t type, int depth);
static void gen_stmts(fn_gen *g, int depth);

/* The head of a bounded loop: counter = 1 to MAX_TRIPS, then a loop of block_type. */
static void put_loop_start(fn_gen *g, int counter, uint8_t block_type)
{
    wbuf_byte(g->code, 0x41); /* i32.const trips */
    wbuf_sleb(g->code, 1 + gen_below(g->rng, MAX_TRIPS));
    wbuf_byte(g->code, 0x21); /* local.set counter */
    wbuf_uleb(g->code, (uint32_t)counter);
    wbuf_byte(g->code, 0x03); /* loop */
    wbuf_byte(g->code, block_type);
}

/* The back-edge of a bounded loop: counter -= 1, and branch to the loop while it is not 0. */
static void put_loop_countdown(fn_gen *g, int counter)
{
    wbuf_byte(g->code, 0x20); /* local.get counter */
    wbuf_uleb(g->code, (uint32_t)counter);
    wbuf_byte(g->code, 0x41); /* i32.const 1 */
    wbuf_sleb(g->code, 1);
    wbuf_byte(g->code, 0x6B); /* i32.sub */
    wbuf_byte(g->code, 0x22); /* local.tee counter */
    wbuf_uleb(g->code, (uint32_t)counter);
    wbuf_byte(g->code, 0x0D); /* br_if 0 */
    wbuf_byte(g->code, 0x00);
}

static void put_float_bits(fn_gen *g, uint8_t type, uint64_t bits)
{
    wbuf_byte(g->code, type == F32 ? 0x43 : 0x44);
    wbuf_bytes(g->code, &bits, type == F32 ? 4 : 8);
}

static void gen_const(fn_gen *g, uint8_t type)
{
    static const int64_t ints[] = {0, 1, -1, 2, 7, 31, 32, 63, 64, 255, 256, 65535, 65536,
                                   INT32_MAX, INT32_MIN, (int64_t)UINT32_MAX, INT64_MAX,
                                   INT64_MIN, 0x1000, 1023, -1024};
    static const double floats[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1.5, -2.5, 3.75, 1e10, -1e10,
                                    2147483647.0, 2147483648.0, -2147483649.0, 4294967296.0,
                                    9.2233720368547758e18, 1e300, -1e-300, 1.0 / 0.0,
                                    -1.0 / 0.0, 0.1, 123456.789};
    bool pick = gen_below(g->rng, 3) != 0;
    switch (type) {
    case I32:
    case I64: {
        int64_t v = pick ? ints[gen_below(g->rng, sizeof ints / sizeof ints[0])]
                         : (int64_t)gen_next(g->rng);
        if (type == I32) {
            wbuf_byte(g->code, 0x41);
            wbuf_sleb(g->code, (int32_t)(uint32_t)v);
        } else {
            wbuf_byte(g->code, 0x42);
            wbuf_sleb(g->code, v);
        }
        return;
    }
    case F32:
    case F64: {
        double d = floats[gen_below(g->rng, sizeof floats / sizeof floats[0])];
        if (!pick)
            d = (double)(int32_t)gen_next(g->rng) / (double)(1 + gen_below(g->rng, 1000));
        if (type == F32) {
            float f = (float)d;
            uint32_t bits;
            memcpy(&bits, &f, 4);
            put_float_bits(g, F32, bits);
        } else {
            uint64_t bits;
            memcpy(&bits, &d, 8);
            put_float_bits(g, F64, bits);
        }
        return;
    }
    }
}

/* Leave the float on the stack unchanged unless it is a NaN, which becomes the canonical one:
 * NaN payloads are up to the engine, so they must not reach anything compared bit for bit. */
static void canonicalize_nan(fn_gen *g, uint8_t type)
{
    int slot = type_slot(type);
    if (g->scratch[slot] < 0)
        g->scratch[slot] = new_local(g, type, true);
    int tmp = g->scratch[slot];
    if (tmp < 0) { /* no local left: replace the value by a constant instead */
        wbuf_byte(g->code, 0x1A);
        gen_const(g, type);
        return;
    }
    wbuf_byte(g->code, 0x22);
    wbuf_uleb(g->code, (uint32_t)tmp);
    put_float_bits(g, type, type == F32 ? 0x7FC00000u : 0x7FF8000000000000ull);
    wbuf_byte(g->code, 0x20);
    wbuf_uleb(g->code, (uint32_t)tmp);
    wbuf_byte(g->code, 0x20);
    wbuf_uleb(g->code, (uint32_t)tmp);
    wbuf_byte(g->code, type == F32 ? 0x5B : 0x61); /* eq: false only for NaN */
    wbuf_byte(g->code, 0x1B);
}

static void gen_canonical_expr(fn_gen *g, uint8_t type, int depth)
{
    gen_expr(g, type, depth);
    if (type == F32 || type == F64)
        canonicalize_nan(g, type);
}

/* An address: mostly inside the data, sometimes anywhere (and so out of bounds). */
static void gen_address(fn_gen *g, int depth)
{
    uint32_t how = gen_below(g->rng, 24);
    if (how == 0) {
        wbuf_byte(g->code, 0x41);
        wbuf_sleb(g->code, (int32_t)(65536 - gen_below(g->rng, 16))); /* straddles the end */
        return;
    }
    gen_expr(g, I32, depth);
    if (how > 1) {
        wbuf_byte(g->code, 0x41);
        wbuf_sleb(g->code, MASK_ADDR);
        wbuf_byte(g->code, 0x71);
    }
}

static void put_memarg(fn_gen *g, uint32_t natural_align_log2)
{
    wbuf_uleb(g->code, gen_below(g->rng, natural_align_log2 + 1));
    wbuf_uleb(g->code, gen_below(g->rng, 4) == 0 ? gen_below(g->rng, 64) : 0);
}

/* Memory 1 (gen_module.memories): a 64-bit memory, 1 page that may grow to 2. Its
 * accesses take i64 addresses: mostly in its first KiB, sometimes at its end, past 2^32,
 * or where address + offset passes 2^64. Drawing from the generator only when memory 1
 * exists keeps other modules unchanged. */
static bool use_memory1(fn_gen *g)
{
    return g->module->memories && gen_below(g->rng, 3) == 0;
}

static void gen_address64(fn_gen *g, int depth)
{
    uint32_t how = gen_below(g->rng, 24);
    if (how < 3) {
        static const int64_t edges[3] = {65536, -16, INT64_C(1) << 32};
        wbuf_byte(g->code, 0x42);
        wbuf_sleb(g->code, edges[how] + (int64_t)gen_below(g->rng, 16) - 8);
        return;
    }
    gen_expr(g, I64, depth);
    wbuf_byte(g->code, 0x42);
    wbuf_sleb(g->code, MASK_ADDR);
    wbuf_byte(g->code, 0x83); /* i64.and */
}

/* A memarg naming memory 1 (flags bit 6), with a u64 offset. */
static void put_memarg1(fn_gen *g, uint32_t natural_align_log2)
{
    wbuf_uleb(g->code, 0x40 | gen_below(g->rng, natural_align_log2 + 1));
    wbuf_uleb(g->code, 1);
    uint32_t how = gen_below(g->rng, 8);
    wbuf_uleb(g->code, how == 0 ? (UINT64_C(1) << 32) + gen_below(g->rng, 64)
                       : how == 1 ? UINT64_MAX - gen_below(g->rng, 64)
                       : how == 2 ? gen_below(g->rng, 64) : 0);
}

typedef struct mem_op {
    uint8_t op, type, align;
} mem_op;

static const mem_op loads[] = {
    {0x28, I32, 2}, {0x29, I64, 3}, {0x2A, F32, 2}, {0x2B, F64, 3}, {0x2C, I32, 0},
    {0x2D, I32, 0}, {0x2E, I32, 1}, {0x2F, I32, 1}, {0x30, I64, 0}, {0x31, I64, 0},
    {0x32, I64, 1}, {0x33, I64, 1}, {0x34, I64, 2}, {0x35, I64, 2},
};
static const mem_op stores[] = {
    {0x36, I32, 2}, {0x37, I64, 3}, {0x38, F32, 2}, {0x39, F64, 3}, {0x3A, I32, 0},
    {0x3B, I32, 1}, {0x3C, I64, 0}, {0x3D, I64, 1}, {0x3E, I64, 2},
};

static void gen_load(fn_gen *g, uint8_t type, int depth)
{
    const mem_op *fit[16];
    int n = 0;
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++)
        if (loads[i].type == type)
            fit[n++] = &loads[i];
    const mem_op *op = fit[gen_below(g->rng, (uint32_t)n)];
    if (use_memory1(g)) {
        if (type == I64 && gen_below(g->rng, 4) == 0) {
            /* memory.size 1, or memory.grow 1 by 0 to 2 pages */
            bool grow = gen_below(g->rng, 2);
            if (grow) {
                wbuf_byte(g->code, 0x42);
                wbuf_sleb(g->code, gen_below(g->rng, 3));
            }
            wbuf_byte(g->code, grow ? 0x40 : 0x3F);
            wbuf_uleb(g->code, 1);
            return;
        }
        gen_address64(g, depth);
        wbuf_byte(g->code, op->op);
        put_memarg1(g, op->align);
        return;
    }
    gen_address(g, depth);
    wbuf_byte(g->code, op->op);
    put_memarg(g, op->align);
}

/* Opcode ranges of the plain numeric instructions, by operand and result type. */
typedef struct op_range {
    uint8_t first, last;
} op_range;

static uint8_t pick_in(fn_gen *g, op_range r)
{
    return (uint8_t)(r.first + gen_below(g->rng, (uint32_t)(r.last - r.first + 1)));
}

static void gen_unary(fn_gen *g, uint8_t type, int depth)
{
    static const uint8_t i32_ops[] = {0x67, 0x68, 0x69, 0xC0, 0xC1};
    static const uint8_t i64_ops[] = {0x79, 0x7A, 0x7B, 0xC2, 0xC3, 0xC4};
    gen_expr(g, type, depth);
    switch (type) {
    case I32: wbuf_byte(g->code, i32_ops[gen_below(g->rng, sizeof i32_ops)]); break;
    case I64: wbuf_byte(g->code, i64_ops[gen_below(g->rng, sizeof i64_ops)]); break;
    case F32: wbuf_byte(g->code, pick_in(g, (op_range){0x8B, 0x91})); break;
    case F64: wbuf_byte(g->code, pick_in(g, (op_range){0x99, 0x9F})); break;
    }
}

static void gen_binary(fn_gen *g, uint8_t type, int depth)
{
    static const op_range ranges[] = {{0x6A, 0x78}, {0x7C, 0x8A}, {0x92, 0x98}, {0xA0, 0xA6}};
    uint8_t op = pick_in(g, ranges[type_slot(type)]);
    bool copysign = op == 0x98 || op == 0xA6; /* exposes the sign bit of a NaN operand */
    bool divides = (op >= 0x6D && op <= 0x70) || (op >= 0x7F && op <= 0x82);
    gen_expr(g, type, depth);
    if (copysign)
        gen_canonical_expr(g, type, depth);
    else
        gen_expr(g, type, depth);
    if (divides && gen_below(g->rng, 8) != 0) { /* mostly a divisor that cannot be zero */
        wbuf_byte(g->code, type == I32 ? 0x41 : 0x42);
        wbuf_sleb(g->code, 1);
        wbuf_byte(g->code, type == I32 ? 0x72 : 0x84);
    }
    wbuf_byte(g->code, op);
}

static void gen_compare(fn_gen *g, int depth)
{
    static const op_range ranges[] = {{0x46, 0x4F}, {0x51, 0x5A}, {0x5B, 0x60}, {0x61, 0x66}};
    uint8_t type = random_type(g);
    if ((type == I32 || type == I64) && gen_below(g->rng, 4) == 0) {
        gen_expr(g, type, depth);
        wbuf_byte(g->code, type == I32 ? 0x45 : 0x50); /* eqz */
        return;
    }
    gen_expr(g, type, depth);
    gen_expr(g, type, depth);
    wbuf_byte(g->code, pick_in(g, ranges[type_slot(type)]));
}

/* Conversions into `type`: {opcode, operand type}; 0xFC-prefixed ones have op >= 0x100. */
typedef struct conversion {
    uint16_t op;
    uint8_t from, to;
} conversion;

static const conversion conversions[] = {
    {0xA7, I64, I32}, {0xA8, F32, I32}, {0xA9, F32, I32}, {0xAA, F64, I32}, {0xAB, F64, I32},
    {0xAC, I32, I64}, {0xAD, I32, I64}, {0xAE, F32, I64}, {0xAF, F32, I64}, {0xB0, F64, I64},
    {0xB1, F64, I64}, {0xB2, I32, F32}, {0xB3, I32, F32}, {0xB4, I64, F32}, {0xB5, I64, F32},
    {0xB6, F64, F32}, {0xB7, I32, F64}, {0xB8, I32, F64}, {0xB9, I64, F64}, {0xBA, I64, F64},
    {0xBB, F32, F64}, {0xBC, F32, I32}, {0xBD, F64, I64}, {0xBE, I32, F32}, {0xBF, I64, F64},
    {0x100, F32, I32}, {0x101, F32, I32}, {0x102, F64, I32}, {0x103, F64, I32},
    {0x104, F32, I64}, {0x105, F32, I64}, {0x106, F64, I64}, {0x107, F64, I64},
};

static void gen_convert(fn_gen *g, uint8_t type, int depth)
{
    const conversion *fit[16];
    int n = 0;
    for (size_t i = 0; i < sizeof conversions / sizeof conversions[0]; i++)
        if (conversions[i].to == type)
            fit[n++] = &conversions[i];
    conversion picked = *fit[gen_below(g->rng, (uint32_t)n)];
    const conversion *c = &picked;
    bool traps = c->op >= 0xA8 && c->op <= 0xB1 && c->op != 0xAC && c->op != 0xAD;
    if (traps && gen_below(g->rng, 4) != 0) { /* mostly the saturating twin */
        static const uint16_t saturating[] = {0x100, 0x101, 0x102, 0x103, 0, 0,
                                              0x104, 0x105, 0x106, 0x107};
        picked.op = saturating[c->op - 0xA8];
    }
    bool reinterpret = c->op == 0xBC || c->op == 0xBD;
    if (reinterpret)
        gen_canonical_expr(g, c->from, depth);
    else
        gen_expr(g, c->from, depth);
    if (c->op >= 0x100) {
        wbuf_byte(g->code, 0xFC);
        wbuf_uleb(g->code, c->op - 0x100u);
    } else {
        wbuf_byte(g->code, (uint8_t)c->op);
    }
}

/* A random one of the first `among` functions whose result is type (and, with params, that
 * take some): its index, or -1 when none is. */
static int pick_func(fn_gen *g, uint8_t type, uint32_t among, bool params)
{
    uint32_t fit[GEN_MAX_FUNCS], n = 0;
    for (uint32_t i = 0; i < among; i++)
        if (g->module->funcs[i].result == type && (!params || g->module->funcs[i].nparams > 0))
            fit[n++] = i;
    return n ? (int)fit[gen_below(g->rng, n)] : -1;
}

static void gen_args(fn_gen *g, const gen_func *f, int depth)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        gen_expr(g, f->params[i], depth);
}

/* Sometimes a tail call (3.0) where the callee's result is this function's: the expression
 * then ends the function, and the stack after it is polymorphic, so any type fits. */
static bool tail_call_here(fn_gen *g, const gen_func *f)
{
    return g->module->tail_calls && f->result == g->result && gen_below(g->rng, 4) == 0;
}

static bool gen_call(fn_gen *g, uint8_t type, int depth)
{
    if (g->leaf || g->loop_depth > 0 || g->direct_calls == MAX_DIRECT_CALLS)
        return false;
    int callee = pick_func(g, type, g->index, false);
    if (callee < 0)
        return false;
    g->direct_calls++;
    const gen_func *f = &g->module->funcs[callee];
    gen_args(g, f, depth);
    wbuf_byte(g->code, tail_call_here(g, f) ? 0x12 : 0x10);
    wbuf_uleb(g->code, (uint32_t)callee);
    return true;
}

/* Through the table, which holds only leaf functions, nulls and nothing past its end: so
 * the call may trap in every way call_indirect can, but never recurses. */
static bool gen_call_indirect(fn_gen *g, uint8_t type, int depth)
{
    if (g->leaf)
        return false;
    /* Mostly the type of a function the table may hold, and an index inside the table. */
    bool likely = gen_below(g->rng, 4) != 0;
    int type_index = pick_func(g, type, likely ? g->nleaves : g->module->nfuncs, false);
    if (type_index < 0)
        return false;
    const gen_func *f = &g->module->funcs[type_index];
    gen_args(g, f, depth);
    gen_expr(g, I32, depth);
    wbuf_byte(g->code, 0x41);
    wbuf_sleb(g->code, likely ? TABLE_SIZE - 1 : 2 * TABLE_SIZE - 1);
    wbuf_byte(g->code, 0x71);
    wbuf_byte(g->code, tail_call_here(g, f) ? 0x13 : 0x11);
    wbuf_uleb(g->code, (uint32_t)type_index);
    wbuf_byte(g->code, 0x00);
    return true;
}

/* Through a typed function reference (3.0) to a leaf whose result fits: type index i is
 * function i's type. The reference is mostly ref.func, sometimes null; the call is
 * sometimes guarded by br_on_null with a default value (how a compiler calls an optional
 * method), sometimes by ref.as_non_null, else call_ref itself traps on the null. */
static bool gen_call_ref(fn_gen *g, uint8_t type, int depth)
{
    if (g->leaf)
        return false;
    int callee = pick_func(g, type, g->nleaves, false);
    if (callee < 0)
        return false;
    const gen_func *f = &g->module->funcs[callee];
    bool guarded = gen_below(g->rng, 2) == 0;
    if (guarded) {
        wbuf_byte(g->code, 0x02); /* block (result type) */
        wbuf_byte(g->code, type);
        wbuf_byte(g->code, 0x02); /* block: the null case leaves here */
        wbuf_byte(g->code, VOID);
    }
    gen_args(g, f, depth);
    wbuf_byte(g->code, gen_below(g->rng, 4) ? 0xD2 : 0xD0); /* ref.func or ref.null */
    wbuf_uleb(g->code, (uint32_t)callee);
    if (guarded) {
        wbuf_byte(g->code, 0xD5); /* br_on_null 0 */
        wbuf_byte(g->code, 0x00);
    } else if (gen_below(g->rng, 2)) {
        wbuf_byte(g->code, 0xD4); /* ref.as_non_null */
    }
    wbuf_byte(g->code, 0x14); /* call_ref */
    wbuf_uleb(g->code, (uint32_t)callee);
    if (guarded) {
        wbuf_byte(g->code, 0x0C); /* br 1, with the result */
        wbuf_byte(g->code, 0x01);
        wbuf_byte(g->code, 0x0B);
        gen_expr(g, type, depth);
        wbuf_byte(g->code, 0x0B);
    }
    return true;
}

/* A block typed by a function type: it takes that type's parameters from the stack (stored
 * into fresh locals) and yields its result. */
static bool gen_block_with_params(fn_gen *g, uint8_t type, int depth)
{
    int type_index = pick_func(g, type, g->module->nfuncs, true);
    if (type_index < 0)
        return false;
    const gen_func *f = &g->module->funcs[type_index];
    gen_args(g, f, depth);
    wbuf_byte(g->code, 0x02);
    wbuf_sleb(g->code, type_index);
    for (uint32_t i = f->nparams; i-- > 0;) {
        int local = new_local(g, f->params[i], false);
        if (local < 0) {
            wbuf_byte(g->code, 0x1A);
        } else {
            wbuf_byte(g->code, 0x21);
            wbuf_uleb(g->code, (uint32_t)local);
        }
    }
    gen_expr(g, type, depth);
    wbuf_byte(g->code, 0x0B);
    return true;
}

/* A loop that yields a value after a fixed number of trips. */
static bool gen_loop_value(fn_gen *g, uint8_t type, int depth)
{
    if (g->loop_depth >= LOOP_DEPTH)
        return false;
    int counter = new_local(g, I32, true);
    if (counter < 0)
        return false;
    put_loop_start(g, counter, type);
    g->loop_depth++;
    gen_stmts(g, STMT_DEPTH - 1);
    put_loop_countdown(g, counter);
    gen_expr(g, type, depth);
    g->loop_depth--;
    wbuf_byte(g->code, 0x0B);
    return true;
}

/* ---------------------------------------------------------------- SIMD
 * Integer lanes only: float lanes would bring NaN payloads back. Vectors reach results
 * through lane extraction, bitmasks and stores, all bit-exact. */

static void put_simd(fn_gen *g, uint32_t op)
{
    wbuf_byte(g->code, 0xFD);
    wbuf_uleb(g->code, op);
}

static void gen_v128(fn_gen *g, int depth);

/* Loads that make a vector from memory: {opcode, natural alignment}. */
static const uint8_t v128_loads[][2] = {
    {0, 4}, {1, 3}, {2, 3}, {3, 3}, {4, 3}, {5, 3}, {6, 3},
    {7, 0}, {8, 1}, {9, 2}, {10, 3}, {92, 2}, {93, 3},
};
/* Lane loads and stores: {opcode, natural alignment, lanes}. */
static const uint8_t v128_load_lanes[][3] = {{84, 0, 16}, {85, 1, 8}, {86, 2, 4}, {87, 3, 2}};
static const uint8_t v128_store_lanes[][3] = {{88, 0, 16}, {89, 1, 8}, {90, 2, 4}, {91, 3, 2}};

static const uint16_t v128_binary[] = {
    110, 111, 112, 113, 114, 115, 118, 119, 120, 121, 123,           /* i8x16 */
    130, 142, 143, 144, 145, 146, 147, 149, 150, 151, 152, 153, 155, /* i16x8 */
    156, 157, 158, 159,                                              /* i16x8 extmul */
    174, 177, 181, 182, 183, 184, 185, 186, 188, 189, 190, 191,      /* i32x4 */
    206, 209, 213, 220, 221, 222, 223,                               /* i64x2 */
    78, 79, 80, 81,                                                  /* bitwise */
    35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50,  /* comparisons */
    51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64,
    214, 215, 216, 217, 218, 219,
    101, 102, 133, 134,                                              /* narrow */
    14,                                                              /* swizzle */
};
static const uint16_t v128_unary[] = {
    77, 96, 97, 98, 128, 129, 160, 161, 192, 193,       /* not, abs, neg, popcnt */
    135, 136, 137, 138, 167, 168, 169, 170, 199, 200, 201, 202, /* extend */
    124, 125, 126, 127,                                  /* extadd_pairwise */
};
static const uint16_t v128_shifts[] = {107, 108, 109, 139, 140, 141, 171, 172, 173, 203, 204, 205};

static void gen_v128(fn_gen *g, int depth)
{
    if (depth >= EXPR_DEPTH || gen_below(g->rng, 6) == 0) {
        switch (gen_below(g->rng, 4)) {
        case 0: {
            put_simd(g, 12);
            for (int i = 0; i < 16; i++)
                wbuf_byte(g->code, (uint8_t)gen_next(g->rng));
            return;
        }
        case 1: {
            static const uint8_t splats[][2] = {{15, I32}, {16, I32}, {17, I32}, {18, I64}};
            uint32_t k = gen_below(g->rng, 4);
            gen_expr(g, splats[k][1], EXPR_DEPTH);
            put_simd(g, splats[k][0]);
            return;
        }
        default: {
            uint32_t k = gen_below(g->rng, sizeof v128_loads / sizeof v128_loads[0]);
            gen_address(g, EXPR_DEPTH);
            put_simd(g, v128_loads[k][0]);
            put_memarg(g, v128_loads[k][1]);
            return;
        }
        }
    }
    depth++;
    switch (gen_below(g->rng, 8)) {
    case 0: case 1:
        gen_v128(g, depth);
        gen_v128(g, depth);
        put_simd(g, v128_binary[gen_below(g->rng, sizeof v128_binary / sizeof v128_binary[0])]);
        return;
    case 2:
        gen_v128(g, depth);
        put_simd(g, v128_unary[gen_below(g->rng, sizeof v128_unary / sizeof v128_unary[0])]);
        return;
    case 3:
        gen_v128(g, depth);
        gen_expr(g, I32, depth);
        put_simd(g, v128_shifts[gen_below(g->rng, sizeof v128_shifts / sizeof v128_shifts[0])]);
        return;
    case 4:
        gen_v128(g, depth);
        gen_v128(g, depth);
        put_simd(g, 13);
        for (int i = 0; i < 16; i++)
            wbuf_byte(g->code, (uint8_t)gen_below(g->rng, 32));
        return;
    case 5:
        gen_v128(g, depth);
        gen_v128(g, depth);
        gen_v128(g, depth);
        put_simd(g, 82); /* bitselect */
        return;
    case 6: {
        static const uint8_t replace[][3] = {
            {23, I32, 16}, {26, I32, 8}, {28, I32, 4}, {30, I64, 2}};
        uint32_t k = gen_below(g->rng, 4);
        gen_v128(g, depth);
        gen_expr(g, replace[k][1], depth);
        put_simd(g, replace[k][0]);
        wbuf_byte(g->code, (uint8_t)gen_below(g->rng, replace[k][2]));
        return;
    }
    default: {
        uint32_t k = gen_below(g->rng, 4);
        gen_address(g, depth);
        gen_v128(g, depth);
        put_simd(g, v128_load_lanes[k][0]);
        put_memarg(g, v128_load_lanes[k][1]);
        wbuf_byte(g->code, (uint8_t)gen_below(g->rng, v128_load_lanes[k][2]));
        return;
    }
    }
}

/* A scalar made from a vector: a lane, a bitmask or a test. */
static void gen_from_v128(fn_gen *g, uint8_t type, int depth)
{
    gen_v128(g, depth);
    if (type == I64) {
        put_simd(g, 29);
        wbuf_byte(g->code, (uint8_t)gen_below(g->rng, 2));
        return;
    }
    static const uint8_t lanes[][2] = {{21, 16}, {22, 16}, {24, 8}, {25, 8}, {27, 4}};
    static const uint8_t tests[] = {83, 99, 100, 131, 132, 163, 164, 195, 196};
    if (gen_below(g->rng, 2)) {
        uint32_t k = gen_below(g->rng, 5);
        put_simd(g, lanes[k][0]);
        wbuf_byte(g->code, (uint8_t)gen_below(g->rng, lanes[k][1]));
    } else {
        put_simd(g, tests[gen_below(g->rng, sizeof tests)]);
    }
}

static void gen_v128_store(fn_gen *g, int depth)
{
    gen_address(g, depth);
    gen_v128(g, depth);
    if (gen_below(g->rng, 2)) {
        put_simd(g, 11);
        put_memarg(g, 4);
        return;
    }
    uint32_t k = gen_below(g->rng, 4);
    put_simd(g, v128_store_lanes[k][0]);
    put_memarg(g, v128_store_lanes[k][1]);
    wbuf_byte(g->code, (uint8_t)gen_below(g->rng, v128_store_lanes[k][2]));
}

/* The tag carrying a value of type (one per value type, in value_types order). */
static uint32_t tag_of(uint8_t type)
{
    uint32_t i = 0;
    while (value_types[i] != type)
        i++;
    return i;
}

/* A value of type, or a throw of one: `if (cond) { value; throw }` for the tag of type or
 * (rarely) of another type, which some enclosing try_table or caller may catch. */
static void gen_thrown(fn_gen *g, uint8_t type, int depth)
{
    gen_expr(g, type, depth);
    gen_expr(g, I32, depth);
    WBUF_BYTES(g->code, 0x04, 0x40);
    uint8_t thrown = gen_below(g->rng, 4) == 0 ? random_type(g) : type;
    gen_expr(g, thrown, depth);
    wbuf_byte(g->code, 0x08);
    wbuf_uleb(g->code, tag_of(thrown));
    wbuf_byte(g->code, 0x0B);
}

/* Exception handling (3.0): a try_table whose body may throw (itself or in a callee), with
 * one of its catch forms; the value is the body's, or the caught one's, or a fallback. */
static bool gen_try(fn_gen *g, uint8_t type, int depth)
{
    if (!g->module->exceptions)
        return false;
    switch (gen_below(g->rng, 3)) {
    case 0: /* block $h (result t) (try_table (result t) (catch $tag_t $h) body) */
        WBUF_BYTES(g->code, 0x02, type, 0x1F, type, 1, 0x00);
        wbuf_uleb(g->code, tag_of(type));
        wbuf_byte(g->code, 0x00);
        gen_thrown(g, type, depth);
        WBUF_BYTES(g->code, 0x0B, 0x0B);
        return true;
    case 1: /* block (result t) (block $h (try_table (catch_all $h) body) (br 1)) fallback */
        WBUF_BYTES(g->code, 0x02, type, 0x02, 0x40, 0x1F, type, 1, 0x02, 0x00);
        gen_thrown(g, type, depth);
        WBUF_BYTES(g->code, 0x0B, 0x0C, 0x01, 0x0B);
        gen_expr(g, type, depth);
        wbuf_byte(g->code, 0x0B);
        return true;
    default: /* catch_all_ref, then drop the exnref and fall back, or rethrow it */
        WBUF_BYTES(g->code, 0x02, type, 0x02, 0x69, 0x1F, type, 1, 0x03, 0x00);
        gen_thrown(g, type, depth);
        WBUF_BYTES(g->code, 0x0B, 0x0C, 0x01, 0x0B);
        if (gen_below(g->rng, 4) == 0) {
            wbuf_byte(g->code, 0x0A);
        } else {
            wbuf_byte(g->code, 0x1A);
            gen_expr(g, type, depth);
        }
        wbuf_byte(g->code, 0x0B);
        return true;
    }
}

static void gen_expr(fn_gen *g, uint8_t type, int depth)
{
    if (depth >= EXPR_DEPTH || gen_below(g->rng, 8) == 0) {
        int local = gen_below(g->rng, 2) ? pick_local(g, type, false) : -1;
        if (local >= 0) {
            wbuf_byte(g->code, 0x20);
            wbuf_uleb(g->code, (uint32_t)local);
        } else if (gen_below(g->rng, 4) == 0) {
            wbuf_byte(g->code, 0x23);
            wbuf_uleb(g->code, (uint32_t)type_slot(type));
        } else {
            gen_const(g, type);
        }
        return;
    }
    depth++;
    /* Without exceptions, the choices (and so the modules) made before they existed. */
    switch (gen_below(g->rng, g->module->exceptions ? 25 : 23)) {
    case 0: case 1: gen_unary(g, type, depth); return;
    case 2: case 3: case 4: gen_binary(g, type, depth); return;
    case 5:
        if (type == I32) {
            gen_compare(g, depth);
            return;
        }
        gen_binary(g, type, depth);
        return;
    case 6: case 7: gen_convert(g, type, depth); return;
    case 8: gen_load(g, type, depth); return;
    case 9:
        gen_expr(g, type, depth);
        gen_expr(g, type, depth);
        gen_expr(g, I32, depth);
        wbuf_byte(g->code, 0x1B);
        return;
    case 10: {
        int local = pick_local(g, type, true);
        if (local < 0)
            break;
        gen_expr(g, type, depth);
        wbuf_byte(g->code, 0x22);
        wbuf_uleb(g->code, (uint32_t)local);
        return;
    }
    case 11:
        wbuf_byte(g->code, 0x02);
        wbuf_byte(g->code, type);
        gen_stmts(g, STMT_DEPTH - 1);
        gen_expr(g, type, depth);
        wbuf_byte(g->code, 0x0B);
        return;
    case 12:
        gen_expr(g, I32, depth);
        wbuf_byte(g->code, 0x04);
        wbuf_byte(g->code, type);
        gen_expr(g, type, depth);
        wbuf_byte(g->code, 0x05);
        gen_expr(g, type, depth);
        wbuf_byte(g->code, 0x0B);
        return;
    case 13:
        if (gen_call(g, type, depth))
            return;
        break;
    case 14:
        if (g->module->func_refs && gen_below(g->rng, 2) && gen_call_ref(g, type, depth))
            return;
        if (gen_call_indirect(g, type, depth))
            return;
        break;
    case 15:
        if (type != I32)
            break;
        if (gen_below(g->rng, 2)) {
            wbuf_byte(g->code, 0x3F);
            wbuf_byte(g->code, 0x00);
        } else {
            gen_expr(g, I32, depth);
            wbuf_byte(g->code, 0x41);
            wbuf_sleb(g->code, 1);
            wbuf_byte(g->code, 0x71);
            wbuf_byte(g->code, 0x40);
            wbuf_byte(g->code, 0x00);
        }
        return;
    case 16:
        if (gen_block_with_params(g, type, depth))
            return;
        break;
    case 17: /* typed select */
        gen_expr(g, type, depth);
        gen_expr(g, type, depth);
        gen_expr(g, I32, depth);
        wbuf_byte(g->code, 0x1C);
        wbuf_byte(g->code, 0x01);
        wbuf_byte(g->code, type);
        return;
    case 18: /* br_if carrying a value out of its block */
        wbuf_byte(g->code, 0x02);
        wbuf_byte(g->code, type);
        gen_expr(g, type, depth);
        gen_expr(g, I32, depth);
        wbuf_byte(g->code, 0x0D);
        wbuf_byte(g->code, 0x00);
        wbuf_byte(g->code, 0x1A);
        gen_expr(g, type, depth);
        wbuf_byte(g->code, 0x0B);
        return;
    case 19:
        if (gen_loop_value(g, type, depth))
            return;
        break;
    case 20: /* br with a value, then dead code that only types on a polymorphic stack */
        wbuf_byte(g->code, 0x02);
        wbuf_byte(g->code, type);
        gen_expr(g, type, depth);
        wbuf_byte(g->code, 0x0C);
        wbuf_byte(g->code, 0x00);
        wbuf_byte(g->code, 0x6A);
        wbuf_byte(g->code, 0x1A);
        wbuf_byte(g->code, 0x0B);
        return;
    case 21: case 22:
        if (type == I32 || type == I64) {
            gen_from_v128(g, type, depth);
            return;
        }
        break;
    case 23: case 24:
        if (gen_try(g, type, depth))
            return;
        break;
    }
    gen_binary(g, type, depth);
}

static void gen_store(fn_gen *g, int depth)
{
    const mem_op *op = &stores[gen_below(g->rng, sizeof stores / sizeof stores[0])];
    bool memory1 = use_memory1(g);
    if (memory1)
        gen_address64(g, depth);
    else
        gen_address(g, depth);
    gen_canonical_expr(g, op->type, depth);
    wbuf_byte(g->code, op->op);
    if (memory1)
        put_memarg1(g, op->align);
    else
        put_memarg(g, op->align);
}

/* memory.fill of memory 1 (i64 address and length), or memory.copy between memories 0
 * and 1 (each address of its own memory's type, the length an i32 since one is 32-bit). */
static void gen_bulk_memory1(fn_gen *g)
{
    uint32_t how = gen_below(g->rng, 3);
    if (how == 0) {
        gen_address64(g, 2);
        gen_expr(g, I32, 2);
        wbuf_byte(g->code, 0x42);
        wbuf_sleb(g->code, gen_below(g->rng, 8) == 0 ? 70000 : (int64_t)gen_below(g->rng, 64));
        wbuf_byte(g->code, 0xFC);
        wbuf_byte(g->code, 0x0B);
        wbuf_uleb(g->code, 1);
        return;
    }
    uint32_t dst = how == 1 ? 1 : 0;
    if (dst == 1)
        gen_address64(g, 2);
    else
        gen_address(g, 2);
    if (dst == 1)
        gen_address(g, 2);
    else
        gen_address64(g, 2);
    wbuf_byte(g->code, 0x41);
    wbuf_sleb(g->code, gen_below(g->rng, 8) == 0 ? 70000 : (int32_t)gen_below(g->rng, 64));
    wbuf_byte(g->code, 0xFC);
    wbuf_byte(g->code, 0x0A);
    wbuf_uleb(g->code, dst);
    wbuf_uleb(g->code, 1 - dst);
}

/* A loop that runs its body a fixed number of times, counted in a reserved local. */
static void gen_loop(fn_gen *g, int depth)
{
    int counter = new_local(g, I32, true);
    if (counter < 0)
        return;
    put_loop_start(g, counter, VOID);
    g->loop_depth++;
    gen_stmts(g, depth + 1);
    g->loop_depth--;
    put_loop_countdown(g, counter);
    wbuf_byte(g->code, 0x0B);
}

static void gen_stmt(fn_gen *g, int depth)
{
    bool nest = depth < STMT_DEPTH;
    switch (gen_below(g->rng, 16)) {
    case 0: case 1: {
        uint8_t type = random_type(g);
        int local = pick_local(g, type, true);
        if (local < 0)
            local = new_local(g, type, false);
        if (local < 0)
            break;
        gen_expr(g, type, 1);
        wbuf_byte(g->code, 0x21);
        wbuf_uleb(g->code, (uint32_t)local);
        return;
    }
    case 2: {
        uint8_t type = random_type(g);
        gen_expr(g, type, 1);
        wbuf_byte(g->code, 0x24);
        wbuf_uleb(g->code, (uint32_t)type_slot(type));
        return;
    }
    case 3: case 4: gen_store(g, 1); return;
    case 5:
        if (!nest)
            break;
        gen_expr(g, I32, 2);
        wbuf_byte(g->code, 0x04);
        wbuf_byte(g->code, VOID);
        gen_stmts(g, depth + 1);
        if (gen_below(g->rng, 2)) {
            wbuf_byte(g->code, 0x05);
            gen_stmts(g, depth + 1);
        }
        wbuf_byte(g->code, 0x0B);
        return;
    case 6:
        if (!nest || g->loop_depth >= LOOP_DEPTH)
            break;
        gen_loop(g, depth);
        return;
    case 7:
        if (!nest)
            break;
        wbuf_byte(g->code, 0x02);
        wbuf_byte(g->code, VOID);
        gen_stmts(g, depth + 1);
        gen_expr(g, I32, 2);
        wbuf_byte(g->code, 0x0D);
        wbuf_byte(g->code, 0x00);
        gen_stmts(g, depth + 1);
        wbuf_byte(g->code, 0x0B);
        return;
    case 8: {
        if (use_memory1(g)) {
            gen_bulk_memory1(g);
            return;
        }
        bool fill = gen_below(g->rng, 2);
        gen_address(g, 2);
        if (fill)
            gen_expr(g, I32, 2);
        else
            gen_address(g, 2);
        wbuf_byte(g->code, 0x41);
        wbuf_sleb(g->code, gen_below(g->rng, 8) == 0 ? 70000 : (int32_t)gen_below(g->rng, 64));
        wbuf_byte(g->code, 0xFC);
        wbuf_byte(g->code, fill ? 0x0B : 0x0A);
        wbuf_byte(g->code, 0x00);
        if (!fill)
            wbuf_byte(g->code, 0x00);
        return;
    }
    case 9:
        if (gen_below(g->rng, 8) != 0)
            break;
        gen_expr(g, I32, 2);
        wbuf_byte(g->code, 0x04);
        wbuf_byte(g->code, VOID);
        wbuf_byte(g->code, 0x00); /* unreachable */
        wbuf_byte(g->code, 0x0B);
        return;
    case 11: /* br_table to one of three nested blocks */
        if (!nest)
            break;
        for (int i = 0; i < 3; i++) {
            wbuf_byte(g->code, 0x02);
            wbuf_byte(g->code, VOID);
        }
        gen_expr(g, I32, 2);
        wbuf_byte(g->code, 0x0E);
        wbuf_uleb(g->code, 2);
        wbuf_uleb(g->code, gen_below(g->rng, 3));
        wbuf_uleb(g->code, gen_below(g->rng, 3));
        wbuf_uleb(g->code, gen_below(g->rng, 3));
        wbuf_byte(g->code, 0x0B);
        gen_stmts(g, depth + 1);
        wbuf_byte(g->code, 0x0B);
        gen_stmts(g, depth + 1);
        wbuf_byte(g->code, 0x0B);
        return;
    case 12: /* an early return */
        gen_expr(g, I32, 2);
        wbuf_byte(g->code, 0x04);
        wbuf_byte(g->code, VOID);
        gen_expr(g, g->result, 2);
        wbuf_byte(g->code, 0x0F);
        wbuf_byte(g->code, 0x0B);
        return;
    case 13: /* memory.init from the passive segment */
        gen_address(g, 2);
        gen_expr(g, I32, 2);
        wbuf_byte(g->code, 0x41);
        wbuf_sleb(g->code, 63);
        wbuf_byte(g->code, 0x71);
        wbuf_byte(g->code, 0x41);
        wbuf_sleb(g->code, gen_below(g->rng, 40));
        wbuf_byte(g->code, 0xFC);
        wbuf_byte(g->code, 0x08);
        wbuf_byte(g->code, 0x01);
        wbuf_byte(g->code, 0x00);
        return;
    case 14:
        if (gen_below(g->rng, 4) != 0)
            break;
        wbuf_byte(g->code, 0xFC);
        wbuf_byte(g->code, 0x09);
        wbuf_byte(g->code, 0x01);
        return;
    case 15:
        gen_v128_store(g, 2);
        return;
    default:
        break;
    }
    uint8_t type = random_type(g);
    gen_expr(g, type, 1);
    wbuf_byte(g->code, 0x1A);
}

static void gen_stmts(fn_gen *g, int depth)
{
    uint32_t n = gen_below(g->rng, depth >= STMT_DEPTH ? 2 : 4);
    for (uint32_t i = 0; i < n; i++)
        gen_stmt(g, depth);
}

/* One function body (locals and code) appended to the code section. */
static void gen_body(gen_module *m, uint32_t index, uint32_t nleaves, gen_rng *rng,
                     wbuf *section)
{
    wbuf code = {0};
    fn_gen g = {.rng = rng, .code = &code, .module = m, .index = index,
                .leaf = index < nleaves, .nleaves = nleaves,
                .scratch = {-1, -1, -1, -1}};
    const gen_func *f = &m->funcs[index];
    for (uint32_t i = 0; i < f->nparams; i++)
        new_local(&g, f->params[i], false);
    g.nparams = f->nparams;
    g.result = f->result;
    uint32_t extra = gen_below(rng, 4);
    for (uint32_t i = 0; i < extra; i++)
        new_local(&g, random_type(&g), false);
    gen_stmts(&g, 1);
    gen_expr(&g, f->result, 0);
    wbuf_byte(&code, 0x0B);

    wbuf body = {0};
    uint32_t ndeclared = g.nlocals - g.nparams;
    wbuf_uleb(&body, ndeclared);
    for (uint32_t i = g.nparams; i < g.nlocals; i++) {
        wbuf_uleb(&body, 1);
        wbuf_byte(&body, g.types[i]);
    }
    wbuf_bytes(&body, code.data, code.len);
    if (code.failed)
        body.failed = true;
    wbuf_free(&code);
    wbuf_sized(section, &body);
    wbuf_free(&body);
}

bool gen_module_make(uint64_t seed, unsigned features, gen_module *m)
{
    memset(m, 0, sizeof *m);
    m->tail_calls = features & GEN_TAIL_CALLS;
    m->exceptions = features & GEN_EXCEPTIONS;
    m->memories = features & GEN_MEMORIES;
    m->func_refs = features & GEN_FUNC_REFS;
    bool memories = m->memories;
    gen_rng rng = {seed};
    m->nfuncs = 2 + gen_below(&rng, GEN_MAX_FUNCS - 1);
    uint32_t nleaves = 1 + gen_below(&rng, m->nfuncs / 2 + 1);
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        gen_func *f = &m->funcs[i];
        f->nparams = gen_below(&rng, GEN_MAX_PARAMS + 1);
        for (uint32_t k = 0; k < f->nparams; k++)
            f->params[k] = value_types[gen_below(&rng, 4)];
        f->result = value_types[gen_below(&rng, 4)];
    }
    wbuf *out = &m->bytes;
    wbuf_header(out);

    wbuf s = {0};
    /* type i is function i's type; with exceptions, then (param t) -> () per value type */
    wbuf_uleb(&s, m->nfuncs + (m->exceptions ? 4 : 0));
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        wbuf_byte(&s, 0x60);
        wbuf_uleb(&s, m->funcs[i].nparams);
        wbuf_bytes(&s, m->funcs[i].params, m->funcs[i].nparams);
        wbuf_uleb(&s, 1);
        wbuf_byte(&s, m->funcs[i].result);
    }
    for (int i = 0; m->exceptions && i < 4; i++)
        WBUF_BYTES(&s, 0x60, 1, value_types[i], 0);
    put_section(out, 1, &s);

    wbuf_uleb(&s, m->nfuncs);
    for (uint32_t i = 0; i < m->nfuncs; i++)
        wbuf_uleb(&s, i);
    put_section(out, 3, &s);

    wbuf_uleb(&s, 1); /* table: funcref, exactly TABLE_SIZE */
    wbuf_byte(&s, 0x70);
    wbuf_byte(&s, 0x01);
    wbuf_uleb(&s, TABLE_SIZE);
    wbuf_uleb(&s, TABLE_SIZE);
    put_section(out, 4, &s);

    wbuf_uleb(&s, memories ? 2 : 1); /* memory: 1 page, may grow to 2 */
    wbuf_byte(&s, 0x01);
    wbuf_uleb(&s, 1);
    wbuf_uleb(&s, 2);
    if (memories) { /* memory 1: the same, 64-bit */
        wbuf_byte(&s, 0x05);
        wbuf_uleb(&s, 1);
        wbuf_uleb(&s, 2);
    }
    put_section(out, 5, &s);

    if (m->exceptions) { /* tag i carries a value of value_types[i] */
        wbuf_uleb(&s, 4);
        for (uint32_t i = 0; i < 4; i++) {
            wbuf_byte(&s, 0x00);
            wbuf_uleb(&s, m->nfuncs + i);
        }
        put_section(out, 13, &s);
    }

    wbuf_uleb(&s, 4); /* one mutable global per value type, in value_types order */
    for (int i = 0; i < 4; i++) {
        fn_gen init = {.rng = &rng, .code = &s};
        wbuf_byte(&s, value_types[i]);
        wbuf_byte(&s, 0x01);
        gen_const(&init, value_types[i]);
        wbuf_byte(&s, 0x0B);
    }
    put_section(out, 6, &s);

    wbuf_uleb(&s, m->nfuncs + 1 + 4 + (memories ? 1 : 0));
    for (uint32_t i = 0; i < 4; i++) {
        char name[2] = {'g', (char)('0' + i)};
        wbuf_uleb(&s, sizeof name);
        wbuf_bytes(&s, name, sizeof name);
        wbuf_byte(&s, 0x03);
        wbuf_uleb(&s, i);
    }
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        char name[2] = {'f', (char)('0' + i)}; /* GEN_MAX_FUNCS keeps i a single digit */
        wbuf_uleb(&s, sizeof name);
        wbuf_bytes(&s, name, sizeof name);
        wbuf_byte(&s, 0x00);
        wbuf_uleb(&s, i);
    }
    wbuf_uleb(&s, 3);
    wbuf_bytes(&s, "mem", 3);
    wbuf_byte(&s, 0x02);
    wbuf_uleb(&s, 0);
    if (memories) {
        wbuf_uleb(&s, 4);
        wbuf_bytes(&s, "mem1", 4);
        wbuf_byte(&s, 0x02);
        wbuf_uleb(&s, 1);
    }
    put_section(out, 7, &s);

    /* Elements: leaves at random slots from 0, the rest of the table stays null. */
    uint32_t nelems = TABLE_SIZE - gen_below(&rng, 3);
    wbuf_uleb(&s, m->func_refs ? 2 : 1);
    wbuf_byte(&s, 0x00);
    wbuf_byte(&s, 0x41);
    wbuf_sleb(&s, 0);
    wbuf_byte(&s, 0x0B);
    wbuf_uleb(&s, nelems);
    for (uint32_t i = 0; i < nelems; i++)
        wbuf_uleb(&s, gen_below(&rng, nleaves));
    if (m->func_refs) { /* declares every leaf for ref.func */
        wbuf_byte(&s, 0x03);
        wbuf_byte(&s, 0x00);
        wbuf_uleb(&s, nleaves);
        for (uint32_t i = 0; i < nleaves; i++)
            wbuf_uleb(&s, i);
    }
    put_section(out, 9, &s);

    wbuf_uleb(&s, 2); /* data count: memory.init and data.drop name segment 1 */
    put_section(out, 12, &s);

    wbuf_uleb(&s, m->nfuncs);
    for (uint32_t i = 0; i < m->nfuncs; i++)
        gen_body(m, i, nleaves, &rng, &s);
    put_section(out, 10, &s);

    wbuf_uleb(&s, 2); /* data: random bytes at address 0, and a passive segment */
    wbuf_byte(&s, 0x00);
    wbuf_byte(&s, 0x41);
    wbuf_sleb(&s, 0);
    wbuf_byte(&s, 0x0B);
    uint32_t ndata = 64 + gen_below(&rng, MASK_ADDR + 1 - 64);
    wbuf_uleb(&s, ndata);
    for (uint32_t i = 0; i < ndata; i++)
        wbuf_byte(&s, (uint8_t)gen_next(&rng));
    wbuf_byte(&s, 0x01);
    wbuf_uleb(&s, 32);
    for (uint32_t i = 0; i < 32; i++)
        wbuf_byte(&s, (uint8_t)gen_next(&rng));
    put_section(out, 11, &s);

    wbuf_free(&s);
    return !out->failed;
}

void gen_module_free(gen_module *m)
{
    wbuf_free(&m->bytes);
    memset(m, 0, sizeof *m);
}
