/*
 * Exception handling (3.0) through the public API, with guests/host_exceptions.wasm: the
 * uncaught exception as its own error kind with its tag and values, host functions that
 * throw (wr_exception_new) or pass on a nested call's exception, exnrefs kept in a global
 * across calls, and the store's budget of live exceptions; on the interpreter and the
 * compiled tier; then the reactor's status, the wasm.h trap, and tags and exnref values
 * through wasm.h (guests/wasm_h_tags.wasm).
 * usage: test_exceptions GUESTS_DIR
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "wr.h"
#include "wr_reactor.h"
#include "wr_wasm.h"
#include "wasm_h_guest.h"

typedef struct {
    wr_exntag *err;
    wr_instance *inst;
} host_env;

/* "fail": throws err(x) when x < 0. */
static wr_error *host_fail(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)results;
    host_env *h = env;
    if (args[0].of.i32 >= 0)
        return NULL;
    return wr_exception_new(wr_caller_store(caller), h->err, args, 1);
}

/* "call_back": calls the guest's throw_err(x) and returns what it ended with. */
static wr_error *host_call_back(wr_caller *caller, const wr_val *args, wr_val *results,
                                void *env)
{
    (void)results;
    host_env *h = env;
    wr_func *f = wr_instance_func(h->inst, "throw_err");
    if (!f)
        return wr_trap_new("no throw_err");
    return wr_func_call(wr_caller_store(caller), f, args, 1, NULL, 0);
}

/* Calls export name with its i32 argument if it takes one, and at most one i32 result. */
static wr_error *call(wr_store *store, wr_instance *inst, const char *name, int32_t arg,
                      int32_t *out)
{
    wr_func *f = wr_instance_func(inst, name);
    if (!f)
        return wr_trap_new("no export %s", name);
    wr_val a = wr_val_i32(arg), r = {0};
    const wr_functype *type = wr_func_type(f);
    wr_error *err = wr_func_call(store, f, &a, type->nparams, &r, type->nresults);
    if (out)
        *out = err ? 0 : r.of.i32;
    return err;
}

/* The call ends with an uncaught exception of tag carrying i32 value first. */
static void check_exception(check_counts *t, wr_error *err, const wr_exntag *tag, int32_t first)
{
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_EXCEPTION, "expected an exception, got %s",
              err ? wr_error_message(err) : "success");
    if (!err)
        return;
    size_t n;
    const wr_val *values = wr_error_exception_values(err, &n);
    CHECK(t, wr_error_exception_tag(err) == tag);
    CHECK(t, wr_error_trap_kind(err) == WR_TRAP_NONE);
    CHECK(t, n >= 1 && values[0].type == WR_I32 && values[0].of.i32 == first);
    wr_error_free(err);
}

static void run(check_counts *t, const char *dir, uint64_t max_exceptions, wr_tier tier)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/host_exceptions.wasm", dir);
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.max_store_exceptions = max_exceptions;
    cfg.tier = tier;
    wr_engine *engine = wr_engine_new(&cfg);
    REQUIRE(t, engine);
    wr_module *module = NULL;
    REQUIRE_OK(t, wr_module_load(engine, path, &module));
    wr_store *store = wr_store_new(engine);
    REQUIRE(t, store);

    static const wr_valtype i32[] = {WR_I32};
    wr_functype tag_type = {1, 0, i32, NULL}, fn_type = {1, 0, i32, NULL};
    host_env env = {0};
    env.err = wr_exntag_new(store, &tag_type);
    REQUIRE(t, env.err);
    CHECK(t, wr_exntag_type(env.err)->nparams == 1 && wr_exntag_type(env.err)->params[0] == WR_I32);
    wr_functype with_result = {1, 1, i32, i32};
    CHECK(t, !wr_exntag_new(store, &with_result)); /* tags have no results */
    wr_func *fail = wr_func_new_host(store, &fn_type, host_fail, &env, NULL);
    wr_func *call_back = wr_func_new_host(store, &fn_type, host_call_back, &env, NULL);
    REQUIRE(t, fail && call_back);
    wr_extern imports[] = {
        {.kind = WR_EXTERN_TAG, .of.tag = env.err},
        {.kind = WR_EXTERN_FUNC, .of.func = fail},
        {.kind = WR_EXTERN_FUNC, .of.func = call_back},
    };
    REQUIRE_OK(t, wr_instance_new(store, module, imports, 3, &env.inst));

    /* A tag of the right type that is another object is another tag: a link error is not
     * due, but a catch of the imported one does not take it. */
    int32_t r;
    CHECK_OK(t, call(store, env.inst, "catch_host", 5, &r));
    CHECK_EQ(t, r, 0);
    CHECK_OK(t, call(store, env.inst, "catch_host", -7, &r));
    CHECK_EQ(t, r, 1000 - 7);
    CHECK_OK(t, call(store, env.inst, "catch_nested", -9, &r));
    CHECK_EQ(t, r, 2000 - 9);

    /* Uncaught: the tag is the host's own object, the values are the thrown ones. */
    check_exception(t, call(store, env.inst, "throw_err", 42, NULL), env.err, 42);
    wr_extern local;
    REQUIRE(t, wr_instance_export(env.inst, "local", 5, &local) && local.kind == WR_EXTERN_TAG);
    wr_error *err = call(store, env.inst, "throw_local", 3, NULL);
    if (err) {
        size_t n;
        const wr_val *v = wr_error_exception_values(err, &n);
        CHECK(t, n == 2 && v[1].type == WR_I64 && v[1].of.i64 == -5);
        CHECK_EQ(t, wr_exntag_type(local.of.tag)->nparams, 2);
    }
    check_exception(t, err, local.of.tag, 3);

    /* wr_exception_new checks what it is given. */
    wr_val wrong = wr_val_i64(1);
    err = wr_exception_new(store, env.err, &wrong, 1);
    CHECK(t, wr_error_kind_of(err) == WR_ERR_ARG);
    wr_error_free(err);
    err = wr_exception_new(store, env.err, NULL, 0);
    CHECK(t, wr_error_kind_of(err) == WR_ERR_ARG);
    wr_error_free(err);

    /* An exnref kept in a global outlives the call that caught it. */
    CHECK_OK(t, call(store, env.inst, "keep", 77, NULL));
    check_exception(t, call(store, env.inst, "rethrow_kept", 0, NULL), env.err, 77);
    check_exception(t, call(store, env.inst, "rethrow_kept", 0, NULL), env.err, 77);
    CHECK_OK(t, call(store, env.inst, "forget", 0, NULL));
    err = call(store, env.inst, "rethrow_kept", 0, NULL);
    CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_NULL_EXNREF);
    wr_error_free(err);

    /* Exceptions caught without their reference are freed at once, those caught with it
     * when the call returns: neither piles up over calls. */
    for (int i = 0; i < 50; i++) {
        CHECK_OK(t, call(store, env.inst, "catch_plain", 1000, NULL));
        CHECK_OK(t, call(store, env.inst, "catch_refs", 10, NULL));
    }
    /* More exnrefs alive in one call than the budget allows. */
    err = call(store, env.inst, "catch_refs", 100, NULL);
    CHECK_MSG(t, err && wr_error_kind_of(err) == WR_ERR_LIMIT &&
                     strstr(wr_error_message(err), "max_store_exceptions"),
              "expected max_store_exceptions, got %s", err ? wr_error_message(err) : "success");
    wr_error_free(err);
    CHECK_OK(t, call(store, env.inst, "catch_refs", 10, NULL));

    wr_store_free(store);
    wr_module_free(module);
    wr_engine_free(engine);
}

/* A reactor call ending with an uncaught exception has its own status and error; with
 * fresh_after_failure the next call runs on a new instance, as after a trap. */
static void run_reactor(check_counts *t, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/reactor_exceptions.wasm", dir);
    wr_engine *engine = wr_engine_new(NULL);
    REQUIRE(t, engine);
    wr_module *module = NULL;
    REQUIRE_OK(t, wr_module_load(engine, path, &module));
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.fresh_after_failure = true;
    wr_reactor *r = NULL;
    REQUIRE_OK(t, wr_reactor_new(module, &cfg, &r));
    wr_val arg = wr_val_i32(1);
    wr_future *f = NULL;
    CHECK_OK(t, wr_reactor_call(r, "work", &arg, 1, NULL, &f));
    if (f) {
        size_t n;
        CHECK(t, wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_OK);
        const wr_val *res = wr_future_results(f, &n);
        CHECK(t, n == 1 && res[0].of.i32 == 1);
        wr_future_free(f);
    }
    arg = wr_val_i32(-3);
    f = NULL;
    CHECK_OK(t, wr_reactor_call(r, "work", &arg, 1, NULL, &f));
    if (f) {
        CHECK(t, wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_EXCEPTION);
        CHECK(t, wr_future_state_of(f) == WR_FUTURE_FAILED);
        const wr_error *err = wr_future_error(f);
        size_t n = 0;
        const wr_val *v = err ? wr_error_exception_values(err, &n) : NULL;
        CHECK(t, err && wr_error_kind_of(err) == WR_ERR_EXCEPTION && wr_error_exception_tag(err));
        CHECK(t, n == 1 && v[0].of.i32 == -3);
        const char *message = wr_future_message(f);
        CHECK(t, message && strstr(message, "uncaught exception"));
        wr_future_free(f);
    }
    arg = wr_val_i32(1);
    f = NULL;
    CHECK_OK(t, wr_reactor_call(r, "work", &arg, 1, NULL, &f));
    if (f) {
        size_t n;
        CHECK(t, wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_OK);
        const wr_val *res = wr_future_results(f, &n);
        CHECK_MSG(t, n == 1 && res[0].of.i32 == 1, "expected a fresh instance after the exception");
        wr_future_free(f);
    }
    wr_reactor_free(r);
    wr_module_free(module);
    wr_engine_free(engine);
}

/* Through wasm.h: the uncaught exception is a wasm_trap_t that carries its error. */
static void run_wasm_h(check_counts *t, const char *dir)
{
    wasm_engine_t *engine;
    wasm_store_t *store;
    wasm_module_t *module =
        wasm_h_guest(t, dir, "cpp_exceptions.wasm", WR_TIER_INTERP, &engine, &store);
    if (!module)
        return;
    wasm_trap_t *trap = NULL;
    wasm_extern_vec_t none_imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &none_imports, &trap);
    REQUIRE(t, instance && !trap);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    REQUIRE(t, exports.size == 3);
    const wasm_func_t *run = wasm_extern_as_func(exports.data[1]);
    REQUIRE(t, run);
    wasm_val_t a[2] = {WASM_I32_VAL(3), WASM_I32_VAL(-8)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    CHECK(t, wasm_func_call(run, &args, &results) == NULL && r[0].of.i32 == 8004);
    a[1].of.i32 = 0;
    trap = wasm_func_call(run, &args, &results);
    CHECK(t, trap && wr_wasm_trap_exception(trap));
    if (trap) {
        const wr_error *err = wr_wasm_trap_exception(trap);
        size_t n = 0;
        const wr_val *v = err ? wr_error_exception_values(err, &n) : NULL;
        CHECK(t, err && wr_error_kind_of(err) == WR_ERR_EXCEPTION && n == 1 && v[0].of.i32 == 16);
        wasm_message_t message;
        wasm_trap_message(trap, &message);
        CHECK(t, message.size && strstr(message.data, "uncaught exception"));
        wasm_byte_vec_delete(&message);
        wasm_trap_delete(trap);
    }
    a[1].of.i32 = -1;
    trap = wasm_func_call(run, &args, &results);
    CHECK(t, !trap && r[0].of.i32 == 1004);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

/* A wasm.h function type of the given parameter kinds and no results. */
static wasm_functype_t *params_type(size_t n, const wasm_valkind_t *kinds)
{
    wasm_valtype_t *types[4];
    for (size_t i = 0; i < n; i++)
        types[i] = wasm_valtype_new(kinds[i]);
    return wr_wasm_functype_new_arrays(n, types, 0, NULL);
}

/* The kinds of a tag type's parameters, as one number (i32 i64 -> 0x0001): an easy compare. */
static unsigned tag_params(const wasm_externtype_t *type)
{
    const wasm_tagtype_t *tt = wasm_externtype_as_tagtype_const(type);
    if (!tt || wasm_functype_results(wasm_tagtype_functype(tt))->size)
        return 0xdead;
    const wasm_valtype_vec_t *ps = wasm_functype_params(wasm_tagtype_functype(tt));
    unsigned code = 0;
    for (size_t i = 0; i < ps->size; i++)
        code = code << 4 | wasm_valtype_kind(ps->data[i]);
    return code | (unsigned)ps->size << 12;
}

/* The uncaught exception of a call: its tag, and its first value in *first. */
static wr_exntag *thrown_tag(check_counts *t, const wasm_func_t *f, wasm_val_vec_t *args,
                             int64_t *first)
{
    wasm_val_vec_t results = WASM_EMPTY_VEC;
    wasm_trap_t *trap = wasm_func_call(f, args, &results);
    const wr_error *err = trap ? wr_wasm_trap_exception(trap) : NULL;
    CHECK(t, err);
    wr_exntag *tag = err ? wr_error_exception_tag(err) : NULL;
    size_t n = 0;
    const wr_val *v = err ? wr_error_exception_values(err, &n) : NULL;
    *first = n ? (v[0].type == WR_I32 ? v[0].of.i32 : v[0].of.i64) : -1;
    wasm_trap_delete(trap);
    return tag;
}

/* Tags through wasm.h (guests/wasm_h_tags.wasm): listed as WASM_EXTERN_TAG with their types,
 * a host tag from wr_wasm_tag_new imported, checked against the import's type and exported
 * again as the same extern, exceptions telling which tag they carry, and exnref values,
 * which cross wasm_val_t only as null. */
static void run_wasm_h_tags(check_counts *t, const char *dir)
{
    wasm_engine_t *engine;
    wasm_store_t *store;
    wasm_module_t *module =
        wasm_h_guest(t, dir, "wasm_h_tags.wasm", WR_TIER_INTERP, &engine, &store);
    if (!module)
        return;

    wasm_importtype_vec_t imports;
    wasm_module_imports(module, &imports);
    REQUIRE(t, imports.size == 1);
    const wasm_externtype_t *import_type = wasm_importtype_type(imports.data[0]);
    CHECK(t, wasm_externtype_kind(import_type) == WASM_EXTERN_TAG);
    CHECK_EQ(t, tag_params(import_type), 0x1000 | WASM_I32);
    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    REQUIRE(t, exports.size == 7);
    CHECK_EQ(t, tag_params(wasm_exporttype_type(exports.data[0])),
             0x2000 | WASM_I32 << 4 | WASM_I64);
    CHECK(t, wasm_externtype_kind(wasm_exporttype_type(exports.data[1])) == WASM_EXTERN_TAG);
    const wasm_functype_t *caught_type =
        wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[4]));
    CHECK(t, caught_type && wasm_valtype_kind(wasm_functype_results(caught_type)->data[0]) ==
                                WASM_EXNREF);
    wasm_tagtype_t *copy = wasm_tagtype_copy(wasm_externtype_as_tagtype_const(import_type));
    CHECK(t, copy && tag_params(wasm_tagtype_as_externtype_const(copy)) == (0x1000 | WASM_I32));
    wasm_tagtype_delete(copy);
    wasm_importtype_vec_delete(&imports);
    wasm_exporttype_vec_delete(&exports);

    /* A tag type has no results. */
    wasm_valtype_t *result = wasm_valtype_new_i32();
    CHECK(t, !wasm_tagtype_new(wr_wasm_functype_new_arrays(0, NULL, 1, &result)));

    /* A host tag of another type does not link; one of the import's type does. */
    wasm_tagtype_t *wrong_type = wasm_tagtype_new(params_type(1, (wasm_valkind_t[]){WASM_I64}));
    wasm_tagtype_t *right_type = wasm_tagtype_new(params_type(1, (wasm_valkind_t[]){WASM_I32}));
    REQUIRE(t, wrong_type && right_type);
    wasm_extern_t *wrong = wr_wasm_tag_new(store, wrong_type);
    wasm_extern_t *host_tag = wr_wasm_tag_new(store, right_type);
    wasm_tagtype_delete(wrong_type);
    wasm_tagtype_delete(right_type);
    REQUIRE(t, wrong && host_tag && wasm_extern_kind(host_tag) == WASM_EXTERN_TAG);
    CHECK(t, wr_wasm_extern_tag(host_tag) && !wr_wasm_extern_tag(NULL));
    wasm_trap_t *trap = NULL;
    wasm_extern_vec_t import_vec = {1, &wrong};
    CHECK(t, !wasm_instance_new(store, module, &import_vec, &trap) && trap);
    wasm_trap_delete(trap);
    trap = NULL;
    import_vec.data = &host_tag;
    wasm_instance_t *instance = wasm_instance_new(store, module, &import_vec, &trap);
    REQUIRE(t, instance && !trap);

    wasm_extern_vec_t ex;
    wasm_instance_exports(instance, &ex);
    REQUIRE(t, ex.size == 7);
    CHECK(t, wasm_extern_kind(ex.data[0]) == WASM_EXTERN_TAG);
    wasm_externtype_t *own_type = wasm_extern_type(ex.data[0]);
    CHECK_EQ(t, tag_params(own_type), 0x2000 | WASM_I32 << 4 | WASM_I64);
    wasm_externtype_delete(own_type);
    CHECK(t, wasm_extern_same(ex.data[1], host_tag));
    CHECK(t, !wasm_extern_as_func(ex.data[0]) && !wasm_extern_as_memory(ex.data[1]));

    /* Each throw names its tag: the host's, re-exported, and the module's own. */
    int64_t first = 0;
    wasm_val_t a[1] = {WASM_I32_VAL(9)};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a);
    CHECK(t, thrown_tag(t, wasm_extern_as_func(ex.data[2]), &args, &first) ==
                 wr_wasm_extern_tag(host_tag) && first == 9);
    a[0].of.i32 = 4;
    CHECK(t, thrown_tag(t, wasm_extern_as_func(ex.data[3]), &args, &first) ==
                 wr_wasm_extern_tag(ex.data[0]) && first == 4);

    /* exnref: a caught exception has no wasm.h value, null has. */
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t results = WASM_ARRAY_VEC(r);
    trap = wasm_func_call(wasm_extern_as_func(ex.data[4]), &args, &results);
    CHECK(t, trap && !wr_wasm_trap_exception(trap));
    if (trap) {
        wasm_message_t message;
        wasm_trap_message(trap, &message);
        CHECK(t, message.size && strstr(message.data, "exnref"));
        wasm_byte_vec_delete(&message);
        wasm_trap_delete(trap);
    }
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    CHECK(t, !wasm_func_call(wasm_extern_as_func(ex.data[5]), &none, &results) &&
                 r[0].kind == WASM_EXNREF && !r[0].of.ref);
    wasm_val_t null_exn[1] = {{.kind = WASM_EXNREF, .of = {.ref = NULL}}};
    wasm_val_vec_t exn_args = WASM_ARRAY_VEC(null_exn);
    r[0] = (wasm_val_t)WASM_I32_VAL(0);
    CHECK(t, !wasm_func_call(wasm_extern_as_func(ex.data[6]), &exn_args, &results) &&
                 r[0].of.i32 == 1);
    /* Any other reference is not an exception. */
    wasm_foreign_t *foreign = wasm_foreign_new(store);
    null_exn[0].of.ref = wasm_foreign_as_ref(foreign);
    trap = wasm_func_call(wasm_extern_as_func(ex.data[6]), &exn_args, &results);
    CHECK(t, trap != NULL);
    wasm_trap_delete(trap);
    wasm_foreign_delete(foreign);

    wasm_extern_vec_delete(&ex);
    wasm_extern_delete(wrong);
    wasm_extern_delete(host_tag);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

int main(int argc, char **argv)
{
    check_counts t = {0};
    if (argc != 2) {
        fprintf(stderr, "usage: %s GUESTS_DIR\n", argv[0]);
        return 2;
    }
    run(&t, argv[1], 20, WR_TIER_INTERP);
    run(&t, argv[1], 20, WR_TIER_COMPILED);
    run_reactor(&t, argv[1]);
    run_wasm_h(&t, argv[1]);
    run_wasm_h_tags(&t, argv[1]);
    return check_report(&t);
}
