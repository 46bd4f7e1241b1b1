/* Calls both ways: hello, callback, multi, start and trap. */
#include <string.h>

#include "capi.h"

static wasm_trap_t *hello_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    results->data[0] = (wasm_val_t)WASM_I32_VAL(42);
    return NULL;
}

void test_hello(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "hello");
    REQUIRE(t, module);

    wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *hello = wasm_func_new(store, type, hello_cb);
    wasm_functype_delete(type);
    REQUIRE(t, hello);

    wasm_extern_t *imports_arr[] = {wasm_func_as_extern(hello)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    REQUIRE(t, instance && !trap);
    /* The module and the import may go: the instance keeps what it needs. */
    wasm_module_delete(module);
    wasm_func_delete(hello);

    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_instance_delete(instance);
    REQUIRE(t, exports.size == 1);
    const wasm_func_t *run = wasm_extern_as_func(exports.data[0]);
    REQUIRE(t, run);
    REQUIRE(t, wasm_extern_kind(exports.data[0]) == WASM_EXTERN_FUNC);
    REQUIRE(t, wasm_func_param_arity(run) == 0 && wasm_func_result_arity(run) == 1);

    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
    REQUIRE(t, wasm_func_call(run, &none, &results) == NULL);
    REQUIRE(t, r[0].kind == WASM_I32 && r[0].of.i32 == 42);
    r[0].of.i32 = 0;
    REQUIRE(t, wasm_func_call(run, NULL, &results) == NULL && r[0].of.i32 == 42);
    /* Too few result slots is a trap. */
    trap = wasm_func_call(run, NULL, NULL);
    REQUIRE(t, trap);
    wasm_trap_delete(trap);

    wasm_extern_vec_delete(&exports);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

static wasm_trap_t *print_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    /* Doubles its argument, to show the value went through. */
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = args->data[0].of.i32 * 2;
    return NULL;
}

static wasm_trap_t *closure_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    int *counter = env;
    results->data[0] = (wasm_val_t)WASM_I32_VAL(++*counter);
    return NULL;
}

static void closure_finalizer(void *env) { *(int *)env = -100; }

void test_callback(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(wasm_config_new());
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "callback");
    REQUIRE(t, module);

    wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *print = wasm_func_new(store, print_type, print_cb);
    wasm_functype_delete(print_type);
    int counter = 40;
    wasm_functype_t *closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *closure = wasm_func_new_with_env(store, closure_type, closure_cb, &counter,
                                                  closure_finalizer);
    wasm_functype_delete(closure_type);
    REQUIRE(t, print && closure);

    wasm_extern_t *imports_arr[] = {wasm_func_as_extern(print), wasm_func_as_extern(closure)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    REQUIRE(t, instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *run = wasm_extern_as_func(exports.data[0]);
    REQUIRE(t, run);

    wasm_val_t args_arr[] = {WASM_I32_VAL(3), WASM_I32_VAL(4)};
    wasm_val_t results_arr[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr), results = WASM_ARRAY_VEC(results_arr);
    REQUIRE(t, wasm_func_call(run, &args, &results) == NULL);
    REQUIRE(t, results_arr[0].kind == WASM_I32);
    REQUIRE(t, results_arr[0].of.i32 == (3 + 4) * 2 + 41);
    REQUIRE(t, wasm_func_call(run, &args, &results) == NULL);
    REQUIRE(t, results_arr[0].of.i32 == 14 + 42);

    /* A host function can be called directly too. */
    wasm_val_t one[] = {WASM_I32_VAL(21)};
    wasm_val_vec_t one_vec = WASM_ARRAY_VEC(one);
    REQUIRE(t, wasm_func_call(print, &one_vec, &results) == NULL && results_arr[0].of.i32 == 42);

    /* Wrong arity and wrong kinds are traps, not crashes. */
    char buf[128];
    wasm_trap_t *trap = wasm_func_call(run, &one_vec, &results);
    REQUIRE(t, trap);
    REQUIRE(t, strstr(trap_text(trap, buf, sizeof buf), "number of arguments"));
    wasm_trap_delete(trap);
    wasm_val_t wrong_arr[] = {WASM_I64_VAL(3), WASM_I32_VAL(4)};
    wasm_val_vec_t wrong = WASM_ARRAY_VEC(wrong_arr);
    trap = wasm_func_call(run, &wrong, &results);
    REQUIRE(t, trap);
    wasm_trap_delete(trap);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(print);
    wasm_func_delete(closure);
    wasm_module_delete(module);
    REQUIRE(t, counter == 42); /* still alive: the store owns the function */
    wasm_store_delete(store);
    REQUIRE(t, counter == -100);
    wasm_engine_delete(engine);
}

static wasm_trap_t *swap_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    /* Reverse the order again, so the guest gets back what it was given. */
    for (size_t i = 0; i < 4 && args->size == 4 && results->size == 4; i++)
        results->data[i] = args->data[3 - i];
    return NULL;
}

static wasm_trap_t *sum_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    int64_t sum = 0;
    for (size_t i = 0; i < args->size; i++)
        sum += args->data[i].of.i32;
    results->data[0] = (wasm_val_t)WASM_I64_VAL(sum);
    return NULL;
}

/* More values than fit the calls' on-stack buffers. */
static void many_values(check_counts *t, wasm_store_t *store)
{
    enum { N = 12 };
    wasm_valtype_vec_t params, results;
    wasm_valtype_vec_new_uninitialized(&params, N);
    for (size_t i = 0; i < N; i++)
        params.data[i] = wasm_valtype_new_i32();
    wasm_valtype_t *r[1] = {wasm_valtype_new_i64()};
    wasm_valtype_vec_new(&results, 1, r);
    wasm_functype_t *type = wasm_functype_new(&params, &results);
    wasm_func_t *sum = wasm_func_new(store, type, sum_cb);
    wasm_functype_delete(type);
    REQUIRE(t, sum && wasm_func_param_arity(sum) == N);
    wasm_val_t args_arr[N], res_arr[1] = {WASM_INIT_VAL};
    for (int i = 0; i < N; i++)
        args_arr[i] = (wasm_val_t)WASM_I32_VAL(i + 1);
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr), res = WASM_ARRAY_VEC(res_arr);
    REQUIRE(t, wasm_func_call(sum, &args, &res) == NULL);
    REQUIRE(t, res_arr[0].kind == WASM_I64 && res_arr[0].of.i64 == N * (N + 1) / 2);
    wasm_func_delete(sum);
}

void test_multi(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "multi");
    REQUIRE(t, module);

    wasm_valtype_t *ps[] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                            wasm_valtype_new_i32()};
    wasm_valtype_t *rs[] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                            wasm_valtype_new_i32()};
    wasm_valtype_vec_t params, results_t;
    wasm_valtype_vec_new(&params, 4, ps);
    wasm_valtype_vec_new(&results_t, 4, rs);
    wasm_functype_t *type = wasm_functype_new(&params, &results_t);
    REQUIRE(t, wasm_functype_params(type)->size == 4);
    wasm_func_t *swap = wasm_func_new(store, type, swap_cb);
    wasm_functype_delete(type);

    wasm_extern_t *imports_arr[] = {wasm_func_as_extern(swap)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    REQUIRE(t, instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *run = wasm_extern_as_func(exports.data[0]);
    REQUIRE(t, run && wasm_func_result_arity(run) == 4);

    wasm_val_t args_arr[] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(-3),
                             WASM_I32_VAL(0x7fffffff)};
    wasm_val_t res_arr[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr), res = WASM_ARRAY_VEC(res_arr);
    REQUIRE(t, wasm_func_call(run, &args, &res) == NULL);
    REQUIRE(t, res_arr[0].kind == WASM_I32 && res_arr[0].of.i32 == 1);
    REQUIRE(t, res_arr[1].kind == WASM_I64 && res_arr[1].of.i64 == 2);
    REQUIRE(t, res_arr[2].kind == WASM_I64 && res_arr[2].of.i64 == -3);
    REQUIRE(t, res_arr[3].kind == WASM_I32 && res_arr[3].of.i32 == 0x7fffffff);
    many_values(t, store);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(swap);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

void test_start(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "start");
    REQUIRE(t, module);

    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_trap_t *trap = NULL;
    REQUIRE(t, wasm_instance_new(store, module, &imports, &trap) == NULL);
    REQUIRE(t, trap);
    char buf[128];
    REQUIRE(t, strcmp(trap_text(trap, buf, sizeof buf), "unreachable") == 0);
    /* The instance that failed still shows in the frame; unreachable follows the local
     * count (start.wat's disassembly). */
    wasm_frame_t *origin = wasm_trap_origin(trap);
    REQUIRE(t, origin);
    REQUIRE(t, wasm_frame_func_index(origin) == 0);
    REQUIRE(t, wasm_frame_instance(origin) != NULL);
    REQUIRE(t, wasm_frame_func_offset(origin) == 1 && wasm_frame_module_offset(origin) == 0x1a);
    wasm_frame_delete(origin);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    REQUIRE(t, trace.size == 1);
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);

    /* Without a place for the trap the failure is still reported by NULL. */
    REQUIRE(t, wasm_instance_new(store, module, &imports, NULL) == NULL);

    /* A module with imports given none is a link error, reported as a trap. */
    wasm_module_t *hello = load_module(store, "hello");
    REQUIRE(t, hello);
    trap = NULL;
    REQUIRE(t, wasm_instance_new(store, hello, &imports, &trap) == NULL && trap);
    wasm_trap_delete(trap);

    wasm_module_delete(hello);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

static wasm_trap_t *fail_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    (void)results;
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "callback abort");
    wasm_trap_t *trap = wasm_trap_new(env, &msg);
    wasm_name_delete(&msg);
    return trap;
}

void test_trap(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "trap");
    REQUIRE(t, module);

    wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
    wasm_func_t *fail = wasm_func_new_with_env(store, type, fail_cb, store, NULL);
    wasm_functype_delete(type);
    wasm_extern_t *imports_arr[] = {wasm_func_as_extern(fail)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    REQUIRE(t, instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    REQUIRE(t, exports.size == 2);
    const wasm_func_t *host_trap = wasm_extern_as_func(find_export(module, &exports, "host_trap"));
    const wasm_func_t *div = wasm_extern_as_func(find_export(module, &exports, "div"));
    REQUIRE(t, host_trap && div);

    char buf[128];
    wasm_val_t res_arr[] = {WASM_INIT_VAL};
    wasm_val_vec_t res = WASM_ARRAY_VEC(res_arr), none = WASM_EMPTY_VEC;
    wasm_trap_t *trap = wasm_func_call(host_trap, &none, &res);
    REQUIRE(t, trap);
    REQUIRE(t, strcmp(trap_text(trap, buf, sizeof buf), "callback abort") == 0);
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    REQUIRE(t, msg.size == strlen("callback abort") + 1 && msg.data[msg.size - 1] == '\0');
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);

    wasm_val_t zero[] = {WASM_I32_VAL(0)};
    wasm_val_vec_t zero_vec = WASM_ARRAY_VEC(zero);
    trap = wasm_func_call(div, &zero_vec, &res);
    REQUIRE(t, trap);
    REQUIRE(t, strcmp(trap_text(trap, buf, sizeof buf), "integer divide by zero") == 0);

    /* Innermost first: $inner (function 2, after the import) then "div" (function 3). */
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    REQUIRE(t, trace.size == 2);
    REQUIRE(t, wasm_frame_func_index(trace.data[0]) == 2);
    REQUIRE(t, wasm_frame_func_index(trace.data[1]) == 3);
    REQUIRE(t, wasm_frame_instance(trace.data[0]) != NULL);
    REQUIRE(t, wasm_instance_same(wasm_frame_instance(trace.data[0]), instance));
    REQUIRE(t, wasm_instance_same(wasm_frame_instance(trace.data[1]), instance));
    /* Offsets from trap.wat's disassembly: i32.div_u follows the local count and two
     * instructions; "div" calls after the local count and one. */
    REQUIRE(t, wasm_frame_func_offset(trace.data[0]) == 5);
    REQUIRE(t, wasm_frame_module_offset(trace.data[0]) == 0x4b);
    REQUIRE(t, wasm_frame_func_offset(trace.data[1]) == 3);
    REQUIRE(t, wasm_frame_module_offset(trace.data[1]) == 0x51);
    wasm_frame_t *origin = wasm_trap_origin(trap);
    REQUIRE(t, origin && wasm_frame_module_offset(origin) == wasm_frame_module_offset(trace.data[0]));
    wasm_frame_t *copy = wasm_frame_copy(origin);
    REQUIRE(t, copy && wasm_frame_func_offset(copy) == wasm_frame_func_offset(origin));
    wasm_frame_delete(copy);
    wasm_frame_delete(origin);
    wasm_frame_vec_delete(&trace);

    wasm_trap_t *trap2 = wasm_trap_copy(trap);
    REQUIRE(t, wasm_trap_same(trap, trap2));
    wasm_trap_delete(trap2);
    wasm_trap_delete(trap);

    wasm_val_t two[] = {WASM_I32_VAL(2)};
    wasm_val_vec_t two_vec = WASM_ARRAY_VEC(two);
    REQUIRE(t, wasm_func_call(div, &two_vec, &res) == NULL && res_arr[0].of.i32 == 0);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(fail);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

static bool frame_is(const wasm_frame_t *frame, const wasm_instance_t *instance, uint32_t func_index,
                     size_t func_offset, size_t module_offset)
{
    return wasm_instance_same(wasm_frame_instance(frame), instance) &&
           wasm_frame_func_index(frame) == func_index && wasm_frame_func_offset(frame) == func_offset &&
           wasm_frame_module_offset(frame) == module_offset;
}

/* A trap in one instance's function called as another's import: each frame names its own
 * instance, and its offsets are in its own module (trap_callee.wat, trap_caller.wat). */
void test_trap_across(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *callee_module = load_module(store, "trap_callee");
    wasm_module_t *caller_module = load_module(store, "trap_caller");
    REQUIRE(t, callee_module && caller_module);
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_instance_t *callee = wasm_instance_new(store, callee_module, &none, NULL);
    REQUIRE(t, callee);
    wasm_extern_vec_t callee_exports;
    wasm_instance_exports(callee, &callee_exports);
    wasm_instance_t *caller = wasm_instance_new(store, caller_module, &callee_exports, NULL);
    REQUIRE(t, caller);
    wasm_extern_vec_t caller_exports;
    wasm_instance_exports(caller, &caller_exports);
    const wasm_func_t *run = wasm_extern_as_func(caller_exports.data[0]);

    wasm_val_t a[] = {WASM_I32_VAL(0)}, r[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), res = WASM_ARRAY_VEC(r);
    wasm_trap_t *trap = wasm_func_call(run, &args, &res);
    REQUIRE(t, trap);
    char buf[128];
    REQUIRE(t, strcmp(trap_text(trap, buf, sizeof buf), "integer divide by zero") == 0);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    REQUIRE(t, trace.size == 2);
    /* i32.div_s in "boom" (function 1), after two bytes of local declarations and two
     * instructions; then the call in "run" (function 1, after the import). */
    REQUIRE(t, frame_is(trace.data[0], callee, 1, 7, 0x33));
    REQUIRE(t, frame_is(trace.data[1], caller, 1, 4, 0x36));
    wasm_frame_vec_delete(&trace);
    wasm_frame_t *origin = wasm_trap_origin(trap);
    REQUIRE(t, origin && frame_is(origin, callee, 1, 7, 0x33));
    wasm_frame_delete(origin);
    wasm_trap_delete(trap);

    a[0].of.i32 = 7;
    REQUIRE(t, wasm_func_call(run, &args, &res) == NULL && r[0].of.i32 == 1);

    wasm_extern_vec_delete(&caller_exports);
    wasm_extern_vec_delete(&callee_exports);
    wasm_instance_delete(caller);
    wasm_instance_delete(callee);
    wasm_module_delete(caller_module);
    wasm_module_delete(callee_module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

/* The host half of fact: calls back into the guest's export. */
static wasm_trap_t *reenter_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    const wasm_func_t *fact = *(const wasm_func_t **)env;
    wasm_val_vec_t res = {1, results->data};
    return wasm_func_call(fact, args, &res);
}

void test_reenter(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "reenter");
    REQUIRE(t, module);
    const wasm_func_t *fact = NULL;
    wasm_functype_t *type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *host = wasm_func_new_with_env(store, type, reenter_cb, &fact, NULL);
    wasm_functype_delete(type);
    wasm_extern_t *imports_arr[] = {wasm_func_as_extern(host)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    REQUIRE(t, instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    fact = wasm_extern_as_func(exports.data[0]);

    wasm_val_t a[] = {WASM_I32_VAL(10)}, r[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), res = WASM_ARRAY_VEC(r);
    REQUIRE(t, wasm_func_call(fact, &args, &res) == NULL && r[0].of.i32 == 3628800);
    /* Forty host levels deep (the result wraps around, as i32.mul does). */
    a[0].of.i32 = 40;
    REQUIRE(t, wasm_func_call(fact, &args, &res) == NULL && r[0].of.i32 == 0);
    /* A million host levels end in "call stack exhausted", never a crash, on either tier;
     * the instance stays usable. */
    a[0].of.i32 = 1000000;
    wasm_trap_t *trap = wasm_func_call(fact, &args, &res);
    REQUIRE(t, trap);
    char buf[128];
    REQUIRE(t, strstr(trap_text(trap, buf, sizeof buf), "call stack exhausted"));
    wasm_trap_delete(trap);
    a[0].of.i32 = 5;
    REQUIRE(t, wasm_func_call(fact, &args, &res) == NULL && r[0].of.i32 == 120);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(host);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}
