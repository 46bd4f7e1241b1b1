/* wasm_val_t and its conversion to and from wr_val. */
#include <string.h>

#include "capi/capi.h"

_Static_assert(sizeof(float) == sizeof(uint32_t), "float must be binary32");
_Static_assert(sizeof(double) == sizeof(uint64_t), "double must be binary64");

void wasm_val_delete(wasm_val_t *v)
{
    if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
        wasm_ref_delete(v->of.ref);
        v->of.ref = NULL;
    }
}

void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v)
{
    *out = *v;
    if (wasm_valkind_is_ref(v->kind) && v->of.ref)
        out->of.ref = wasm_ref_copy(v->of.ref);
}

bool wr_capi_val_to_wr(wasm_store_t *store, const wasm_val_t *val, wr_valtype type, wr_val *out)
{
    /* A typed reference travels as its kind; wr_func_call and the table and global setters
     * check the rest. */
    type = wr_valtype_val(type);
    bool both_refs = (val->kind == WASM_EXTERNREF || val->kind == WASM_FUNCREF) &&
                     (type == WR_FUNCREF || type == WR_EXTERNREF);
    /* WASM_REF_VAL says externref for any reference, so the kinds of references may differ. */
    if ((wr_capi_valtype_to_wr(val->kind) != type && !both_refs) || type == WR_V128)
        return false;
    out->type = type;
    if (type == WR_EXNREF) { /* a wasm.h reference is never an exception: only null */
        out->of.exnref = NULL;
        return val->of.ref == NULL;
    }
    switch (type) {
    case WR_I32: out->of.i32 = val->of.i32; return true;
    case WR_I64: out->of.i64 = val->of.i64; return true;
    case WR_F32: memcpy(&out->of.f32_bits, &val->of.f32, 4); return true;
    case WR_F64: memcpy(&out->of.f64_bits, &val->of.f64, 8); return true;
    default: break;
    }
    wr_capi_object *obj = wr_capi_obj(val->of.ref);
    if (type == WR_FUNCREF) {
        if (obj && (obj->kind != WR_CAPI_FUNC || obj->store != store))
            return false; /* a function of another store cannot run in this one */
        out->of.funcref = obj ? obj->of.func.func : NULL;
        return true;
    }
    if (obj && !wr_capi_store_pin(store, obj))
        return false;
    out->of.externref = obj;
    return true;
}

bool wr_capi_val_from_wr(wasm_store_t *store, const wr_val *val, wasm_val_t *out)
{
    out->kind = wr_capi_valtype_from_wr(val->type);
    switch (val->type) {
    case WR_I32: out->of.i32 = val->of.i32; return true;
    case WR_I64: out->of.i64 = val->of.i64; return true;
    case WR_F32: memcpy(&out->of.f32, &val->of.f32_bits, 4); return true;
    case WR_F64: memcpy(&out->of.f64, &val->of.f64_bits, 8); return true;
    case WR_V128: out->of.ref = NULL; return false;
    case WR_EXNREF: out->of.ref = NULL; return val->of.exnref == NULL; /* no wasm.h form */
    default: break;
    }
    wr_capi_object *obj;
    if (val->type == WR_FUNCREF)
        obj = val->of.funcref ? wr_capi_store_object(store, WR_CAPI_FUNC, val->of.funcref) : NULL;
    else
        obj = val->of.externref; /* every externref entered through wr_capi_val_to_wr */
    out->of.ref = wr_capi_handle(obj);
    return !obj || out->of.ref;
}
