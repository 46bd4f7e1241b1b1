/*
 * The op tables agree with each other and with the interpreter:
 *   - every entry of the op list sits at its own opcode, in its own space;
 *   - every internal op has a length and a handler in both handler tables;
 *   - every wasm op with a fixed signature validates, translates and runs: for each one a
 *     module whose only function feeds it zeros, in both memory modes (zero divided by
 *     zero traps; no other op may fail);
 *   - the shared immediate reader decodes each kind, on its inline and its general path,
 *     and rejects what the binary format forbids with the specification's wording.
 * An op that gains a line in decode/oplist.h without a translation or handler fails here.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decode/ops.h"
#include "harness.h"
#include "interp/code.h"
#include "wasm_builder.h"

static void check_space(check_counts *t, const wr_opinfo *table, uint32_t size, uint8_t prefix, unsigned *count)
{
    for (uint32_t i = 0; i < size; i++) {
        if (!table[i].name)
            continue;
        (*count)++;
        CHECK(t, table[i].code == i && table[i].prefix == prefix);
        /* A fixed signature has sane arities; a cast keeps the slot count. */
        CHECK(t, table[i].nparams <= 3 && table[i].nresults <= 1);
        CHECK(t, !table[i].cast || (table[i].nparams == 1 && table[i].nresults == 1));
    }
}

static void test_op_list(check_counts *t)
{
    unsigned single = 0, fc = 0, fd = 0;
    check_space(t, wr_opinfo_single_table, 256, 0, &single);
    check_space(t, wr_opinfo_fc_table, OPFC_COUNT, OP_prefix_fc, &fc);
    check_space(t, wr_opinfo_fd_table, OPFD_COUNT, OP_prefix_fd, &fd);
    /* WebAssembly 2.0: 236 SIMD ops, 18 of the 0xFC family; 3.0: 20 relaxed SIMD ops. */
    CHECK(t, fd == 236 + 20);
    CHECK(t, fc == 18);
    CHECK(t, single > 0 && !wr_opinfo_single(OP_prefix_fc) && !wr_opinfo_single(OP_prefix_fd));
    CHECK(t, !wr_opinfo_fc(OPFC_COUNT) && !wr_opinfo_fd(UINT32_MAX));
}

static void test_internal_ops(check_counts *t)
{
    const wr_insn *checked = wr_interp_handlers(false);
    const wr_insn *guarded = wr_interp_handlers(true);
    unsigned missing = 0;
    for (uint32_t op = 1; op < IOP_COUNT; op++) {
        bool ok = wr_iop_words[op] >= 1 && wr_iop_names[op] != NULL;
#if WR_THREADED
        ok = ok && checked[op].handler && guarded[op].handler;
#else
        ok = ok && checked[op].op == op && guarded[op].op != IOP_NONE;
#endif
        if (!ok) {
            fprintf(stderr, "internal op %u (%s) has no length or handler\n", op,
                    wr_iop_names[op] ? wr_iop_names[op] : "?");
            missing++;
        }
    }
    CHECK(t, missing == 0);
    CHECK(t, wr_iop_words[IOP_NONE] == 0);
}

/* The immediates of op: the largest alignment allowed, offset 0, lane 0, zero bytes. */
static void immediates(check_counts *t, wbuf *b, const wr_opinfo *info)
{
    switch ((wr_immkind)info->imm) {
    case WR_IMM_NONE:
        break;
    case WR_IMM_I32:
    case WR_IMM_I64:
        WBUF_BYTES(b, 0);
        break;
    case WR_IMM_F32:
        WBUF_BYTES(b, 0, 0, 0, 0);
        break;
    case WR_IMM_F64:
        WBUF_BYTES(b, 0, 0, 0, 0, 0, 0, 0, 0);
        break;
    case WR_IMM_V128:
    case WR_IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            WBUF_BYTES(b, 0);
        break;
    case WR_IMM_MEMARG:
        WBUF_BYTES(b, info->align, 0);
        break;
    case WR_IMM_LANE:
        WBUF_BYTES(b, 0);
        break;
    case WR_IMM_MEMARG_LANE:
        WBUF_BYTES(b, info->align, 0, 0);
        break;
    default:
        /* No op with a fixed signature has another kind. */
        CHECK(t, !"an immediate kind for a fixed signature");
        break;
    }
}

/* (module (memory 1) (func (export "f") (param <op's params>) local.get 0 .. op drop?)) */
static void build_module(check_counts *t, wbuf *mod, const wr_opinfo *info)
{
    wbuf s = {0}, body = {0};
    wbuf_header(mod);
    WBUF_BYTES(&s, 1, 0x60);
    wbuf_uleb(&s, info->nparams);
    wbuf_bytes(&s, info->params, info->nparams);
    WBUF_BYTES(&s, 0);
    wbuf_section(mod, 1, &s);
    WBUF_SECTION(mod, 3, 1, 0);
    WBUF_SECTION(mod, 5, 1, 0, 1);
    WBUF_SECTION(mod, 7, 1, 1, 'f', 0, 0);
    WBUF_BYTES(&body, 0);
    for (uint8_t i = 0; i < info->nparams; i++)
        WBUF_BYTES(&body, 0x20, i);
    if (info->prefix)
        WBUF_BYTES(&body, info->prefix);
    wbuf_uleb(&body, info->code);
    immediates(t, &body, info);
    if (info->nresults)
        WBUF_BYTES(&body, 0x1A);
    WBUF_BYTES(&body, 0x0B);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1);
    wbuf_sized(&s, &body);
    wbuf_section(mod, 10, &s);
    wbuf_free(&s);
    wbuf_free(&body);
}

/* Builds and runs op's module; false with a message when it fails other than by the
 * division trap. */
static bool run_op(check_counts *t, wr_engine *engine, const wr_opinfo *info)
{
    wbuf mod = {0};
    build_module(t, &mod, info);
    wr_module *m = NULL;
    wr_store *store = NULL;
    wr_instance *inst = NULL;
    wr_error *err = mod.failed ? wr_trap_new("out of memory building the module")
                               : wr_module_new(engine, mod.data, mod.len, &m);
    wbuf_free(&mod);
    if (!err) {
        store = wr_store_new(engine);
        err = wr_instance_new(store, m, NULL, 0, &inst);
    }
    if (!err) {
        wr_val args[3];
        for (uint32_t i = 0; i < info->nparams; i++) {
            memset(&args[i], 0, sizeof args[i]);
            args[i].type = (wr_valtype)info->params[i];
        }
        err = wr_func_call(store, wr_instance_func(inst, "f"), args, info->nparams, NULL, 0);
    }
    /* Zeros make only the integer divisions trap; any other trap, "unreachable" from a
     * switch build's missing handler included, is a failure. */
    bool ok = !err || wr_error_trap_kind(err) == WR_TRAP_DIV_ZERO;
    if (!ok)
        fprintf(stderr, "%s: %s\n", info->name, wr_error_message(err));
    wr_error_free(err);
    wr_store_free(store);
    wr_module_free(m);
    return ok;
}

static void run_space(check_counts *t, wr_engine *engine, const wr_opinfo *table, uint32_t size, unsigned *ran)
{
    unsigned failures = 0;
    for (uint32_t i = 0; i < size; i++) {
        if (!table[i].name || !wr_opinfo_fixed(&table[i]))
            continue;
        failures += !run_op(t, engine, &table[i]);
        (*ran)++;
    }
    CHECK(t, failures == 0);
}

static void test_every_fixed_op(check_counts *t, bool bounds_checks)
{
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.bounds_checks = bounds_checks;
    wr_engine *engine = wr_engine_new(&cfg);
    CHECK(t, engine != NULL);
    if (!engine)
        return;
    unsigned ran = 0;
    run_space(t, engine, wr_opinfo_single_table, 256, &ran);
    run_space(t, engine, wr_opinfo_fc_table, OPFC_COUNT, &ran);
    run_space(t, engine, wr_opinfo_fd_table, OPFD_COUNT, &ran);
    /* 2.0: 155 single-byte (128 numeric, 4 constants, 23 loads and stores), 8 saturating
     * truncations, 236 SIMD; 3.0: 20 relaxed SIMD. */
    CHECK(t, ran == 155 + 8 + 236 + 20);
    wr_engine_free(engine);
}

/* Reads one instruction from bytes; the entry, NULL on failure with *err the reason. */
static const wr_opinfo *read_one(const uint8_t *bytes, size_t n, wr_imm *imm, const char **err)
{
    wr_reader r = {.base = bytes, .pos = 0, .end = n};
    memset(imm, 0, sizeof *imm);
    const wr_opinfo *info = wr_read_instruction(&r, imm);
    *err = r.err;
    /* On success the instruction is all of the bytes. */
    if (info && r.pos != n)
        *err = "bytes left over";
    return *err ? NULL : info;
}

#define READS(imm_out, ...)                                                                   \
    read_one((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}), (imm_out), &err)

/* Does reading bytes fail with the reason want? */
static bool fails(const uint8_t *bytes, size_t n, const char *want)
{
    wr_imm imm;
    const char *err;
    return !read_one(bytes, n, &imm, &err) && err && strcmp(err, want) == 0;
}

#define FAILS(want, ...)                                                                      \
    fails((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}), (want))

static void test_reader(check_counts *t)
{
    wr_imm imm;
    const char *err;
    const wr_opinfo *info;
    /* Integer constants: one byte inline, sign-extended; longer ones in general. */
    info = READS(&imm, OP_i32_const, 0x40);
    CHECK(t, info && info->code == OP_i32_const && imm.bits == 0xFFFFFFC0u);
    info = READS(&imm, OP_i32_const, 0x3F);
    CHECK(t, info && imm.bits == 63);
    info = READS(&imm, OP_i32_const, 0x80, 0x01);
    CHECK(t, info && imm.bits == 128);
    info = READS(&imm, OP_i32_const, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
    CHECK(t, info && imm.bits == 0xFFFFFFFFu);
    info = READS(&imm, OP_i64_const, 0x7F);
    CHECK(t, info && imm.bits == UINT64_MAX);
    CHECK(t, FAILS("unexpected end", OP_i32_const));
    CHECK(t, FAILS("integer too large", OP_i32_const, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F));
    /* Memargs: alignment below 32, offsets of any length. */
    info = READS(&imm, OP_i32_load, 2, 5);
    CHECK(t, info && imm.align == 2 && imm.offset == 5);
    info = READS(&imm, OP_i32_load, 2, 0x80, 0x01);
    CHECK(t, info && imm.align == 2 && imm.offset == 128);
    CHECK(t, FAILS("malformed memop flags", OP_i32_load, 0x80, 0x01, 0));
    /* Bit 6 of the flags: a memory index follows (multi-memory); offsets are u64. */
    info = READS(&imm, OP_i32_load, 32, 0);
    CHECK(t, info && imm.align == 32 && !imm.memory_given);
    info = READS(&imm, OP_i32_load, 0x42, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                 0xFF, 0x01);
    CHECK(t, info && imm.align == 2 && imm.memory_given && imm.memory == 3 &&
                 imm.offset == UINT64_MAX);
    /* Memory indices and reference types. */
    CHECK(t, READS(&imm, OP_memory_size, 0) != NULL);
    info = READS(&imm, OP_memory_grow, 0x81, 0x01);
    CHECK(t, info && imm.memory == 129);
    info = READS(&imm, OP_prefix_fc, OPFC_memory_init, 7, 2);
    CHECK(t, info && info->prefix == OP_prefix_fc && imm.index == 7 && imm.memory == 2);
    info = READS(&imm, OP_prefix_fc, OPFC_memory_copy, 1, 2);
    CHECK(t, info && imm.memory == 1 && imm.index2 == 2);
    info = READS(&imm, OP_ref_null, WR_FUNCREF);
    CHECK(t, info && imm.type == WR_FUNCREF);
    CHECK(t, FAILS("malformed reference type", OP_ref_null, WR_I32));
    /* Block types: empty, one value type, a type index; negative is malformed. */
    info = READS(&imm, OP_block, 0x40);
    CHECK(t, info && imm.type == WR_BLOCK_EMPTY);
    info = READS(&imm, OP_loop, WR_I64);
    CHECK(t, info && imm.type == WR_I64 && imm.bytes && imm.bytes[0] == WR_I64);
    info = READS(&imm, OP_if, 0x01);
    CHECK(t, info && imm.type == WR_BLOCK_INDEXED && imm.index == 1);
    CHECK(t, FAILS("malformed value type", OP_block, 0x60));
    /* br_table: the labels stay in the body, the default is read. */
    info = READS(&imm, OP_br_table, 2, 0, 1, 3);
    CHECK(t, info && imm.count == 2 && imm.labels == 2 && imm.index == 3);
    /* select's types: one is read and checked, other counts are the validator's. */
    info = READS(&imm, OP_select_t, 1, WR_I32);
    CHECK(t, info && imm.count == 1 && imm.type == WR_I32);
    info = READS(&imm, OP_select_t, 2);
    CHECK(t, info && imm.count == 2);
    CHECK(t, FAILS("malformed value type", OP_select_t, 1, 0x00));
    /* SIMD: lanes and 16-byte immediates. */
    info = READS(&imm, OP_prefix_fd, OPFD_i8x16_extract_lane_s, 15);
    CHECK(t, info && info->lanes == 16 && imm.lane == 15);
    info = READS(&imm, OP_prefix_fd, OPFD_v128_load8_lane, 0, 4, 3);
    CHECK(t, info && imm.align == 0 && imm.offset == 4 && imm.lane == 3);
    info = READS(&imm, OP_prefix_fd, OPFD_v128_const, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                 13, 14, 15, 16);
    CHECK(t, info && imm.bytes && imm.bytes[0] == 1 && imm.bytes[15] == 16);
    /* Numbers that are no opcode fail closed. */
    CHECK(t, FAILS("illegal opcode", 0x06));
    CHECK(t, FAILS("illegal opcode", OP_prefix_fd, 0x9A, 0x01));
    CHECK(t, FAILS("illegal opcode", OP_prefix_fc, 18));
}

int main(void)
{
    check_counts counts = {0}, *t = &counts;
    test_reader(t);
    test_op_list(t);
    test_internal_ops(t);
    test_every_fixed_op(t, true);
    test_every_fixed_op(t, false);
    return check_report(t);
}
