/* Reflection, references and host info: reflect, finalize, hostref, serialize, vectors. */
#include <stdlib.h>
#include <string.h>

#include "capi.h"

static bool name_is(const wasm_name_t *name, const char *s)
{
    return name->size == strlen(s) && memcmp(name->data, s, name->size) == 0;
}

static bool kinds_are(const wasm_valtype_vec_t *types, const wasm_valkind_t *kinds, size_t n)
{
    if (types->size != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (wasm_valtype_kind(types->data[i]) != kinds[i])
            return false;
    return true;
}

void test_reflect(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "reflect");
    REQUIRE(t, module);

    wasm_importtype_vec_t imports;
    wasm_module_imports(module, &imports);
    REQUIRE(t, imports.size == 3);
    REQUIRE(t, name_is(wasm_importtype_module(imports.data[0]), "m"));
    REQUIRE(t, name_is(wasm_importtype_name(imports.data[0]), "f"));
    const wasm_functype_t *ft = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
    REQUIRE(t, ft);
    REQUIRE(t, kinds_are(wasm_functype_params(ft), (wasm_valkind_t[]){WASM_I32, WASM_F64}, 2));
    REQUIRE(t, kinds_are(wasm_functype_results(ft), (wasm_valkind_t[]){WASM_I64}, 1));
    const wasm_externtype_t *gt_ext = wasm_importtype_type(imports.data[1]);
    REQUIRE(t, wasm_externtype_kind(gt_ext) == WASM_EXTERN_GLOBAL);
    REQUIRE(t, wasm_externtype_as_functype_const(gt_ext) == NULL);
    const wasm_globaltype_t *gt = wasm_externtype_as_globaltype_const(gt_ext);
    REQUIRE(t, wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_F32);
    REQUIRE(t, wasm_globaltype_mutability(gt) == WASM_VAR);
    const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
    REQUIRE(t, tt && wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
    REQUIRE(t, wasm_tabletype_limits(tt)->min == 1);
    REQUIRE(t, wasm_tabletype_limits(tt)->max == wasm_limits_max_default);

    /* Copies are deep and equal. */
    wasm_importtype_vec_t copy;
    wasm_importtype_vec_copy(&copy, &imports);
    REQUIRE(t, copy.size == 3 && copy.data[0] != imports.data[0]);
    REQUIRE(t, name_is(wasm_importtype_name(copy.data[1]), "g"));
    wasm_importtype_vec_delete(&imports);
    REQUIRE(t, wasm_externtype_kind(wasm_importtype_type(copy.data[2])) == WASM_EXTERN_TABLE);
    wasm_importtype_vec_delete(&copy);

    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    REQUIRE(t, exports.size == 4);
    const char *names[] = {"func", "global", "table", "memory"};
    const wasm_externkind_t kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE,
                                       WASM_EXTERN_MEMORY};
    for (size_t i = 0; i < 4; i++) {
        REQUIRE(t, name_is(wasm_exporttype_name(exports.data[i]), names[i]));
        REQUIRE(t, wasm_externtype_kind(wasm_exporttype_type(exports.data[i])) == kinds[i]);
    }
    ft = wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0]));
    REQUIRE(t, kinds_are(wasm_functype_params(ft), (wasm_valkind_t[]){WASM_I32, WASM_F64, WASM_EXTERNREF}, 3));
    REQUIRE(t, kinds_are(wasm_functype_results(ft), (wasm_valkind_t[]){WASM_I64, WASM_FUNCREF}, 2));
    REQUIRE(t, wasm_valtype_is_ref(wasm_functype_results(ft)->data[1]));
    REQUIRE(t, wasm_valtype_is_num(wasm_functype_results(ft)->data[0]));
    tt = wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[2]));
    REQUIRE(t, wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_EXTERNREF);
    REQUIRE(t, wasm_tabletype_limits(tt)->min == 2 && wasm_tabletype_limits(tt)->max == 20);
    const wasm_memorytype_t *mt = wasm_externtype_as_memorytype_const(wasm_exporttype_type(exports.data[3]));
    REQUIRE(t, mt && wasm_memorytype_limits(mt)->min == 1 && wasm_memorytype_limits(mt)->max == 5);
    wasm_exporttype_t *ec = wasm_exporttype_copy(exports.data[3]);
    REQUIRE(t, ec && name_is(wasm_exporttype_name(ec), "memory"));
    wasm_exporttype_delete(ec);
    wasm_exporttype_vec_delete(&exports);

    /* Types made by hand, viewed as extern types and back. */
    wasm_functype_t *made = wasm_functype_new_2_1(wasm_valtype_new_f32(), wasm_valtype_new_externref(),
                                                  wasm_valtype_new_i64());
    wasm_externtype_t *as_ext = wasm_functype_as_externtype(made);
    REQUIRE(t, wasm_externtype_kind(as_ext) == WASM_EXTERN_FUNC);
    REQUIRE(t, wasm_externtype_as_functype(as_ext) == made);
    REQUIRE(t, wasm_externtype_as_memorytype(as_ext) == NULL);
    wasm_externtype_t *ext_copy = wasm_externtype_copy(as_ext);
    REQUIRE(t, kinds_are(wasm_functype_params(wasm_externtype_as_functype(ext_copy)),
                    (wasm_valkind_t[]){WASM_F32, WASM_EXTERNREF}, 2));
    wasm_externtype_delete(ext_copy);
    wasm_name_t mod_name, field;
    wasm_name_new_from_string(&mod_name, "env");
    wasm_name_new_from_string(&field, "fn");
    wasm_importtype_t *it = wasm_importtype_new(&mod_name, &field, as_ext);
    REQUIRE(t, name_is(wasm_importtype_module(it), "env") && name_is(wasm_importtype_name(it), "fn"));
    REQUIRE(t, wasm_importtype_type(it) == as_ext);
    wasm_importtype_delete(it);

    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

static void count_finalized(void *info) { (*(int *)info)++; }

void test_finalize(check_counts *t)
{
    enum { ROUNDS = 50 };
    int instances_finalized = 0, funcs_finalized = 0, modules_finalized = 0;
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "finalize");
    REQUIRE(t, module);
    wasm_module_set_host_info_with_finalizer(module, &modules_finalized, count_finalized);
    REQUIRE(t, wasm_module_get_host_info(module) == &modules_finalized);

    for (int i = 0; i < ROUNDS; i++) {
        wasm_instance_t *instance = wasm_instance_new(store, module, NULL, NULL);
        REQUIRE(t, instance);
        wasm_instance_set_host_info_with_finalizer(instance, &instances_finalized, count_finalized);
        wasm_extern_vec_t exports;
        wasm_instance_exports(instance, &exports);
        wasm_func_t *answer = wasm_extern_as_func(exports.data[0]);
        wasm_func_set_host_info_with_finalizer(answer, &funcs_finalized, count_finalized);
        wasm_val_t r[1] = {WASM_INIT_VAL};
        wasm_val_vec_t none = WASM_EMPTY_VEC, res = WASM_ARRAY_VEC(r);
        REQUIRE(t, wasm_func_call(answer, &none, &res) == NULL && r[0].of.i32 == 42);
        /* Host info belongs to the object, not to the handle. */
        wasm_extern_vec_t again;
        wasm_instance_exports(instance, &again);
        REQUIRE(t, wasm_func_get_host_info(wasm_extern_as_func(again.data[0])) == &funcs_finalized);
        REQUIRE(t, wasm_extern_same(again.data[0], exports.data[0]));
        wasm_extern_vec_delete(&again);
        wasm_extern_vec_delete(&exports);
        wasm_instance_delete(instance);
    }
    /* Runtime objects live as long as their store. */
    REQUIRE(t, instances_finalized == 0 && funcs_finalized == 0);

    /* Host info without a finalizer, and a foreign object dropped at once. */
    int foreign_finalized = 0;
    wasm_foreign_t *foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info(foreign, (void *)&foreign_finalized);
    REQUIRE(t, wasm_foreign_get_host_info(foreign) == &foreign_finalized);
    wasm_foreign_set_host_info_with_finalizer(foreign, &foreign_finalized, count_finalized);
    wasm_foreign_delete(foreign);
    REQUIRE(t, foreign_finalized == 1);

    wasm_shared_module_t *shared = wasm_module_share(module);
    wasm_module_delete(module);
    REQUIRE(t, modules_finalized == 0); /* the shared module holds it */
    wasm_shared_module_delete(shared);
    REQUIRE(t, modules_finalized == 0); /* its instances hold it */

    wasm_store_delete(store);
    REQUIRE(t, instances_finalized == ROUNDS && funcs_finalized == ROUNDS);
    REQUIRE(t, modules_finalized == 1);
    wasm_engine_delete(engine);
}

static wasm_trap_t *id_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    wasm_val_copy(&results->data[0], &args->data[0]);
    return NULL;
}

static wasm_ref_t *call_ref(const wasm_func_t *f, const wasm_val_t *args, size_t nargs)
{
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t a = {nargs, (wasm_val_t *)args}, res = {wasm_func_result_arity(f), r};
    wasm_trap_t *trap = wasm_func_call(f, &a, &res);
    if (trap) {
        wasm_trap_delete(trap);
        return NULL;
    }
    return r[0].of.ref;
}

void test_hostref(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "hostref");
    REQUIRE(t, module);

    wasm_functype_t *id_type = wasm_functype_new_1_1(wasm_valtype_new_externref(),
                                                     wasm_valtype_new_externref());
    wasm_func_t *id = wasm_func_new(store, id_type, id_cb);
    wasm_functype_delete(id_type);
    wasm_extern_t *imports_arr[] = {wasm_func_as_extern(id)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    REQUIRE(t, instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
#define FN(name) wasm_extern_as_func(find_export(module, &exports, name))

    int info1 = 1, info2 = 2;
    wasm_foreign_t *host1 = wasm_foreign_new(store), *host2 = wasm_foreign_new(store);
    wasm_foreign_set_host_info(host1, &info1);
    wasm_foreign_set_host_info(host2, &info2);
    wasm_ref_t *ref1 = wasm_foreign_as_ref(host1), *ref2 = wasm_foreign_as_ref(host2);
    REQUIRE(t, !wasm_ref_same(ref1, ref2));
    wasm_ref_t *ref1_copy = wasm_ref_copy(ref1);
    REQUIRE(t, wasm_ref_same(ref1, ref1_copy) && wasm_ref_get_host_info(ref1_copy) == &info1);
    wasm_ref_delete(ref1_copy);
    REQUIRE(t, wasm_ref_as_foreign(ref1) == host1 && wasm_ref_as_func(ref1) == NULL);

    /* Through a call and back, through a global, and through a table. */
    wasm_val_t a1[] = {WASM_REF_VAL(ref1)};
    wasm_ref_t *back = call_ref(FN("call_id"), a1, 1);
    REQUIRE(t, back && wasm_ref_same(back, ref1) && wasm_ref_get_host_info(back) == &info1);
    wasm_ref_delete(back);

    wasm_val_t a2[] = {WASM_REF_VAL(ref2)};
    wasm_val_t none[1];
    REQUIRE(t, call_ref(FN("global_set"), a2, 1) == NULL);
    back = call_ref(FN("global_get"), none, 0);
    REQUIRE(t, back && wasm_ref_same(back, ref2));
    wasm_ref_delete(back);

    wasm_val_t set_args[] = {WASM_I32_VAL(3), WASM_REF_VAL(ref1)};
    call_ref(FN("table_set"), set_args, 2);
    wasm_val_t get_args[] = {WASM_I32_VAL(3)};
    back = call_ref(FN("table_get"), get_args, 1);
    REQUIRE(t, back && wasm_ref_same(back, ref1));
    wasm_ref_delete(back);
    wasm_table_t *table = wasm_extern_as_table(find_export(module, &exports, "table"));
    back = wasm_table_get(table, 3);
    REQUIRE(t, back && wasm_ref_get_host_info(back) == &info1);
    wasm_ref_delete(back);
    REQUIRE(t, wasm_table_set(table, 4, ref2));
    get_args[0].of.i32 = 4;
    back = call_ref(FN("table_get"), get_args, 1);
    REQUIRE(t, back && wasm_ref_same(back, ref2));
    wasm_ref_delete(back);

    /* Null references. */
    wasm_val_t null_arg[] = {WASM_REF_VAL(NULL)};
    REQUIRE(t, call_ref(FN("call_id"), null_arg, 1) == NULL);
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(null_arg), res = WASM_ARRAY_VEC(r);
    REQUIRE(t, wasm_func_call(FN("is_null"), &args, &res) == NULL && r[0].of.i32 == 1);
    args.data = a1;
    REQUIRE(t, wasm_func_call(FN("is_null"), &args, &res) == NULL && r[0].of.i32 == 0);

    /* The guest keeps a reference the host dropped. */
    wasm_foreign_delete(host2);
    back = call_ref(FN("global_get"), none, 0);
    REQUIRE(t, back && wasm_ref_get_host_info(back) == &info2);
    wasm_ref_delete(back);

    /* Functions as references, in a funcref table. */
    wasm_table_t *ftable = wasm_extern_as_table(find_export(module, &exports, "ftable"));
    REQUIRE(t, wasm_table_set(ftable, 1, wasm_func_as_ref(id)));
    back = wasm_table_get(ftable, 1);
    REQUIRE(t, back && wasm_func_same(wasm_ref_as_func(back), id));
    REQUIRE(t, wasm_func_param_arity(wasm_ref_as_func_const(back)) == 1);
    wasm_ref_delete(back);
    /* A foreign object is no function. */
    REQUIRE(t, !wasm_table_set(ftable, 0, ref1));

    wasm_foreign_delete(host1);
#undef FN
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(id);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

void test_serialize(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "hello");
    REQUIRE(t, module);
    wasm_byte_vec_t serialized;
    wasm_module_serialize(module, &serialized);
    REQUIRE(t, serialized.size == 0); /* modules are kept in binary form only */
    REQUIRE(t, wasm_module_deserialize(store, &serialized) == NULL);
    wasm_byte_vec_delete(&serialized);

    /* The binary itself is the portable form. */
    wasm_byte_vec_t bytes;
    REQUIRE(t, load_bytes("hello", &bytes));
    REQUIRE(t, wasm_module_validate(store, &bytes));
    wasm_module_t *again = wasm_module_new(store, &bytes);
    REQUIRE(t, again && !wasm_module_same(again, module));
    /* Every truncation and every single flipped byte is refused or accepted, never a crash;
     * a truncation at a section boundary can be a valid module. */
    size_t full = bytes.size;
    REQUIRE(t, full > 8);
    for (bytes.size = 0; bytes.size < full; bytes.size++) {
        wasm_module_t *m = wasm_module_new(store, &bytes);
        REQUIRE(t, (m != NULL) == wasm_module_validate(store, &bytes));
        REQUIRE(t, bytes.size >= 8 || m == NULL);
        wasm_module_delete(m);
    }
    bytes.size = full - 1;
    REQUIRE(t, !wasm_module_validate(store, &bytes));
    bytes.size = full;
    for (size_t i = 0; i < full; i++) {
        bytes.data[i] ^= 0x5a;
        wasm_module_t *m = wasm_module_new(store, &bytes);
        REQUIRE(t, (m != NULL) == wasm_module_validate(store, &bytes));
        wasm_module_delete(m);
        bytes.data[i] ^= 0x5a;
    }
    wasm_byte_vec_delete(&bytes);
    wasm_module_delete(again);

    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}

void test_vectors(check_counts *t)
{
    wasm_byte_vec_t b;
    wasm_byte_vec_new_empty(&b);
    REQUIRE(t, b.size == 0 && b.data == NULL);
    wasm_byte_vec_delete(&b);
    wasm_name_t n;
    wasm_name_new_from_string_nt(&n, "abc");
    REQUIRE(t, n.size == 4 && n.data[3] == '\0');
    wasm_name_t c;
    wasm_name_copy(&c, &n);
    REQUIRE(t, c.size == 4 && c.data != n.data && memcmp(c.data, "abc", 4) == 0);
    wasm_name_delete(&n);
    wasm_name_delete(&c);
    REQUIRE(t, c.data == NULL && c.size == 0);

    wasm_val_vec_t vals;
    wasm_val_vec_new_uninitialized(&vals, 3);
    REQUIRE(t, vals.size == 3);
    vals.data[0] = (wasm_val_t)WASM_I32_VAL(1);
    vals.data[2] = (wasm_val_t)WASM_F64_VAL(2.0);
    wasm_val_vec_t vcopy;
    wasm_val_vec_copy(&vcopy, &vals);
    REQUIRE(t, vcopy.size == 3 && vcopy.data[0].of.i32 == 1 && vcopy.data[2].of.f64 == 2.0);
    wasm_val_vec_delete(&vals);
    wasm_val_vec_delete(&vcopy);

    wasm_valtype_vec_t types;
    wasm_valtype_vec_new_uninitialized(&types, 2);
    types.data[0] = wasm_valtype_new(WASM_I64);
    types.data[1] = wasm_valtype_new(WASM_FUNCREF);
    wasm_valtype_vec_t tcopy;
    wasm_valtype_vec_copy(&tcopy, &types);
    REQUIRE(t, wasm_valtype_kind(tcopy.data[1]) == WASM_FUNCREF && tcopy.data[1] != types.data[1]);
    wasm_valtype_vec_delete(&types);
    wasm_valtype_vec_delete(&tcopy);

    wasm_val_t p;
    int x;
    wasm_val_init_ptr(&p, &x);
    REQUIRE(t, wasm_val_ptr(&p) == &x);

    /* Values holding references own them: copying a value copies its reference. */
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_foreign_t *f = wasm_foreign_new(store);
    wasm_val_t v = WASM_REF_VAL(wasm_foreign_as_ref(f));
    wasm_val_t vc;
    wasm_val_copy(&vc, &v);
    REQUIRE(t, vc.of.ref != v.of.ref && wasm_ref_same(vc.of.ref, v.of.ref));
    wasm_val_delete(&vc);
    wasm_foreign_delete(f);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}
