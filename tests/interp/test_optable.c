/*
 * The op tables agree with each other and with the interpreter:
 *   - every entry of the op list sits at its own opcode, in its own space;
 *   - every internal op has a length and a handler in both handler tables;
 *   - every wasm op with a fixed signature validates, translates and runs: for each one a
 *     module whose only function feeds it zeros, in both memory modes (a trap is a fine
 *     outcome, zero divided by zero traps; any other error is not).
 * An op that gains a line in decode/oplist.h without a translation or handler fails here.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../decode/builder.h"
#include "decode/ops.h"
#include "harness.h"
#include "interp/code.h"

static void check_space(const wr_opinfo *table, uint32_t size, uint8_t prefix, unsigned *count)
{
    for (uint32_t i = 0; i < size; i++) {
        if (!table[i].name)
            continue;
        (*count)++;
        CHECK(table[i].code == i && table[i].prefix == prefix);
        /* A fixed signature has sane arities; a cast keeps the slot count. */
        CHECK(table[i].nparams <= 3 && table[i].nresults <= 1);
        CHECK(!table[i].cast || (table[i].nparams == 1 && table[i].nresults == 1));
    }
}

static void test_op_list(void)
{
    unsigned single = 0, fc = 0, fd = 0;
    check_space(wr_opinfo_single_table, 256, 0, &single);
    check_space(wr_opinfo_fc_table, OPFC_COUNT, OP_prefix_fc, &fc);
    check_space(wr_opinfo_fd_table, OPFD_COUNT, OP_prefix_fd, &fd);
    /* WebAssembly 2.0: 236 SIMD ops, 18 of the 0xFC family. */
    CHECK(fd == 236);
    CHECK(fc == 18);
    CHECK(single > 0 && !wr_opinfo_single(OP_prefix_fc) && !wr_opinfo_single(OP_prefix_fd));
    CHECK(!wr_opinfo_fc(OPFC_COUNT) && !wr_opinfo_fd(UINT32_MAX));
}

static void test_internal_ops(void)
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
    CHECK(missing == 0);
    CHECK(wr_iop_words[IOP_NONE] == 0);
}

/* The immediates of op: the largest alignment allowed, offset 0, lane 0, zero bytes. */
static void immediates(buf *b, const wr_opinfo *info)
{
    switch ((wr_immkind)info->imm) {
    case WR_IMM_NONE:
        break;
    case WR_IMM_I32:
    case WR_IMM_I64:
        BYTES(b, 0);
        break;
    case WR_IMM_F32:
        BYTES(b, 0, 0, 0, 0);
        break;
    case WR_IMM_F64:
        BYTES(b, 0, 0, 0, 0, 0, 0, 0, 0);
        break;
    case WR_IMM_V128:
    case WR_IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            BYTES(b, 0);
        break;
    case WR_IMM_MEMARG:
        BYTES(b, info->align, 0);
        break;
    case WR_IMM_LANE:
        BYTES(b, 0);
        break;
    case WR_IMM_MEMARG_LANE:
        BYTES(b, info->align, 0, 0);
        break;
    default:
        /* No op with a fixed signature has another kind. */
        CHECK(!"an immediate kind for a fixed signature");
        break;
    }
}

/* (module (memory 1) (func (export "f") (param <op's params>) local.get 0 .. op drop?)) */
static void build_module(buf *mod, const wr_opinfo *info)
{
    buf s, body;
    header(mod);
    clear(&s);
    BYTES(&s, 1, 0x60);
    leb(&s, info->nparams);
    put(&s, info->params, info->nparams);
    BYTES(&s, 0);
    section(mod, 1, &s);
    clear(&s);
    BYTES(&s, 1, 0);
    section(mod, 3, &s);
    clear(&s);
    BYTES(&s, 1, 0, 1);
    section(mod, 5, &s);
    clear(&s);
    BYTES(&s, 1);
    str(&s, "f");
    BYTES(&s, 0, 0);
    section(mod, 7, &s);
    clear(&body);
    BYTES(&body, 0);
    for (uint8_t i = 0; i < info->nparams; i++)
        BYTES(&body, 0x20, i);
    if (info->prefix)
        BYTES(&body, info->prefix);
    leb(&body, info->code);
    immediates(&body, info);
    if (info->nresults)
        BYTES(&body, 0x1A);
    BYTES(&body, 0x0B);
    clear(&s);
    BYTES(&s, 1);
    leb(&s, body.n);
    put(&s, body.b, body.n);
    section(mod, 10, &s);
}

/* Builds and runs op's module; false with a message when it fails other than by a trap. */
static bool run_op(wr_engine *engine, const wr_opinfo *info)
{
    buf mod;
    build_module(&mod, info);
    wr_module *m = NULL;
    wr_store *store = NULL;
    wr_instance *inst = NULL;
    wr_error *err = wr_module_new(engine, mod.b, mod.n, &m);
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
    bool ok = !err || wr_error_kind_of(err) == WR_ERR_TRAP;
    if (!ok)
        fprintf(stderr, "%s: %s\n", info->name, wr_error_message(err));
    wr_error_free(err);
    wr_store_free(store);
    wr_module_free(m);
    return ok;
}

static void run_space(wr_engine *engine, const wr_opinfo *table, uint32_t size, unsigned *ran)
{
    unsigned failures = 0;
    for (uint32_t i = 0; i < size; i++) {
        if (!table[i].name || !wr_opinfo_fixed(&table[i]))
            continue;
        failures += !run_op(engine, &table[i]);
        (*ran)++;
    }
    CHECK(failures == 0);
}

static void test_every_fixed_op(bool bounds_checks)
{
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.bounds_checks = bounds_checks;
    wr_engine *engine = wr_engine_new(&cfg);
    CHECK(engine != NULL);
    if (!engine)
        return;
    unsigned ran = 0;
    run_space(engine, wr_opinfo_single_table, 256, &ran);
    run_space(engine, wr_opinfo_fc_table, OPFC_COUNT, &ran);
    run_space(engine, wr_opinfo_fd_table, OPFD_COUNT, &ran);
    /* 2.0: 155 single-byte (128 numeric, 4 constants, 23 loads and stores), 8 saturating
     * truncations, 236 SIMD. */
    CHECK(ran == 155 + 8 + 236);
    wr_engine_free(engine);
}

int main(void)
{
    test_op_list();
    test_internal_ops();
    test_every_fixed_op(true);
    test_every_fixed_op(false);
    printf("%u passed, %u failed\n", passed, failed);
    return failed != 0;
}
