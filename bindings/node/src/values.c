/*
 * values.c - the Node-API addon's conversions: JS arguments and options read into C, wasm
 * values and tagged values both ways, and libwr errors and call failures as WasiReactorError.
 */
#include <stdlib.h>
#include <string.h>

#include "wr_node.h"

/* ---------------------------------------------------------------- helpers */

napi_value wr_node_fail(napi_env env, const char *message)
{
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending)
        napi_throw_error(env, "WR_NODE", message);
    return NULL;
}

napi_value wr_node_type_error(napi_env env, const char *message)
{
    napi_throw_type_error(env, "WR_ARG", message);
    return NULL;
}

napi_value wr_node_undefined(napi_env env)
{
    napi_value v;
    napi_get_undefined(env, &v);
    return v;
}

napi_value wr_node_get_prop(napi_env env, napi_value obj, const char *name)
{
    napi_value v = NULL;
    if (napi_get_named_property(env, obj, name, &v) != napi_ok)
        return NULL;
    napi_valuetype t;
    napi_typeof(env, v, &t);
    return t == napi_undefined || t == napi_null ? NULL : v;
}

/* A JS string as a malloc'ed NUL-terminated UTF-8 string, or NULL (TypeError thrown). */
char *wr_node_utf8_dup(napi_env env, napi_value v, size_t *len_out)
{
    size_t len;
    if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) {
        wr_node_type_error(env, "expected a string");
        return NULL;
    }
    char *s = malloc(len + 1);
    if (!s) {
        wr_node_fail(env, "out of memory");
        return NULL;
    }
    napi_get_value_string_utf8(env, v, s, len + 1, &len);
    if (len_out)
        *len_out = len;
    return s;
}

/* The bytes of a Uint8Array (lib/index.js turns every byte source into one). */
bool wr_node_view_bytes(napi_env env, napi_value v, void **data, size_t *len)
{
    bool is = false;
    napi_typedarray_type t;
    napi_value ab;
    size_t off;
    return napi_is_typedarray(env, v, &is) == napi_ok && is &&
           napi_get_typedarray_info(env, v, &t, len, data, &ab, &off) == napi_ok &&
           t == napi_uint8_array;
}

uint32_t wr_node_array_length(napi_env env, napi_value arr)
{
    uint32_t n = 0;
    bool is = false;
    if (napi_is_array(env, arr, &is) == napi_ok && is)
        napi_get_array_length(env, arr, &n);
    return n;
}

napi_value wr_node_array_at(napi_env env, napi_value arr, uint32_t i)
{
    napi_value v = NULL;
    napi_get_element(env, arr, i, &v);
    return v;
}

/* ---------------------------------------------------------------- errors and values */

/* One table: every failure status, its name in JS and whether it carries a code. */
static const struct {
    wr_call_status status;
    const char *name;
} status_names[] = {
    {WR_CALL_TRAP, "trap"},           {WR_CALL_EXIT, "exit"},
    {WR_CALL_CANCELLED, "cancelled"}, {WR_CALL_DEADLINE, "deadline"},
    {WR_CALL_HOOK, "hook"},           {WR_CALL_GUEST_ERROR, "guest_error"},
    {WR_CALL_CODEC, "codec"},         {WR_CALL_CLOSED, "closed"},
    {WR_CALL_INSTANCE, "instance"},   {WR_CALL_NOMEM, "nomem"},
    {WR_CALL_BUSY, "busy"},           {WR_CALL_EXCEPTION, "exception"},
};

const char *wr_node_status_name(wr_call_status s)
{
    for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
        if (status_names[i].status == s)
            return status_names[i].name;
    return "unknown";
}

void wr_node_set_str(napi_env env, napi_value obj, const char *key, const char *s)
{
    napi_value v;
    if (s && napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v) == napi_ok)
        napi_set_named_property(env, obj, key, v);
}

void wr_node_set_num(napi_env env, napi_value obj, const char *key, double d)
{
    napi_value v;
    if (napi_create_double(env, d, &v) == napi_ok)
        napi_set_named_property(env, obj, key, v);
}

/* A WasiReactorError (the class lib/index.js registered) with status, code, exitCode, trap
 * and frames [{ index, name, offset }] from a libwr error (e may be NULL). */
napi_value wr_node_make_error(napi_env env, addon *a, const char *status, const char *message,
                             int32_t code, const wr_error *e)
{
    napi_value cls, msg, err;
    napi_get_reference_value(env, a->error_class, &cls);
    napi_create_string_utf8(env, message ? message : status, NAPI_AUTO_LENGTH, &msg);
    if (napi_new_instance(env, cls, 1, &msg, &err) != napi_ok)
        napi_create_error(env, NULL, msg, &err);
    wr_node_set_str(env, err, "status", status);
    wr_node_set_num(env, err, "code", code);
    if (e && wr_error_kind_of(e) == WR_ERR_EXIT)
        wr_node_set_num(env, err, "exitCode", wr_error_exit_code(e));
    if (e && wr_error_kind_of(e) == WR_ERR_TRAP)
        wr_node_set_str(env, err, "trap", wr_error_reason(e));
    size_t n = 0;
    const wr_frame *frames = e ? wr_error_frames(e, &n) : NULL;
    napi_value arr;
    napi_create_array_with_length(env, n, &arr);
    for (size_t i = 0; i < n; i++) {
        napi_value fr;
        napi_create_object(env, &fr);
        wr_node_set_num(env, fr, "index", frames[i].func_index);
        wr_node_set_str(env, fr, "name", frames[i].func_name);
        wr_node_set_num(env, fr, "offset", frames[i].code_offset);
        napi_set_element(env, arr, (uint32_t)i, fr);
    }
    napi_set_named_property(env, err, "frames", arr);
    return err;
}

/* The error a failed call's future rejects with. */
napi_value wr_node_future_error(napi_env env, addon *a, wr_future *f)
{
    return wr_node_make_error(env, a, wr_node_status_name(wr_future_status(f)),
                              wr_future_message(f), wr_future_code(f), wr_future_error(f));
}

napi_value wr_node_error_from_wr(napi_env env, addon *a, wr_error *e)
{
    static const char *const kinds[] = {"", "malformed", "invalid", "link", "trap", "exit",
                                        "nomem", "limit", "io", "arg", "exception"};
    int k = wr_error_kind_of(e);
    int nkinds = (int)(sizeof kinds / sizeof kinds[0]);
    napi_value err = wr_node_make_error(env, a, k > 0 && k < nkinds ? kinds[k] : "error",
                                wr_error_message(e), 0, e);
    wr_error_free(e);
    return err;
}

napi_value wr_node_val_to_js(napi_env env, wr_val v)
{
    napi_value out;
    switch (v.type) {
    case WR_I32: napi_create_int32(env, v.of.i32, &out); break;
    case WR_I64: napi_create_bigint_int64(env, v.of.i64, &out); break;
    case WR_F32: napi_create_double(env, wr_val_as_f32(v), &out); break;
    case WR_F64: napi_create_double(env, wr_val_as_f64(v), &out); break;
    case WR_V128: {
        void *data;
        napi_value ab;
        napi_create_arraybuffer(env, 16, &data, &ab);
        memcpy(data, v.of.v128, 16);
        napi_create_typedarray(env, napi_uint8_array, 16, ab, 0, &out);
        break;
    }
    default: napi_get_null(env, &out); break; /* references do not cross into JS */
    }
    return out;
}

/* Convert a JS argument to the parameter type t; false with a TypeError thrown. */
bool wr_node_val_from_js(napi_env env, napi_value js, wr_valtype t, wr_val *out)
{
    napi_valuetype jt;
    napi_typeof(env, js, &jt);
    double d = 0;
    int64_t i64 = 0;
    bool lossless;
    if (jt == napi_bigint)
        napi_get_value_bigint_int64(env, js, &i64, &lossless);
    else if (jt == napi_number)
        napi_get_value_double(env, js, &d);
    else if (jt == napi_boolean) {
        bool b;
        napi_get_value_bool(env, js, &b);
        d = b;
    } else if (t != WR_V128) {
        wr_node_type_error(env, "a wasm argument must be a number, a BigInt or a boolean");
        return false;
    }
    switch (t) {
    case WR_I32: *out = wr_val_i32(jt == napi_bigint ? (int32_t)i64 : (int32_t)(int64_t)d); break;
    case WR_I64: *out = wr_val_i64(jt == napi_bigint ? i64 : (int64_t)d); break;
    case WR_F32: *out = wr_val_f32(jt == napi_bigint ? (float)i64 : (float)d); break;
    case WR_F64: *out = wr_val_f64(jt == napi_bigint ? (double)i64 : d); break;
    case WR_V128: {
        void *data;
        size_t len;
        if (!wr_node_view_bytes(env, js, &data, &len) || len != 16) {
            wr_node_type_error(env, "a v128 argument must be 16 bytes (a Uint8Array)");
            return false;
        }
        out->type = WR_V128;
        memcpy(out->of.v128, data, 16);
        break;
    }
    default:
        wr_node_type_error(env, "reference arguments cannot be passed from JavaScript");
        return false;
    }
    return true;
}

napi_value wr_node_vals_to_js(napi_env env, const wr_val *vals, size_t n)
{
    if (n == 0)
        return wr_node_undefined(env);
    if (n == 1)
        return wr_node_val_to_js(env, vals[0]);
    napi_value arr;
    napi_create_array_with_length(env, n, &arr);
    for (size_t i = 0; i < n; i++)
        napi_set_element(env, arr, (uint32_t)i, wr_node_val_to_js(env, vals[i]));
    return arr;
}

napi_value wr_node_tagged_to_js(napi_env env, const wr_tagged *t)
{
    napi_value out, ab;
    void *data;
    switch (t->tag) {
    case WR_TAG_I32: napi_create_int32(env, t->of.i32, &out); break;
    case WR_TAG_U32: napi_create_uint32(env, t->of.u32, &out); break;
    case WR_TAG_STRING: napi_create_string_utf8(env, t->of.str.data, t->of.str.len, &out); break;
    case WR_TAG_I32_ARRAY:
    case WR_TAG_U32_ARRAY: {
        uint32_t n = t->tag == WR_TAG_I32_ARRAY ? t->of.i32s.count : t->of.u32s.count;
        const void *src = t->tag == WR_TAG_I32_ARRAY ? (const void *)t->of.i32s.data
                                                     : (const void *)t->of.u32s.data;
        napi_create_arraybuffer(env, (size_t)n * 4, &data, &ab);
        if (n)
            memcpy(data, src, (size_t)n * 4);
        napi_create_typedarray(env, t->tag == WR_TAG_I32_ARRAY ? napi_int32_array
                                                               : napi_uint32_array,
                               n, ab, 0, &out);
        break;
    }
    default: napi_get_null(env, &out); break;
    }
    return out;
}

/* One tagged argument: { i32 }, { u32 }, a string, an Int32Array or a Uint32Array. Strings are
 * copied into *owned (freed by the caller). */
bool wr_node_tagged_from_js(napi_env env, napi_value v, wr_tagged *t, char **owned)
{
    napi_valuetype jt;
    napi_typeof(env, v, &jt);
    bool is = false;
    if (jt == napi_string) {
        size_t len;
        if (!(*owned = wr_node_utf8_dup(env, v, &len)))
            return false;
        t->tag = WR_TAG_STRING;
        t->of.str.data = *owned;
        t->of.str.len = (uint32_t)len;
        return true;
    }
    if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
        napi_typedarray_type tt;
        size_t n, off;
        void *data;
        napi_value ab;
        napi_get_typedarray_info(env, v, &tt, &n, &data, &ab, &off);
        if (tt == napi_int32_array) {
            t->tag = WR_TAG_I32_ARRAY;
            t->of.i32s.data = data;
            t->of.i32s.count = (uint32_t)n;
            return true;
        }
        if (tt == napi_uint32_array) {
            t->tag = WR_TAG_U32_ARRAY;
            t->of.u32s.data = data;
            t->of.u32s.count = (uint32_t)n;
            return true;
        }
    } else if (jt == napi_object) {
        napi_value x;
        double d;
        if ((x = wr_node_get_prop(env, v, "i32")) && napi_get_value_double(env, x, &d) == napi_ok) {
            t->tag = WR_TAG_I32;
            t->of.i32 = (int32_t)(int64_t)d;
            return true;
        }
        if ((x = wr_node_get_prop(env, v, "u32")) && napi_get_value_double(env, x, &d) == napi_ok) {
            t->tag = WR_TAG_U32;
            t->of.u32 = (uint32_t)(int64_t)d;
            return true;
        }
    }
    wr_node_type_error(env, "a tagged value is { i32: n }, { u32: n }, a string, an Int32Array "
                            "or a Uint32Array");
    return false;
}
