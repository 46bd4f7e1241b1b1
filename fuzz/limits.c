/*
 * Resource limits: every wr_config limit is honoured, its default is safe, and input that
 * asks for more fails cleanly (an error or -1 from a grow), never by crashing or by
 * allocating what it asks for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "wasm_builder.h"
#include "wr.h"

/* A memory of `min` pages (and `max` when has_max), "grow": (i32 delta) -> i32 old and
 * "load": (i32 address) -> i32. */
static void memory_module(wbuf *m, uint32_t min, bool has_max, uint32_t max)
{
    wbuf_header(m);
    WBUF_SECTION(m, 1, 1, 0x60, 1, 0x7F, 1, 0x7F);
    WBUF_SECTION(m, 3, 2, 0, 0);
    wbuf limits = {0};
    WBUF_BYTES(&limits, 1, has_max);
    wbuf_uleb(&limits, min);
    if (has_max)
        wbuf_uleb(&limits, max);
    wbuf_section(m, 5, &limits);
    WBUF_SECTION(m, 7, 2, 4, 'g', 'r', 'o', 'w', 0, 0, 4, 'l', 'o', 'a', 'd', 0, 1);
    WBUF_SECTION(m, 10, 2, 6, 0, 0x20, 0, 0x40, 0, 0x0B, 7, 0, 0x20, 0, 0x28, 2, 0, 0x0B);
    wbuf_free(&limits);
}

/* A funcref table of `min` elements and "grow": (i32 delta) -> i32 old. */
static void table_module(wbuf *m, uint32_t ntables, uint32_t min)
{
    wbuf_header(m);
    WBUF_SECTION(m, 1, 1, 0x60, 1, 0x7F, 1, 0x7F);
    WBUF_SECTION(m, 3, 1, 0);
    wbuf tables = {0};
    wbuf_uleb(&tables, ntables);
    for (uint32_t i = 0; i < ntables; i++) {
        WBUF_BYTES(&tables, 0x70, 0);
        wbuf_uleb(&tables, min);
    }
    wbuf_section(m, 4, &tables);
    WBUF_SECTION(m, 7, 1, 4, 'g', 'r', 'o', 'w', 0, 0);
    /* ref.null func, local.get 0, table.grow 0 */
    WBUF_SECTION(m, 10, 1, 9, 0, 0xD0, 0x70, 0x20, 0, 0xFC, 15, 0, 0x0B);
    wbuf_free(&tables);
}

static wr_engine *engine_with(void (*set)(wr_config *))
{
    wr_config cfg;
    wr_config_default(&cfg);
    if (set)
        set(&cfg);
    wr_engine *e = wr_engine_new(&cfg);
    if (!e) {
        printf("FAIL out of memory making an engine\n");
        exit(1);
    }
    return e;
}

/* The module's bytes; running out of memory while building one ends the program, as it does
 * in engine_with. */
static const uint8_t *built(const wbuf *m)
{
    if (m->failed) {
        printf("FAIL out of memory building a module\n");
        exit(1);
    }
    return m->data;
}

/* Build and instantiate; on failure returns the error (and no instance). */
static wr_error *instantiate(wr_engine *e, const wbuf *m, wr_store **store, wr_instance **inst)
{
    wr_module *module = NULL;
    *store = NULL;
    *inst = NULL;
    wr_error *err = wr_module_new(e, built(m), m->len, &module);
    if (err)
        return err;
    *store = wr_store_new(e);
    if (!*store) {
        wr_module_free(module);
        return wr_trap_new("out of memory");
    }
    err = wr_instance_new(*store, module, NULL, 0, inst);
    wr_module_free(module);
    return err;
}

static int32_t call_i32(wr_store *store, wr_instance *inst, const char *name, int32_t arg,
                        wr_error **err)
{
    wr_val a = wr_val_i32(arg), r = wr_val_i32(0);
    *err = wr_func_call(store, wr_instance_func(inst, name), &a, 1, &r, 1);
    return r.of.i32;
}

/* ---------------------------------------------------------------- the checks */

static void test_defaults(check_counts *t)
{
    wr_config cfg;
    wr_config_default(&cfg);
    CHECK_MSG(t, cfg.max_memory_pages == 65536, "default max_memory_pages is 65536 (%u)",
              cfg.max_memory_pages);
    CHECK_MSG(t, cfg.max_table_elems == 10000000, "default max_table_elems is 10,000,000 (%u)",
              cfg.max_table_elems);
    CHECK_MSG(t, cfg.max_call_depth == 10000, "default max_call_depth is 10,000 (%u)",
              cfg.max_call_depth);
    CHECK_MSG(t, cfg.max_module_size == (size_t)1 << 30, "default max_module_size is 1 GiB (%zu)",
              cfg.max_module_size);
    CHECK_MSG(t, cfg.fuel == 0, "default fuel is unlimited");
    CHECK_MSG(t, cfg.bounds_checks, "memory accesses are checked by default");
}

static void pages_4(wr_config *c) { c->max_memory_pages = 4; }
static void pages_4_guarded(wr_config *c) { c->max_memory_pages = 4; c->bounds_checks = false; }
static void guarded(wr_config *c) { c->bounds_checks = false; }

static void test_memory(check_counts *t, bool guard_regions)
{
    printf("-- memory, %s\n", guard_regions ? "guard regions" : "checked accesses");
    wr_engine *e = engine_with(guard_regions ? pages_4_guarded : pages_4);
    wbuf m = {0};
    wr_store *store;
    wr_instance *inst;
    wr_error *err;

    memory_module(&m, 1, false, 0);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, !err, "memory of 1 page under a 4-page cap instantiates");
    if (!err) {
        CHECK_MSG(t, call_i32(store, inst, "grow", 3, &err) == 1 && !err, "memory.grow to the cap works");
        CHECK_MSG(t, call_i32(store, inst, "grow", 1, &err) == -1 && !err,
                  "memory.grow past max_memory_pages returns -1");
        CHECK_MSG(t, call_i32(store, inst, "grow", 0x10000, &err) == -1 && !err,
                  "memory.grow by 65536 pages returns -1");
        CHECK_MSG(t, call_i32(store, inst, "grow", -1, &err) == -1 && !err,
                  "memory.grow by 0xFFFFFFFF pages returns -1");
        wr_memory *mem = wr_instance_memory(inst);
        CHECK_MSG(t, mem && wr_memory_pages(mem) == 4, "the memory stays at 4 pages");
        static const int32_t outside[] = {4 * 65536 - 3, 4 * 65536, 5 * 65536, -4};
        for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
            call_i32(store, inst, "load", outside[i], &err);
            CHECK_MSG(t, err && wr_error_trap_kind(err) == WR_TRAP_MEMORY_OOB,
                      "a load at 0x%x past the 4 pages traps (%s)", (unsigned)outside[i],
                      err ? wr_error_message(err) : "no trap");
            wr_error_free(err);
        }
        CHECK_MSG(t, call_i32(store, inst, "load", 4 * 65536 - 4, &err) == 0 && !err,
                  "the last word loads");
        uint32_t old;
        CHECK_MSG(t, mem && !wr_memory_grow(mem, 1, &old), "wr_memory_grow past the cap fails");
    }
    wr_error_free(err);
    wr_store_free(store);

    memory_module(&m, 1, true, 65536);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, !err, "a declared maximum above the cap still instantiates");
    if (!err)
        CHECK_MSG(t, call_i32(store, inst, "grow", 4, &err) == -1 && !err,
                  "but memory.grow stops at the cap");
    wr_error_free(err);
    wr_store_free(store);

    memory_module(&m, 5, false, 0);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_LIMIT,
              "a memory of 5 pages under a 4-page cap fails with a limit error (%s)",
              err ? wr_error_message(err) : "instantiated");
    wr_error_free(err);
    wr_store_free(store);

    memory_module(&m, 65536, false, 0);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_LIMIT, "a 4 GiB memory fails cleanly (%s)",
              err ? wr_error_message(err) : "instantiated");
    wr_error_free(err);
    wr_store_free(store);

    store = wr_store_new(e);
    wr_memtype big = {.limits = {.min = 5}};
    CHECK_MSG(t, store && wr_memory_new(store, &big) == NULL,
              "wr_memory_new above the cap returns NULL");
    wr_store_free(store);
    wr_engine_free(e);

    /* With the default limits: a 4 GiB maximum is reserved, not committed; grow past it is -1. */
    e = engine_with(guard_regions ? guarded : NULL);
    memory_module(&m, 1, false, 0);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, !err, "default limits: memory instantiates");
    if (!err) {
        CHECK_MSG(t, call_i32(store, inst, "grow", 65535, &err) == 1 && !err,
                  "default limits: memory.grow to 65536 pages (4 GiB, reserved lazily) works");
        CHECK_MSG(t, call_i32(store, inst, "grow", 1, &err) == -1 && !err,
                  "default limits: memory.grow past 4 GiB returns -1");
    }
    wr_error_free(err);
    wr_store_free(store);
    wr_engine_free(e);
    wbuf_free(&m);
}

static void elems_1000(wr_config *c) { c->max_table_elems = 1000; }

static void test_tables(check_counts *t)
{
    wr_engine *e = engine_with(elems_1000);
    wbuf m = {0};
    wr_store *store;
    wr_instance *inst;
    wr_error *err;

    table_module(&m, 1, 10);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, !err, "table of 10 under a 1000-element cap instantiates");
    if (!err) {
        CHECK_MSG(t, call_i32(store, inst, "grow", 990, &err) == 10 && !err,
                  "table.grow to the cap works");
        CHECK_MSG(t, call_i32(store, inst, "grow", 1, &err) == -1 && !err,
                  "table.grow past max_table_elems returns -1");
        CHECK_MSG(t, call_i32(store, inst, "grow", -1, &err) == -1 && !err,
                  "table.grow by 0xFFFFFFFF returns -1");
    }
    wr_error_free(err);
    wr_store_free(store);

    table_module(&m, 1, 1001);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_LIMIT,
              "a table of 1001 under a 1000 cap fails with a limit error (%s)",
              err ? wr_error_message(err) : "instantiated");
    wr_error_free(err);
    wr_store_free(store);
    wr_engine_free(e);

    e = engine_with(NULL);
    table_module(&m, 1, UINT32_MAX);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_LIMIT,
              "default engine: a table of 2^32-1 elements fails cleanly (%s)",
              err ? wr_error_message(err) : "instantiated");
    wr_error_free(err);
    wr_store_free(store);
    wr_engine_free(e);
    wbuf_free(&m);
}

static void test_data_segments(check_counts *t)
{
    wr_engine *e = engine_with(NULL);
    wbuf m = {0};
    wr_store *store;
    wr_instance *inst;

    /* A data segment claiming 4 GiB of bytes that are not there: malformed, nothing allocated. */
    wbuf_header(&m);
    WBUF_SECTION(&m, 5, 1, 0, 1);
    WBUF_SECTION(&m, 11, 1, 0, 0x41, 0, 0x0B, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2, 3);
    wr_error *err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_MALFORMED,
              "a data segment longer than the module is malformed (%s)",
              err ? wr_error_message(err) : "accepted");
    wr_error_free(err);
    wr_store_free(store);

    /* Counts the bytes cannot back. */
    static const uint8_t counts[][2] = {{1, 0}, {3, 0}, {4, 0}, {5, 0}, {6, 0}, {9, 0}, {11, 0}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        wbuf_header(&m);
        uint8_t id = counts[i][0];
        const uint8_t body[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
        wbuf_section_bytes(&m, id, body, sizeof body);
        err = instantiate(e, &m, &store, &inst);
        CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_MALFORMED,
                  "section %u with 2^32-1 entries and no bytes is malformed (%s)", id,
                  err ? wr_error_message(err) : "accepted");
        wr_error_free(err);
        wr_store_free(store);
    }

    /* A segment placed past the end of memory traps at instantiation. */
    wbuf_header(&m);
    WBUF_SECTION(&m, 5, 1, 0, 1);
    WBUF_SECTION(&m, 11, 1, 0, 0x41, 0xFF, 0xFF, 0x03, 0x0B, 2, 1, 2);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_TRAP &&
                  wr_error_trap_kind(err) == WR_TRAP_MEMORY_OOB,
              "a data segment past the end of memory traps (%s)",
              err ? wr_error_message(err) : "instantiated");
    wr_error_free(err);
    wr_store_free(store);
    wr_engine_free(e);
    wbuf_free(&m);
}

/* One function () -> () with the given body (locals included). */
static void function_module(wbuf *m, const uint8_t *body, size_t n)
{
    wbuf_header(m);
    WBUF_SECTION(m, 1, 1, 0x60, 0, 0);
    WBUF_SECTION(m, 3, 1, 0);
    wbuf code = {0};
    wbuf_uleb(&code, 1);
    wbuf_uleb(&code, n);
    wbuf_bytes(&code, body, n);
    wbuf_section(m, 10, &code);
    wbuf_free(&code);
}

static void test_code_shapes(check_counts *t)
{
    wr_engine *e = engine_with(NULL);
    wbuf m = {0};
    static const uint8_t many_locals[] = {2, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F,
                                          0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7E, 0x0B};
    function_module(&m, many_locals, sizeof many_locals);
    wr_error *err = wr_module_validate(e, built(&m), m.len);
    CHECK_MSG(t, err != NULL, "2^33 locals are refused (%s)", err ? wr_error_message(err) : "accepted");
    wr_error_free(err);

    static const uint8_t huge_br_table[] = {0, 0x41, 0, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B};
    function_module(&m, huge_br_table, sizeof huge_br_table);
    err = wr_module_validate(e, built(&m), m.len);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_MALFORMED,
              "a br_table of 2^32-1 labels with no bytes is malformed (%s)",
              err ? wr_error_message(err) : "accepted");
    wr_error_free(err);

    /* Deep nesting must not recurse on the host stack. */
    enum { DEPTH = 20000 };
    static uint8_t nested[1 + 2 * 2 * DEPTH + 1];
    size_t n = 0;
    nested[n++] = 0;
    for (int i = 0; i < DEPTH; i++) {
        nested[n++] = 0x02;
        nested[n++] = 0x40;
    }
    for (int i = 0; i < DEPTH; i++)
        nested[n++] = 0x0B;
    nested[n++] = 0x0B;
    function_module(&m, nested, n);
    wr_module *module = NULL;
    err = wr_module_new(e, built(&m), m.len, &module);
    CHECK_MSG(t, !err, "20,000 nested blocks build (%s)", err ? wr_error_message(err) : "ok");
    wr_error_free(err);
    wr_module_free(module);
    wr_engine_free(e);
    wbuf_free(&m);
}

static void size_100(wr_config *c) { c->max_module_size = 100; }

static void test_module_size(check_counts *t)
{
    wr_engine *e = engine_with(size_100);
    wbuf m = {0};
    wbuf_header(&m);
    uint8_t custom[150] = {4, 'p', 'a', 'd', 's'};
    wbuf_section_bytes(&m, 0, custom, sizeof custom);
    wr_module *module = NULL;
    wr_error *err = wr_module_new(e, built(&m), m.len, &module);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_LIMIT,
              "a module over max_module_size is refused by wr_module_new (%s)",
              err ? wr_error_message(err) : "accepted");
    wr_error_free(err);
    wr_module_free(module);
    err = wr_module_validate(e, built(&m), m.len);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_LIMIT,
              "and by wr_module_validate (%s)", err ? wr_error_message(err) : "accepted");
    wr_error_free(err);
    wr_engine_free(e);
    wbuf_free(&m);
}

/* "f": calls itself forever; "spin": loops forever; both () -> (). With `locals` extra i64
 * locals in "f", so each frame is large. */
static void runaway_module(wbuf *m, uint32_t locals)
{
    wbuf_header(m);
    WBUF_SECTION(m, 1, 1, 0x60, 0, 0);
    WBUF_SECTION(m, 3, 2, 0, 0);
    WBUF_SECTION(m, 7, 2, 1, 'f', 0, 0, 4, 's', 'p', 'i', 'n', 0, 1);
    wbuf code = {0};
    wbuf f = {0};
    if (locals) {
        wbuf_uleb(&f, 1);
        wbuf_uleb(&f, locals);
        wbuf_byte(&f, 0x7E);
    } else {
        wbuf_uleb(&f, 0);
    }
    static const uint8_t call_self[] = {0x10, 0, 0x0B};
    wbuf_bytes(&f, call_self, sizeof call_self);
    wbuf_byte(&code, 2);
    wbuf_sized(&code, &f);
    static const uint8_t spin[] = {7, 0, 0x03, 0x40, 0x0C, 0, 0x0B, 0x0B};
    wbuf_bytes(&code, spin, sizeof spin);
    wbuf_section(m, 10, &code);
    wbuf_free(&code);
    wbuf_free(&f);
}

static void depth_100(wr_config *c) { c->max_call_depth = 100; c->fuel = 5000; }

static void test_calls(check_counts *t)
{
    static const uint32_t locals[] = {0, 1000, 50000};
    for (int config = 0; config < 2; config++) {
        wr_engine *e = engine_with(config ? depth_100 : NULL);
        for (size_t i = 0; i < sizeof locals / sizeof locals[0]; i++) {
            wbuf m = {0};
            wr_store *store;
            wr_instance *inst;
            runaway_module(&m, locals[i]);
            wr_error *err = instantiate(e, &m, &store, &inst);
            if (err) {
                CHECK_MSG(t, wr_error_kind_of(err) != WR_ERR_TRAP,
                          "%s engine: recursion with %u locals refused at load (%s)",
                          config ? "depth-100" : "default", locals[i], wr_error_message(err));
                wr_error_free(err);
                wr_store_free(store);
                wbuf_free(&m);
                continue;
            }
            err = wr_func_call(store, wr_instance_func(inst, "f"), NULL, 0, NULL, 0);
            CHECK_MSG(t, err && wr_error_trap_kind(err) == WR_TRAP_STACK_EXHAUSTED,
                      "%s engine: unbounded recursion with %u locals traps with "
                      "\"call stack exhausted\" (%s)",
                      config ? "depth-100" : "default", locals[i],
                      err ? wr_error_message(err) : "returned");
            wr_error_free(err);
            if (config) {
                err = wr_func_call(store, wr_instance_func(inst, "spin"), NULL, 0, NULL, 0);
                CHECK_MSG(t, err && wr_error_trap_kind(err) == WR_TRAP_OUT_OF_FUEL,
                          "fuel 5000: an endless loop traps with \"all fuel consumed\" (%s)",
                          err ? wr_error_message(err) : "returned");
                wr_error_free(err);
                err = wr_func_call(store, wr_instance_func(inst, "spin"), NULL, 0, NULL, 0);
                CHECK_MSG(t, err && wr_error_trap_kind(err) == WR_TRAP_OUT_OF_FUEL,
                          "fuel is per call: the next call runs out again (%s)",
                          err ? wr_error_message(err) : "returned");
                wr_error_free(err);
            }
            wr_store_free(store);
            wbuf_free(&m);
        }
        wr_engine_free(e);
    }
}

/* ---------------------------------------------------------------- budgets */

/* An error of kind WR_ERR_LIMIT whose message names the setting. */
static bool names_limit(const wr_error *err, const char *setting)
{
    return err && wr_error_kind_of(err) == WR_ERR_LIMIT && strstr(wr_error_message(err), setting);
}

static const char *message_of(const wr_error *err) { return err ? wr_error_message(err) : "no error"; }

/* Instantiate m once more in store; the error, or NULL with the instance in *inst. */
static wr_error *instantiate_in(wr_engine *e, wr_store *store, const wbuf *m, wr_instance **inst)
{
    wr_module *module = NULL;
    *inst = NULL;
    wr_error *err = wr_module_new(e, built(m), m->len, &module);
    if (!err)
        err = wr_instance_new(store, module, NULL, 0, inst);
    wr_module_free(module);
    return err;
}

/* Instantiate m `times` times in one fresh store; the error of the last one. */
static wr_error *instantiate_times(wr_engine *e, const wbuf *m, int times, wr_store **store,
                                   wr_instance **inst)
{
    *store = wr_store_new(e);
    wr_error *err = NULL;
    for (int i = 0; i < times && !err; i++)
        err = instantiate_in(e, *store, m, inst);
    return err;
}

/* `n` immutable i32 globals; with `passive` passive data segments of one byte. */
static void globals_module(wbuf *m, uint32_t n, uint32_t passive)
{
    wbuf_header(m);
    wbuf body = {0};
    wbuf_uleb(&body, n);
    for (uint32_t i = 0; i < n; i++) {
        static const uint8_t global[] = {0x7F, 0, 0x41, 0, 0x0B};
        wbuf_bytes(&body, global, sizeof global);
    }
    wbuf_section(m, 6, &body);
    wbuf_reset(&body);
    wbuf_uleb(&body, passive);
    for (uint32_t i = 0; i < passive; i++) {
        static const uint8_t seg[] = {1, 1, 42};
        wbuf_bytes(&body, seg, sizeof seg);
    }
    wbuf_section(m, 11, &body);
    wbuf_free(&body);
}

static void store_small(wr_config *c)
{
    c->max_store_table_elems = 100;
    c->max_store_memory_pages = 3;
    c->max_store_functions = 4;
    c->max_store_globals = 3;
}

static void test_store_budget(check_counts *t)
{
    printf("-- store budget\n");
    wr_engine *e = engine_with(NULL);
    wbuf m = {0};
    wr_store *store;
    wr_instance *inst;
    /* 3 tables of 4M elements (96 MB) are more than the default 10M in total. */
    table_module(&m, 3, 4000000);
    wr_error *err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, names_limit(err, "max_store_table_elems"),
          "default engine: 3 tables of 4M elements exceed the store's budget (%s)", message_of(err));
    wr_error_free(err);
    wr_store_free(store);
    wr_engine_free(e);

    e = engine_with(store_small);
    table_module(&m, 1, 60);
    err = instantiate_times(e, &m, 1, &store, &inst);
    CHECK_MSG(t, !err, "a table of 60 in a 100-element store instantiates (%s)", message_of(err));
    if (!err) {
        CHECK_MSG(t, call_i32(store, inst, "grow", 40, &err) == 60 && !err, "table.grow to the budget works");
        CHECK_MSG(t, call_i32(store, inst, "grow", 1, &err) == -1 && !err,
              "table.grow past max_store_table_elems returns -1");
        wr_tabletype type = {WR_FUNCREF, {1, 0, false}, false};
        CHECK_MSG(t, wr_table_new(store, &type, (wr_val){.type = WR_FUNCREF}) == NULL,
              "wr_table_new past the budget returns NULL");
        err = instantiate_in(e, store, &m, &inst);
        CHECK_MSG(t, names_limit(err, "max_store_table_elems"),
              "another instance's table does not fit (%s)", message_of(err));
    }
    wr_error_free(err);
    wr_store_free(store);

    memory_module(&m, 1, false, 0);
    err = instantiate_times(e, &m, 1, &store, &inst);
    CHECK_MSG(t, !err, "a memory of 1 page in a 3-page store instantiates (%s)", message_of(err));
    if (!err) {
        CHECK_MSG(t, call_i32(store, inst, "grow", 2, &err) == 1 && !err, "memory.grow to the budget works");
        CHECK_MSG(t, call_i32(store, inst, "grow", 1, &err) == -1 && !err,
              "memory.grow past max_store_memory_pages returns -1");
        wr_memtype type = {{1, 0, false}, false};
        CHECK_MSG(t, wr_memory_new(store, &type) == NULL, "wr_memory_new past the budget returns NULL");
        err = instantiate_in(e, store, &m, &inst);
        CHECK_MSG(t, names_limit(err, "max_store_memory_pages"),
              "another instance's memory does not fit (%s)", message_of(err));
    }
    wr_error_free(err);
    wr_store_free(store);

    /* memory_module has 2 functions: a third instance needs 6 of 4. */
    err = instantiate_times(e, &m, 3, &store, &inst);
    CHECK_MSG(t, names_limit(err, "max_store_functions"), "functions over the store's budget (%s)",
          message_of(err));
    wr_error_free(err);
    wr_functype ft = {0, 0, NULL, NULL};
    CHECK_MSG(t, wr_func_new_host(store, &ft, NULL, NULL, NULL) == NULL,
          "wr_func_new_host stops at the budget");
    wr_store_free(store);

    globals_module(&m, 2, 0);
    err = instantiate_times(e, &m, 2, &store, &inst);
    CHECK_MSG(t, names_limit(err, "max_store_globals"), "globals over the store's budget (%s)",
          message_of(err));
    wr_error_free(err);
    wr_globaltype gt = {WR_I32, false};
    CHECK_MSG(t, wr_global_new(store, &gt, wr_val_i32(1)) != NULL &&
              wr_global_new(store, &gt, wr_val_i32(1)) == NULL,
          "wr_global_new stops at the budget");
    wr_store_free(store);
    wr_engine_free(e);
    wbuf_free(&m);
}

static void counts_2(wr_config *c)
{
    c->max_instances = 2;
    c->max_memories = 2;
    c->max_tables = 2;
}

static void test_store_counts(check_counts *t)
{
    wr_engine *e = engine_with(counts_2);
    wbuf m = {0};
    wr_store *store;
    wr_instance *inst;
    globals_module(&m, 0, 0);
    wr_error *err = instantiate_times(e, &m, 3, &store, &inst);
    CHECK_MSG(t, names_limit(err, "max_instances"), "a third instance in a 2-instance store (%s)",
          message_of(err));
    wr_error_free(err);
    wr_store_free(store);

    memory_module(&m, 0, false, 0);
    err = instantiate_times(e, &m, 2, &store, &inst);
    CHECK_MSG(t, !err, "two memories fit a 2-memory store (%s)", message_of(err));
    wr_error_free(err);
    wr_memtype type = {{0, 0, false}, false};
    CHECK_MSG(t, wr_memory_new(store, &type) == NULL, "a third memory does not");
    wr_store_free(store);

    table_module(&m, 3, 1);
    err = instantiate_times(e, &m, 1, &store, &inst);
    CHECK_MSG(t, names_limit(err, "max_tables"), "3 tables in a 2-table store (%s)", message_of(err));
    wr_error_free(err);
    wr_store_free(store);
    wr_engine_free(e);
    wbuf_free(&m);
}

/* `n` 64-bit memories (memory64) of `min` pages each, no code. */
static void memory64_module(wbuf *m, uint32_t n, uint32_t min)
{
    wbuf_header(m);
    wbuf mems = {0};
    wbuf_uleb(&mems, n);
    for (uint32_t i = 0; i < n; i++) {
        wbuf_byte(&mems, 0x04);
        wbuf_uleb(&mems, min);
    }
    wbuf_section(m, 5, &mems);
    wbuf_free(&mems);
}

static void pages_70000(wr_config *c) { c->max_memory_pages = 70000; }

/* 64-bit memories past 4 GiB and several memories per instance, under the engine's cap
 * and the store's budget. */
static void test_memory64(check_counts *t)
{
    wbuf m = {0};
    wr_store *store;
    wr_instance *inst;
    wr_engine *e = engine_with(NULL);
    memory64_module(&m, 1, 70000);
    wr_error *err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, names_limit(err, "max_memory_pages"),
              "a 64-bit memory past the default cap fails naming it (%s)", message_of(err));
    wr_error_free(err);
    wr_store_free(store);
    wr_engine_free(e);

    /* Past 4 GiB when the cap allows (reserved, not committed), but two of them pass the
     * store's 8 GiB of pages. */
    e = engine_with(pages_70000);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, !err, "a 64-bit memory of 70000 pages under a cap of 70000 (%s)",
              message_of(err));
    wr_memory *mem = err ? NULL : wr_instance_memory(inst);
    CHECK_MSG(t, mem && wr_memory_pages(mem) == 70000 && wr_memory_type(mem).is64,
              "it has its 70000 pages and says it is 64-bit");
    wr_error_free(err);
    wr_store_free(store);
    memory64_module(&m, 2, 70000);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, names_limit(err, "max_store_memory_pages"),
              "two such memories in one instance pass the store's pages (%s)", message_of(err));
    wr_error_free(err);
    wr_store_free(store);
    /* A 32-bit memory still stops at 4 GiB whatever the cap says. */
    wr_memtype type32 = {{65537, 0, false}, false};
    store = wr_store_new(e);
    CHECK_MSG(t, store && wr_memory_new(store, &type32) == NULL,
              "a 32-bit memory of 65537 pages is refused under a cap of 70000");
    wr_store_free(store);
    wr_engine_free(e);

    /* Memories per instance count against the store's max_memories. */
    e = engine_with(counts_2);
    memory64_module(&m, 3, 0);
    err = instantiate(e, &m, &store, &inst);
    CHECK_MSG(t, names_limit(err, "max_memories"), "3 memories in a 2-memory store (%s)",
              message_of(err));
    wr_error_free(err);
    wr_store_free(store);
    wr_engine_free(e);
    wbuf_free(&m);
}

static void module_small(wr_config *c)
{
    c->max_functions = 1;
    c->max_globals = 1;
    c->max_segments = 1;
    c->max_function_size = 10;
}

static void check_module_limit(check_counts *t, wr_engine *e, const wbuf *m, const char *setting)
{
    wr_module *module = NULL;
    wr_error *err = wr_module_new(e, built(m), m->len, &module);
    CHECK_MSG(t, names_limit(err, setting), "wr_module_new refuses a module over %s (%s)", setting,
          message_of(err));
    wr_error_free(err);
    wr_module_free(module);
    err = wr_module_validate(e, built(m), m->len);
    CHECK_MSG(t, names_limit(err, setting), "and so does wr_module_validate (%s)", message_of(err));
    wr_error_free(err);
}

/* A section's id, size and entry count, for sections too big for a mod. */
static void vector_head(wbuf *m, uint8_t id, uint32_t count, size_t entry_bytes)
{
    wbuf count_leb = {0};
    wbuf_uleb(&count_leb, count);
    wbuf_byte(m, id);
    wbuf_uleb(m, count_leb.len + (uint64_t)count * entry_bytes);
    wbuf_bytes(m, count_leb.data, count_leb.len);
    wbuf_free(&count_leb);
}

/* 1,000,001 empty functions: 4 MB of module, once 553 MB of host memory. */
static void test_many_functions(check_counts *t, wr_engine *e)
{
    enum { N = 1000001 };
    wbuf head = {0}, code_head = {0};
    uint8_t *bytes = malloc((size_t)N * 4 + 64);
    wbuf_header(&head);
    WBUF_SECTION(&head, 1, 1, 0x60, 0, 0);
    vector_head(&head, 3, N, 1);
    vector_head(&code_head, 10, N, 3);
    if (!bytes || head.failed || code_head.failed) {
        CHECK_MSG(t, false, "out of memory building 1,000,001 functions");
        wbuf_free(&head), wbuf_free(&code_head), free(bytes);
        return;
    }
    size_t len = head.len;
    memcpy(bytes, head.data, len);
    memset(bytes + len, 0, N); /* every function of type 0 */
    len += N;
    memcpy(bytes + len, code_head.data, code_head.len);
    len += code_head.len;
    for (uint32_t i = 0; i < N; i++, len += 3)
        memcpy(bytes + len, "\x02\x00\x0B", 3); /* size 2, no locals, end */
    wr_module *module = NULL;
    wr_error *err = wr_module_new(e, bytes, len, &module);
    CHECK_MSG(t, names_limit(err, "max_functions"),
          "default engine: 1,000,001 functions are over max_functions (%s)", message_of(err));
    wr_error_free(err);
    wr_module_free(module);
    wbuf_free(&head), wbuf_free(&code_head), free(bytes);
}

static void test_module_budget(check_counts *t)
{
    printf("-- module limits\n");
    wr_engine *e = engine_with(module_small);
    wbuf m = {0};
    memory_module(&m, 0, false, 0);
    check_module_limit(t, e, &m, "max_functions");
    globals_module(&m, 2, 0);
    check_module_limit(t, e, &m, "max_globals");
    globals_module(&m, 0, 2);
    check_module_limit(t, e, &m, "max_segments");
    static const uint8_t nops[] = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0x0B};
    function_module(&m, nops, sizeof nops);
    check_module_limit(t, e, &m, "max_function_size");
    globals_module(&m, 1, 1);
    wr_error *err = wr_module_validate(e, built(&m), m.len);
    CHECK_MSG(t, !err, "a module at every limit validates (%s)", message_of(err));
    wr_error_free(err);
    wr_engine_free(e);

    e = engine_with(NULL);
    test_many_functions(t, e);
    wr_engine_free(e);
    wbuf_free(&m);
}

int main(void)
{
    check_counts counts = {0}, *t = &counts;
    test_defaults(t);
    test_memory(t, false);
    test_memory(t, true);
    test_tables(t);
    test_data_segments(t);
    test_module_size(t);
    test_code_shapes(t);
    test_calls(t);
    test_store_budget(t);
    test_store_counts(t);
    test_memory64(t);
    test_module_budget(t);
    return check_report(t);
}
