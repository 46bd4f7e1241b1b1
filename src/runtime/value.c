/* wr_val constructors, value type names, and the conversion between values and frame
 * slots. */
#include <string.h>

#include "runtime/runtime.h"

wr_val wr_val_i32(int32_t v) { return (wr_val){.type = WR_I32, .of.i32 = v}; }
wr_val wr_val_i64(int64_t v) { return (wr_val){.type = WR_I64, .of.i64 = v}; }

wr_val wr_val_f32(float v)
{
    wr_val r = {.type = WR_F32};
    memcpy(&r.of.f32_bits, &v, sizeof v);
    return r;
}

wr_val wr_val_f64(double v)
{
    wr_val r = {.type = WR_F64};
    memcpy(&r.of.f64_bits, &v, sizeof v);
    return r;
}

float wr_val_as_f32(wr_val v)
{
    float f;
    memcpy(&f, &v.of.f32_bits, sizeof f);
    return f;
}

double wr_val_as_f64(wr_val v)
{
    double d;
    memcpy(&d, &v.of.f64_bits, sizeof d);
    return d;
}

bool wr_val_fits(const wr_module *m, wr_valtype t, const wr_val *v)
{
    if (v->type != wr_valtype_val(t))
        return false;
    if (!wr_valtype_is_ref(t))
        return true;
    const void *ref = v->type == WR_FUNCREF    ? (const void *)v->of.funcref
                      : v->type == WR_EXNREF ? (const void *)v->of.exnref
                                             : v->of.externref;
    if (!ref)
        return wr_valtype_nullable(t);
    uint32_t heap = (uint32_t)t & ~WR_REF_NONNULL;
    if (heap == WR_NULLFUNCREF || heap == WR_NULLEXTERNREF || heap == WR_NULLEXNREF)
        return false;
    uint32_t index = wr_valtype_heap_index(t);
    return index == UINT32_MAX ||
           (m && index < m->ntypes && wr_functype_equal(v->of.funcref->type, &m->types[index]));
}

void wr_slots_from_vals(wr_slot *slots, const uint8_t *types, uint32_t n, const wr_val *vals)
{
    for (uint32_t i = 0; i < n; i++) {
        const wr_val *v = &vals[i];
        switch (types[i]) {
        case WR_I32: slots->u64 = (uint32_t)v->of.i32; break;
        case WR_F32: slots->u64 = v->of.f32_bits; break;
        case WR_I64: slots->i64 = v->of.i64; break;
        case WR_F64: slots->u64 = v->of.f64_bits; break;
        case WR_V128: memcpy(slots, v->of.v128, 16); slots++; break;
        case WR_FUNCREF: slots->u64 = 0; slots->ref = v->of.funcref; break;
        default: slots->u64 = 0; slots->ref = v->of.externref; break;
        }
        slots++;
    }
}

void wr_vals_from_slots(wr_val *vals, const uint8_t *types, uint32_t n, const wr_slot *slots)
{
    for (uint32_t i = 0; i < n; i++) {
        wr_val *v = &vals[i];
        memset(v, 0, sizeof *v);
        v->type = types[i];
        switch (types[i]) {
        case WR_I32: v->of.i32 = slots->i32; break;
        case WR_F32: v->of.f32_bits = slots->u32; break;
        case WR_I64: v->of.i64 = slots->i64; break;
        case WR_F64: v->of.f64_bits = slots->u64; break;
        case WR_V128: memcpy(v->of.v128, slots, 16); slots++; break;
        case WR_FUNCREF: v->of.funcref = slots->ref; break;
        default: v->of.externref = slots->ref; break;
        }
        slots++;
    }
}
