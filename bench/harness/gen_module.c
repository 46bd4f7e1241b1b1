#include "gen_module.h"

#include <stdbool.h>

#include "decode/opcodes.h"
#include "wasm_builder.h"

/*
 * The functions alternate between two types so calls have somewhere to go both ways:
 *   even indices: (i32 i32) -> i32      odd indices: (i32 i64 f64) -> f64
 * Each also declares 4 i32, 2 i64 and 2 f64 locals; the tables give each kind's indices.
 */
static bool is_int_func(uint32_t func_index)
{
    return func_index % 2 == 0;
}

typedef struct local_set {
    uint8_t i32[6], n_i32;
    uint8_t i64[3], n_i64;
    uint8_t f64[3], n_f64;
} local_set;

static const local_set int_locals = {{0, 1, 2, 3, 4, 5}, 6, {6, 7}, 2, {8, 9}, 2};
static const local_set mixed_locals = {{0, 3, 4, 5, 6}, 5, {1, 7, 8}, 3, {2, 9, 10}, 3};

#define MAX_EXPR_DEPTH 3
#define MAX_STMT_DEPTH 3

typedef struct gen {
    wbuf *out;
    uint32_t rng;
    uint32_t func_index; /* the function being generated; callees are at or below it */
    const local_set *locals;
} gen;

static uint32_t gen_rand(gen *g, uint32_t bound)
{
    uint32_t x = g->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    g->rng = x;
    return x % bound;
}

static void op(gen *g, uint8_t opcode)
{
    wbuf_byte(g->out, opcode);
}

static void op_u32(gen *g, uint8_t opcode, uint32_t immediate)
{
    wbuf_byte(g->out, opcode);
    wbuf_uleb(g->out, immediate);
}

static void mem_op(gen *g, uint8_t opcode, uint32_t align_log2)
{
    op_u32(g, opcode, align_log2);
    wbuf_uleb(g->out, gen_rand(g, 64) * 4);
}

static void expr_i32(gen *g, int depth);
static void expr_i64(gen *g, int depth);
static void expr_f64(gen *g, int depth);

/* An address that stays inside the first page whatever the operands hold. */
static void address(gen *g, int depth)
{
    expr_i32(g, depth + 1);
    op_u32(g, OP_i32_const, 0xfff);
    op(g, OP_i32_and);
}

static void call_int(gen *g, int depth)
{
    expr_i32(g, depth + 1);
    expr_i32(g, depth + 1);
    op_u32(g, OP_call, gen_rand(g, g->func_index / 2 + 1) * 2);
}

static void call_mixed(gen *g, int depth)
{
    expr_i32(g, depth + 1);
    expr_i64(g, depth + 1);
    expr_f64(g, depth + 1);
    op_u32(g, OP_call, gen_rand(g, (g->func_index + 1) / 2) * 2 + 1);
}

static void expr_i32(gen *g, int depth)
{
    static const uint8_t binops[] = {OP_i32_add, OP_i32_sub, OP_i32_mul, OP_i32_and, OP_i32_or,
                                     OP_i32_xor, OP_i32_shl, OP_i32_shr_u, OP_i32_rotl};
    uint32_t choice = depth >= MAX_EXPR_DEPTH ? gen_rand(g, 3) : gen_rand(g, 12);
    switch (choice) {
    case 0:
    case 1:
        op_u32(g, OP_local_get, g->locals->i32[gen_rand(g, g->locals->n_i32)]);
        break;
    case 2:
        op(g, OP_i32_const);
        wbuf_sleb(g->out, (int32_t)gen_rand(g, 2000) - 1000);
        break;
    case 3:
    case 4:
        expr_i32(g, depth + 1);
        expr_i32(g, depth + 1);
        op(g, binops[gen_rand(g, sizeof binops)]);
        break;
    case 5:
        address(g, depth);
        if (gen_rand(g, 2))
            mem_op(g, OP_i32_load, 2);
        else
            mem_op(g, OP_i32_load8_u, 0);
        break;
    case 6:
        expr_i64(g, depth + 1);
        expr_i64(g, depth + 1);
        op(g, OP_i64_lt_s);
        break;
    case 7:
        expr_i32(g, depth + 1);
        op(g, OP_if);
        op(g, 0x7f); /* result i32 */
        expr_i32(g, depth + 1);
        op(g, OP_else);
        expr_i32(g, depth + 1);
        op(g, OP_end);
        break;
    case 8:
        call_int(g, depth);
        break;
    case 9:
        op_u32(g, OP_global_get, 0);
        break;
    case 10:
        expr_i64(g, depth + 1);
        op(g, OP_i32_wrap_i64);
        break;
    default:
        expr_i32(g, depth + 1);
        expr_i32(g, depth + 1);
        expr_i32(g, depth + 1);
        op(g, OP_select);
        break;
    }
}

static void expr_i64(gen *g, int depth)
{
    static const uint8_t binops[] = {OP_i64_add, OP_i64_mul, OP_i64_xor, OP_i64_shr_s};
    uint32_t choice = depth >= MAX_EXPR_DEPTH ? gen_rand(g, 2) : gen_rand(g, 6);
    switch (choice) {
    case 0:
        op_u32(g, OP_local_get, g->locals->i64[gen_rand(g, g->locals->n_i64)]);
        break;
    case 1:
        op(g, OP_i64_const);
        wbuf_sleb(g->out, (int64_t)gen_rand(g, 1u << 30) * 977 - (1ll << 38));
        break;
    case 2:
    case 3:
        expr_i64(g, depth + 1);
        expr_i64(g, depth + 1);
        op(g, binops[gen_rand(g, sizeof binops)]);
        break;
    case 4:
        expr_i32(g, depth + 1);
        op(g, OP_i64_extend_i32_u);
        break;
    default:
        address(g, depth);
        mem_op(g, OP_i64_load, 3);
        break;
    }
}

static void expr_f64(gen *g, int depth)
{
    static const uint8_t binops[] = {OP_f64_add, OP_f64_sub, OP_f64_mul};
    uint32_t choice = depth >= MAX_EXPR_DEPTH ? gen_rand(g, 2) : gen_rand(g, 7);
    switch (choice) {
    case 0:
        op_u32(g, OP_local_get, g->locals->f64[gen_rand(g, g->locals->n_f64)]);
        break;
    case 1:
        op(g, OP_f64_const);
        wbuf_f64(g->out, (double)gen_rand(g, 1000) / 8.0);
        break;
    case 2:
    case 3:
        expr_f64(g, depth + 1);
        expr_f64(g, depth + 1);
        op(g, binops[gen_rand(g, sizeof binops)]);
        break;
    case 4:
        expr_i32(g, depth + 1);
        op(g, OP_f64_convert_i32_s);
        break;
    case 5:
        address(g, depth);
        mem_op(g, OP_f64_load, 3);
        break;
    default:
        if (g->func_index == 0) { /* no function of the mixed type exists yet */
            op_u32(g, OP_local_get, g->locals->f64[0]);
            break;
        }
        call_mixed(g, depth);
        break;
    }
}

/* labels: how many enclosing blocks and loops (all without results) a branch may target. */
static void statements(gen *g, int depth, uint32_t labels, uint32_t count);

static void statement(gen *g, int depth, uint32_t labels)
{
    uint32_t choice = depth >= MAX_STMT_DEPTH ? gen_rand(g, 6) : gen_rand(g, 11);
    switch (choice) {
    case 0:
    case 1:
        expr_i32(g, 0);
        op_u32(g, OP_local_set, g->locals->i32[gen_rand(g, g->locals->n_i32)]);
        break;
    case 2:
        expr_i64(g, 0);
        op_u32(g, OP_local_set, g->locals->i64[gen_rand(g, g->locals->n_i64)]);
        break;
    case 3:
        expr_f64(g, 0);
        op_u32(g, OP_local_set, g->locals->f64[gen_rand(g, g->locals->n_f64)]);
        break;
    case 4:
        address(g, 0);
        switch (gen_rand(g, 3)) {
        case 0:
            expr_i32(g, 1);
            mem_op(g, OP_i32_store, 2);
            break;
        case 1:
            expr_i64(g, 1);
            mem_op(g, OP_i64_store, 3);
            break;
        default:
            expr_f64(g, 1);
            mem_op(g, OP_f64_store, 3);
            break;
        }
        break;
    case 5:
        if (labels > 0) {
            expr_i32(g, 1);
            op_u32(g, OP_br_if, gen_rand(g, labels));
        } else {
            expr_i32(g, 1);
            op_u32(g, OP_global_set, 0);
        }
        break;
    case 6:
        op(g, OP_block);
        op(g, 0x40);
        statements(g, depth + 1, labels + 1, 1 + gen_rand(g, 4));
        expr_i32(g, 1);
        op_u32(g, OP_br_if, 0);
        statements(g, depth + 1, labels + 1, 1 + gen_rand(g, 3));
        op(g, OP_end);
        break;
    case 7: {
        /* A counted loop over one of the i32 locals. */
        uint32_t counter = g->locals->i32[gen_rand(g, g->locals->n_i32)];
        op(g, OP_loop);
        op(g, 0x40);
        statements(g, depth + 1, labels + 1, 1 + gen_rand(g, 4));
        op_u32(g, OP_local_get, counter);
        op_u32(g, OP_i32_const, 1);
        op(g, OP_i32_sub);
        op_u32(g, OP_local_tee, counter);
        op_u32(g, OP_br_if, 0);
        op(g, OP_end);
        break;
    }
    case 8:
        expr_i32(g, 1);
        op(g, OP_if);
        op(g, 0x40);
        statements(g, depth + 1, labels + 1, 1 + gen_rand(g, 3));
        op(g, OP_else);
        statements(g, depth + 1, labels + 1, 1 + gen_rand(g, 3));
        op(g, OP_end);
        break;
    case 9:
        /* A three-way switch: br_table out of nested blocks, each case one statement. */
        op(g, OP_block);
        op(g, 0x40);
        op(g, OP_block);
        op(g, 0x40);
        op(g, OP_block);
        op(g, 0x40);
        expr_i32(g, 1);
        op_u32(g, OP_br_table, 2);
        wbuf_uleb(g->out, 0);
        wbuf_uleb(g->out, 1);
        wbuf_uleb(g->out, 2);
        op(g, OP_end);
        statement(g, depth + 1, labels + 2);
        op(g, OP_end);
        statement(g, depth + 1, labels + 1);
        op(g, OP_end);
        break;
    default:
        call_int(g, 1);
        op(g, OP_drop);
        break;
    }
}

static void statements(gen *g, int depth, uint32_t labels, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++)
        statement(g, depth, labels);
}

static void function_body(gen *g, wbuf *body)
{
    g->out = body;
    bool is_int = is_int_func(g->func_index);
    g->locals = is_int ? &int_locals : &mixed_locals;
    static const uint8_t local_decls[] = {3, 4, 0x7f, 2, 0x7e, 2, 0x7c};
    wbuf_bytes(body, local_decls, sizeof local_decls);
    statements(g, 0, 0, 3 + gen_rand(g, 8));
    if (is_int)
        expr_i32(g, 0);
    else
        expr_f64(g, 0);
    op(g, OP_end);
}

static void type_section(wbuf *s)
{
    static const uint8_t types[] = {
        2,                                         /* two types */
        0x60, 2, 0x7f, 0x7f, 1, 0x7f,              /* (i32 i32) -> i32 */
        0x60, 3, 0x7f, 0x7e, 0x7c, 1, 0x7c,        /* (i32 i64 f64) -> f64 */
    };
    wbuf_bytes(s, types, sizeof types);
}

uint8_t *bench_generate_module(size_t min_size, uint32_t seed, size_t *out_len)
{
    wbuf code = {0}, body = {0}, section = {0}, module = {0};
    gen g = {.rng = seed ? seed : 1};

    /* The code section's contents, one sized body at a time, until the module is big enough. */
    uint32_t nfuncs = 0;
    while (code.len < min_size && !code.failed && !body.failed) {
        wbuf_reset(&body);
        g.func_index = nfuncs;
        function_body(&g, &body);
        wbuf_sized(&code, &body);
        nfuncs++;
    }

    wbuf_header(&module);
    type_section(&section);
    wbuf_section(&module, 1, &section);

    wbuf_reset(&section);
    wbuf_uleb(&section, nfuncs);
    for (uint32_t i = 0; i < nfuncs; i++)
        wbuf_byte(&section, is_int_func(i) ? 0 : 1); /* type index */
    wbuf_section(&module, 3, &section);

    static const uint8_t memory[] = {1, 0x00, 1}; /* one memory, at least one page */
    wbuf_reset(&section);
    wbuf_bytes(&section, memory, sizeof memory);
    wbuf_section(&module, 5, &section);

    static const uint8_t global[] = {1, 0x7f, 1, OP_i32_const, 0, OP_end}; /* mut i32 = 0 */
    wbuf_reset(&section);
    wbuf_bytes(&section, global, sizeof global);
    wbuf_section(&module, 6, &section);

    static const uint8_t exports[] = {1, 4, 'm', 'a', 'i', 'n', 0x00, 0}; /* func 0 */
    wbuf_reset(&section);
    wbuf_bytes(&section, exports, sizeof exports);
    wbuf_section(&module, 7, &section);

    wbuf_reset(&section);
    wbuf_uleb(&section, nfuncs);
    wbuf_bytes(&section, code.data, code.len);
    wbuf_section(&module, 10, &section);

    bool failed = code.failed || body.failed || section.failed || module.failed;
    wbuf_free(&code);
    wbuf_free(&body);
    wbuf_free(&section);
    if (failed) {
        wbuf_free(&module);
        return NULL;
    }
    *out_len = module.len;
    return module.data;
}
