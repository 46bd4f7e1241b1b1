#include "values.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    wr_valtype type;
} type_names[] = {
    {"i32", WR_I32}, {"i64", WR_I64}, {"f32", WR_F32}, {"f64", WR_F64},
    {"v128", WR_V128}, {"funcref", WR_FUNCREF}, {"externref", WR_EXTERNREF},
    {"exnref", WR_EXNREF},
};

static bool type_of(const json_value *value, wr_valtype *out)
{
    const json_value *name = json_get_string(value, "type");
    for (size_t i = 0; name && i < sizeof type_names / sizeof type_names[0]; i++) {
        if (json_is_string(name, type_names[i].name)) {
            *out = type_names[i].type;
            return true;
        }
    }
    return false;
}

static const char *type_name(wr_valtype type)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (type_names[i].type == type)
            return type_names[i].name;
    return "?";
}

/* Lane width in bytes for a v128 lane_type, or 0 when unknown. */
static unsigned lane_bytes_of(const json_value *value, bool *is_float)
{
    const json_value *lane = json_get_string(value, "lane_type");
    *is_float = json_is_string(lane, "f32") || json_is_string(lane, "f64");
    if (json_is_string(lane, "i8"))
        return 1;
    if (json_is_string(lane, "i16"))
        return 2;
    if (json_is_string(lane, "i32") || json_is_string(lane, "f32"))
        return 4;
    if (json_is_string(lane, "i64") || json_is_string(lane, "f64"))
        return 8;
    return 0;
}

/* A decimal bit pattern of the given width; a leading '-' means two's complement. */
static bool parse_bits(const char *text, unsigned bytes, uint64_t *out)
{
    bool negative = text[0] == '-';
    const char *digits = text + negative;
    if (digits[0] < '0' || digits[0] > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(digits, &end, 10);
    if (errno || *end)
        return false;
    uint64_t mask = bytes == 8 ? UINT64_MAX : ((uint64_t)1 << (bytes * 8)) - 1;
    if (negative ? v > mask / 2 + 1 : v > mask)
        return false;
    *out = (negative ? (uint64_t)0 - v : (uint64_t)v) & mask;
    return true;
}

static uint64_t lane_get(const uint8_t *bytes, unsigned lane_bytes, size_t lane)
{
    uint64_t v = 0;
    for (unsigned i = lane_bytes; i-- > 0;)
        v = v << 8 | bytes[lane * lane_bytes + i];
    return v;
}

static void lane_set(uint8_t *bytes, unsigned lane_bytes, size_t lane, uint64_t v)
{
    for (unsigned i = 0; i < lane_bytes; i++, v >>= 8)
        bytes[lane * lane_bytes + i] = (uint8_t)v;
}

/* Host pointers standing for externref "N": never NULL, so ref.null stays distinct. */
static void *externref_of(uint64_t n) { return (void *)(uintptr_t)(n + 1); }

static bool parse_v128(const json_value *value, uint8_t out[16])
{
    bool is_float;
    unsigned lane_bytes = lane_bytes_of(value, &is_float);
    const json_value *lanes = json_get(value, "value");
    if (!lane_bytes || !lanes || lanes->kind != JSON_ARRAY || lanes->count != 16 / lane_bytes)
        return false;
    for (size_t i = 0; i < lanes->count; i++) {
        uint64_t bits;
        if (lanes->items[i].kind != JSON_STRING || !parse_bits(lanes->items[i].text, lane_bytes, &bits))
            return false;
        lane_set(out, lane_bytes, i, bits);
    }
    return true;
}

bool spec_value_parse(const json_value *value, wr_val *out, char *err, size_t err_size)
{
    wr_valtype type;
    if (!type_of(value, &type)) {
        snprintf(err, err_size, "unknown value type");
        return false;
    }
    memset(out, 0, sizeof *out);
    out->type = type;
    const json_value *text = json_get_string(value, "value");
    uint64_t bits = 0;
    bool ok;
    switch (type) {
    case WR_I32:
    case WR_F32:
        ok = text && parse_bits(text->text, 4, &bits);
        out->of.f32_bits = (uint32_t)bits;
        break;
    case WR_I64:
    case WR_F64:
        ok = text && parse_bits(text->text, 8, &bits);
        out->of.f64_bits = bits;
        break;
    case WR_V128:
        ok = parse_v128(value, out->of.v128);
        break;
    case WR_FUNCREF:
        /* Only ref.null can be written as a function argument. */
        ok = json_is_string(text, "null");
        out->of.funcref = NULL;
        break;
    case WR_EXTERNREF:
        ok = text && (json_is_string(text, "null") || parse_bits(text->text, 8, &bits));
        out->of.externref = ok && !json_is_string(text, "null") ? externref_of(bits) : NULL;
        break;
    case WR_EXNREF:
        /* Only ref.null can be written as an exception argument. */
        ok = json_is_string(text, "null");
        out->of.exnref = NULL;
        break;
    default:
        ok = false;
    }
    if (!ok)
        snprintf(err, err_size, "bad %s value", type_name(type));
    return ok;
}

static bool is_nan_pattern(const char *text, bool *canonical)
{
    *canonical = strcmp(text, "nan:canonical") == 0;
    return *canonical || strcmp(text, "nan:arithmetic") == 0;
}

/* An expected float written as bits or as a NaN pattern. The canonical NaN has only the top
 * mantissa bit set (either sign); an arithmetic NaN has at least that bit set. */
static bool float_matches(const char *expected, uint64_t actual, unsigned bytes)
{
    uint64_t quiet_nan = bytes == 4 ? 0x7FC00000u : UINT64_C(0x7FF8000000000000);
    uint64_t sign = bytes == 4 ? 0x80000000u : UINT64_C(0x8000000000000000);
    bool canonical;
    if (is_nan_pattern(expected, &canonical))
        return canonical ? (actual & ~sign) == quiet_nan : (actual & quiet_nan) == quiet_nan;
    uint64_t bits;
    return parse_bits(expected, bytes, &bits) && bits == actual;
}

static bool v128_matches(const json_value *expected, const uint8_t actual[16])
{
    bool is_float;
    unsigned lane_bytes = lane_bytes_of(expected, &is_float);
    const json_value *lanes = json_get(expected, "value");
    if (!lane_bytes || !lanes || lanes->kind != JSON_ARRAY || lanes->count != 16 / lane_bytes)
        return false;
    for (size_t i = 0; i < lanes->count; i++) {
        const json_value *lane = &lanes->items[i];
        uint64_t got = lane_get(actual, lane_bytes, i), want;
        if (lane->kind != JSON_STRING)
            return false;
        if (is_float ? !float_matches(lane->text, got, lane_bytes)
                     : !parse_bits(lane->text, lane_bytes, &want) || want != got)
            return false;
    }
    return true;
}

/* 3.0's result forms that always mean a null reference (README of spec-tests-3.0). */
static const char *const null_names[] = {"refnull", "nullref", "nullfuncref", "nullexternref",
                                         "nullexnref"};

/* Any null expectation matches any null reference, whatever its type, as the reference
 * interpreter matches them. */
static bool null_matches(const json_value *expected, wr_val actual)
{
    bool is_null = (actual.type == WR_FUNCREF && !actual.of.funcref) ||
                   (actual.type == WR_EXTERNREF && !actual.of.externref);
    if (json_is_string(json_get_string(expected, "value"), "null"))
        return is_null;
    const json_value *name = json_get_string(expected, "type");
    for (size_t i = 0; i < sizeof null_names / sizeof null_names[0]; i++)
        if (json_is_string(name, null_names[i]))
            return is_null;
    return false;
}

bool spec_value_matches(const json_value *expected, wr_val actual)
{
    if (null_matches(expected, actual))
        return true;
    wr_valtype type;
    if (!type_of(expected, &type) || type != actual.type)
        return false;
    const json_value *text = json_get_string(expected, "value");
    uint64_t bits;
    switch (type) {
    case WR_I32:
        return text && parse_bits(text->text, 4, &bits) && bits == (uint32_t)actual.of.i32;
    case WR_I64:
        return text && parse_bits(text->text, 8, &bits) && bits == (uint64_t)actual.of.i64;
    case WR_F32:
        return text && float_matches(text->text, actual.of.f32_bits, 4);
    case WR_F64:
        return text && float_matches(text->text, actual.of.f64_bits, 8);
    case WR_V128:
        return v128_matches(expected, actual.of.v128);
    case WR_FUNCREF:
        /* Without a value the script only asks for some non-null function. */
        if (!text)
            return actual.of.funcref != NULL;
        return json_is_string(text, "null") && actual.of.funcref == NULL;
    case WR_EXTERNREF:
        if (json_is_string(text, "null"))
            return actual.of.externref == NULL;
        return text && parse_bits(text->text, 8, &bits) && actual.of.externref == externref_of(bits);
    case WR_EXNREF:
        /* Without a value the script asks for some exception. */
        return text ? json_is_string(text, "null") && !actual.of.exnref : actual.of.exnref != NULL;
    case WR_NULLFUNCREF:
    case WR_NULLEXTERNREF:
    case WR_NULLEXNREF:
        break; /* values carry their kind (funcref, externref, exnref), never these */
    }
    return false;
}

/* Appends to buf at *used, never past size. */
static void append(char *buf, size_t size, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
    if (*used >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *used, size - *used, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used += (size_t)n;
}

static void describe_float(char *buf, size_t size, size_t *used, uint64_t bits, unsigned bytes)
{
    if (bytes == 4) {
        uint32_t b32 = (uint32_t)bits;
        float f;
        memcpy(&f, &b32, sizeof f);
        append(buf, size, used, " (%.9g)", (double)f);
    } else {
        double d;
        memcpy(&d, &bits, sizeof d);
        append(buf, size, used, " (%.17g)", d);
    }
}

void spec_value_describe(const json_value *expected, char *buf, size_t size)
{
    size_t used = 0;
    const json_value *type = json_get_string(expected, "type");
    const json_value *value = json_get(expected, "value");
    append(buf, size, &used, "%s", type ? type->text : "?");
    if (!value)
        return;
    if (value->kind == JSON_STRING) {
        append(buf, size, &used, ":%s", value->text);
        return;
    }
    const json_value *lane = json_get_string(expected, "lane_type");
    append(buf, size, &used, " %s [", lane ? lane->text : "?");
    for (size_t i = 0; value->kind == JSON_ARRAY && i < value->count; i++)
        append(buf, size, &used, "%s%s", i ? " " : "",
               value->items[i].kind == JSON_STRING ? value->items[i].text : "?");
    append(buf, size, &used, "]");
}

void spec_val_describe(wr_val value, const json_value *like, char *buf, size_t size)
{
    size_t used = 0;
    append(buf, size, &used, "%s", type_name(value.type));
    switch (value.type) {
    case WR_I32:
        append(buf, size, &used, ":%" PRIu32, (uint32_t)value.of.i32);
        break;
    case WR_I64:
        append(buf, size, &used, ":%" PRIu64, (uint64_t)value.of.i64);
        break;
    case WR_F32:
        append(buf, size, &used, ":%" PRIu32, value.of.f32_bits);
        describe_float(buf, size, &used, value.of.f32_bits, 4);
        break;
    case WR_F64:
        append(buf, size, &used, ":%" PRIu64, value.of.f64_bits);
        describe_float(buf, size, &used, value.of.f64_bits, 8);
        break;
    case WR_V128: {
        /* In the expected value's lane shape, so the two lines line up. */
        bool is_float;
        unsigned lane_bytes = lane_bytes_of(like, &is_float);
        const json_value *lane = json_get_string(like, "lane_type");
        if (!lane_bytes) {
            lane_bytes = 4;
            lane = NULL;
        }
        append(buf, size, &used, " %s [", lane ? lane->text : "i32");
        for (size_t i = 0; i < 16 / lane_bytes; i++)
            append(buf, size, &used, "%s%" PRIu64, i ? " " : "", lane_get(value.of.v128, lane_bytes, i));
        append(buf, size, &used, "]");
        break;
    }
    case WR_FUNCREF:
        append(buf, size, &used, value.of.funcref ? ":<function>" : ":null");
        break;
    case WR_EXTERNREF:
        if (value.of.externref)
            append(buf, size, &used, ":%" PRIuPTR, (uintptr_t)value.of.externref - 1);
        else
            append(buf, size, &used, ":null");
        break;
    case WR_EXNREF:
        append(buf, size, &used, value.of.exnref ? ":<exception>" : ":null");
        break;
    case WR_NULLFUNCREF:
    case WR_NULLEXTERNREF:
    case WR_NULLEXNREF:
        break;
    }
}
