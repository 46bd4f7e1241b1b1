#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/utf8.h"

static void print_types(FILE *out, const wr_valtype *types, uint32_t count)
{
    fputc('(', out);
    for (uint32_t i = 0; i < count; i++)
        fprintf(out, "%s%s", i ? ", " : "",
                wr_valtype_format(types[i], (char[32]){0}, 32));
    fputc(')', out);
}

void wr_cli_print_functype(FILE *out, const wr_functype *type)
{
    print_types(out, type->params, type->nparams);
    fputs(" -> ", out);
    print_types(out, type->results, type->nresults);
}

/* Characters a terminal acts on rather than shows: C0 and C1 controls, DEL, and the
 * invisible direction marks and overrides that make text read differently than it is. */
static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

typedef enum { ESCAPE_NAME, ESCAPE_TEXT, ESCAPE_JSON } escape_style;

/* The one escaping routine for text from a module or the user. Whatever is not printable
 * UTF-8, and the backslash (for a name and in JSON the double quote too), is written as \hh
 * per byte, or in JSON as \uXXXX per character (U+FFFD for a byte that is not UTF-8). */
static void print_escaped(FILE *out, const char *text, size_t len, escape_style style)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        size_t n;
        int32_t cp = wr_utf8_decode(s + i, len - i, &n);
        bool shown = cp >= 0 && !is_control((uint32_t)cp) && cp != '\\' &&
                     !(style != ESCAPE_TEXT && cp == '"');
        if (shown)
            fwrite(s + i, 1, n, out);
        else if (style != ESCAPE_JSON)
            fprintf(out, "\\%02x", s[i]);
        else
            fprintf(out, "\\u%04" PRIx32, cp >= 0 ? (uint32_t)cp : 0xFFFDu);
        i += shown || (style == ESCAPE_JSON && cp >= 0) ? n : 1;
    }
}

void wr_cli_print_name(FILE *out, wr_name name) { print_escaped(out, name.data, name.len, ESCAPE_NAME); }

void wr_cli_print_text(FILE *out, const char *text)
{
    print_escaped(out, text, strlen(text), ESCAPE_TEXT);
}

void wr_cli_print_json_string(FILE *out, wr_name text)
{
    fputc('"', out);
    print_escaped(out, text.data, text.len, ESCAPE_JSON);
    fputc('"', out);
}

/* A 128-bit unsigned number as 16 little-endian bytes: value = value * base + digit.
 * Returns false on overflow. */
static bool v128_mul_add(uint8_t v[16], unsigned base, unsigned digit)
{
    unsigned carry = digit;
    for (int i = 0; i < 16; i++) {
        unsigned x = v[i] * base + carry;
        v[i] = (uint8_t)x;
        carry = x >> 8;
    }
    return carry == 0;
}

/* value = value / 10; returns the remainder. */
static unsigned v128_div10(uint8_t v[16])
{
    unsigned rem = 0;
    for (int i = 15; i >= 0; i--) {
        unsigned x = rem << 8 | v[i];
        v[i] = (uint8_t)(x / 10);
        rem = x % 10;
    }
    return rem;
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

static bool parse_v128(const char *text, uint8_t out[16])
{
    unsigned base = 10;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text += 2;
    }
    if (!*text)
        return false;
    memset(out, 0, 16);
    for (; *text; text++) {
        int d = digit_value(*text);
        if (d >= (int)base || !v128_mul_add(out, base, (unsigned)d))
            return false;
    }
    return true;
}

/* An integer of the given width in bits: signed or unsigned decimal, or 0x hex. */
static bool parse_int(const char *text, unsigned bits, uint64_t *out)
{
    bool negative = text[0] == '-';
    const char *digits = negative || text[0] == '+' ? text + 1 : text;
    unsigned base = 10;
    if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        base = 16;
        digits += 2;
    }
    /* strtoull would also take leading blanks and a second sign. */
    if (digit_value(*digits) >= (int)base)
        return false;
    errno = 0;
    char *end;
    unsigned long long magnitude = strtoull(digits, &end, (int)base);
    if (errno || *end)
        return false;
    uint64_t max_unsigned = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
    if (negative ? magnitude > max_unsigned / 2 + 1 : magnitude > max_unsigned)
        return false;
    *out = (negative ? (uint64_t)0 - magnitude : magnitude) & max_unsigned;
    return true;
}

bool wr_cli_parse_val(const char *text, wr_valtype type, wr_val *out)
{
    memset(out, 0, sizeof *out);
    out->type = type;
    uint64_t bits;
    char *end;
    out->type = type = wr_valtype_val(type);
    switch (type) {
    case WR_I32:
        if (!parse_int(text, 32, &bits))
            return false;
        out->of.i32 = (int32_t)(uint32_t)bits;
        return true;
    case WR_I64:
        if (!parse_int(text, 64, &bits))
            return false;
        out->of.i64 = (int64_t)bits;
        return true;
    case WR_F32: {
        float f = strtof(text, &end);
        *out = wr_val_f32(f);
        return *text && !*end;
    }
    case WR_F64: {
        double d = strtod(text, &end);
        *out = wr_val_f64(d);
        return *text && !*end;
    }
    case WR_V128:
        return parse_v128(text, out->of.v128);
    case WR_FUNCREF:
    case WR_EXTERNREF:
    case WR_EXNREF:
        return strcmp(text, "null") == 0;
    case WR_NULLFUNCREF:
    case WR_NULLEXTERNREF:
    case WR_NULLEXNREF:
        break; /* wr_valtype_val never gives these */
    }
    return false;
}

/* Shortest decimal digits that read back as the same float, written without an exponent
 * (Rust's Display for floats, which wasmtime uses). */
static void print_float(FILE *out, double value, bool single)
{
    if (isnan(value)) {
        fputs("NaN", out);
        return;
    }
    if (isinf(value)) {
        fputs(value < 0 ? "-inf" : "inf", out);
        return;
    }
    char sci[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(sci, sizeof sci, "%.*e", precision - 1, value);
        if (single ? strtof(sci, NULL) == (float)value : strtod(sci, NULL) == value)
            break;
    }
    /* sci is "-d.ddde+XX": collect the digits and the exponent. */
    const char *p = sci;
    if (*p == '-') {
        fputc('-', out);
        p++;
    }
    char digits[24];
    size_t n = 0;
    for (; *p != 'e'; p++)
        if (*p != '.')
            digits[n++] = *p;
    while (n > 1 && digits[n - 1] == '0')
        n--;
    long exponent = strtol(p + 1, NULL, 10);
    if (exponent < 0) {
        fputs("0.", out);
        for (long i = -1; i > exponent; i--)
            fputc('0', out);
        fwrite(digits, 1, n, out);
        return;
    }
    for (long i = 0; i <= exponent; i++)
        fputc((size_t)i < n ? digits[i] : '0', out);
    if ((size_t)exponent + 1 < n) {
        fputc('.', out);
        fwrite(digits + exponent + 1, 1, n - (size_t)exponent - 1, out);
    }
}

static void print_v128(FILE *out, const uint8_t bytes[16])
{
    uint8_t v[16];
    memcpy(v, bytes, sizeof v);
    char text[40];
    size_t n = 0;
    static const uint8_t zero[16];
    do
        text[n++] = (char)('0' + v128_div10(v));
    while (memcmp(v, zero, sizeof v) != 0);
    while (n > 0)
        fputc(text[--n], out);
}

void wr_cli_print_val(FILE *out, wr_val value)
{
    switch (value.type) {
    case WR_I32: fprintf(out, "%" PRId32, value.of.i32); break;
    case WR_I64: fprintf(out, "%" PRId64, value.of.i64); break;
    case WR_F32: print_float(out, (double)wr_val_as_f32(value), true); break;
    case WR_F64: print_float(out, wr_val_as_f64(value), false); break;
    case WR_V128: print_v128(out, value.of.v128); break;
    case WR_FUNCREF: fputs(value.of.funcref ? "<funcref>" : "<null funcref>", out); break;
    case WR_EXTERNREF: fputs(value.of.externref ? "<externref>" : "<null externref>", out); break;
    case WR_EXNREF: fputs(value.of.exnref ? "<exnref>" : "<null exnref>", out); break;
    case WR_NULLFUNCREF: case WR_NULLEXTERNREF: case WR_NULLEXNREF: fputs("<null>", out); break;
    }
    fputc('\n', out);
}
