/*
 * Runs the testsuite's assertions on numeric and SIMD semantics without an interpreter:
 * every exported function whose body is exactly `local.get 0 .. local.get n-1; <op>; end`
 * is evaluated with numeric.h (through scalar_ops.c) or the SIMD table, and the result
 * compared with the expected value or trap. Other functions are skipped and counted.
 *
 * Usage: numeric-spec [--portable] DIR NAME... runs DIR/NAME/NAME.json for each NAME;
 * --portable checks the portable SIMD functions instead of the ones the runtime uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/opcodes.h"
#include "interp/simd.h"
#include "json.h"
#include "scalar_ops.h"
#include "util/file.h"
#include "util/reader.h"
#include "values.h"
#include "wasm_exports.h"

enum { MAX_MODULES = 64, MAX_ARGS = 3 };

typedef struct {
    char *name; /* "$name" from the script, or NULL */
    wasm_exports exports;
} loaded_module;

typedef struct {
    loaded_module modules[MAX_MODULES];
    size_t count;
    loaded_module *current;
} module_set;

typedef struct {
    unsigned passed, failed, skipped;
} tally;

/* One instruction with its immediates. */
typedef struct {
    uint32_t prefix; /* 0, 0xFC or 0xFD */
    uint32_t op;
    uint32_t lane;
    uint8_t shuffle[16];
} single_op;

static int has_lane_immediate(uint32_t opfd)
{
    return opfd >= OPFD_i8x16_extract_lane_s && opfd <= OPFD_f64x2_replace_lane;
}

/* Whether the body is the parameters pushed in order, one numeric instruction, end. */
static int match_single_op(const export_fn *fn, single_op *out)
{
    if (!fn->body || fn->nparams > MAX_ARGS || fn->nresults != 1) return 0;
    wr_reader r = {fn->body, 0, fn->body_len, NULL, 0};
    uint32_t groups = wr_read_u32(&r);
    for (uint32_t g = 0; g < groups && !r.err; g++) {
        wr_read_u32(&r);
        wr_read_u8(&r);
    }
    for (uint32_t k = 0; k < fn->nparams; k++)
        if (wr_read_u8(&r) != 0x20 || wr_read_u32(&r) != k) return 0;
    memset(out, 0, sizeof *out);
    uint8_t byte = wr_read_u8(&r);
    if (byte == 0xFC || byte == 0xFD) {
        out->prefix = byte;
        out->op = wr_read_u32(&r);
    } else if (byte >= OP_i32_eqz && byte <= OP_i64_extend32_s) {
        out->op = byte;
    } else {
        return 0;
    }
    if (out->prefix == 0xFD) {
        if (has_lane_immediate(out->op)) {
            out->lane = wr_read_u8(&r);
        } else if (out->op == OPFD_i8x16_shuffle) {
            const uint8_t *lanes = wr_read_bytes(&r, 16);
            if (lanes) memcpy(out->shuffle, lanes, 16);
        } else if (!wr_simd_fn_for(out->op)) {
            return 0;
        }
    }
    return wr_read_u8(&r) == 0x0B && !r.err && wr_reader_eof(&r);
}

/* A value's bits as the scalar evaluator and the SIMD operands take them. */
static void value_bits(const wr_val *v, wr_v128 *out)
{
    memset(out, 0, sizeof *out);
    switch (v->type) {
    case WR_I32: out->u32[0] = (uint32_t)v->of.i32; break;
    case WR_I64: out->u64[0] = (uint64_t)v->of.i64; break;
    case WR_F32: out->u32[0] = v->of.f32_bits; break;
    case WR_F64: out->u64[0] = v->of.f64_bits; break;
    case WR_V128: memcpy(out->u8, v->of.v128, 16); break;
    default: break;
    }
}

static wr_val result_value(wr_valtype type, const wr_v128 *bits)
{
    wr_val v;
    memset(&v, 0, sizeof v);
    v.type = type;
    switch (type) {
    case WR_I32: v.of.i32 = (int32_t)bits->u32[0]; break;
    case WR_I64: v.of.i64 = (int64_t)bits->u64[0]; break;
    case WR_F32: v.of.f32_bits = bits->u32[0]; break;
    case WR_F64: v.of.f64_bits = bits->u64[0]; break;
    default: memcpy(v.of.v128, bits->u8, 16); break;
    }
    return v;
}

static wr_trap_kind trap_of_text(const char *text)
{
    if (!text) return WR_TRAP_NONE;
    if (!strcmp(text, "integer overflow")) return WR_TRAP_INT_OVERFLOW;
    if (!strcmp(text, "invalid conversion to integer")) return WR_TRAP_INVALID_CONVERSION;
    if (!strcmp(text, "integer divide by zero")) return WR_TRAP_DIV_ZERO;
    return WR_TRAP_UNREACHABLE; /* anything else cannot come from a numeric instruction */
}

static const export_fn *find_export(const module_set *set, const json_value *action)
{
    const json_value *module = json_get_string(action, "module");
    const json_value *field = json_get_string(action, "field");
    const loaded_module *m = set->current;
    if (module) {
        m = NULL;
        for (size_t i = 0; i < set->count; i++) {
            const char *name = set->modules[i].name;
            if (name && !strcmp(name, module->text)) m = &set->modules[i];
        }
    }
    if (!m || !field || strlen(field->text) != field->len) return NULL;
    return wasm_exports_find(&m->exports, field->text);
}

/* Evaluates one assertion; returns 1 if it was checked (then *ok says how it went). */
typedef wr_simd_fn (*simd_lookup)(uint32_t opfd);

static int run_assertion(const module_set *set, simd_lookup lookup, const json_value *cmd,
                         int is_trap, int *ok, char *why, size_t why_size)
{
    const json_value *action = json_get(cmd, "action");
    const json_value *args = json_get(action, "args");
    const json_value *expected = json_get(cmd, "expected");
    const export_fn *fn = find_export(set, action);
    single_op op;
    if (!fn || !args || args->kind != JSON_ARRAY || args->count != fn->nparams ||
        !match_single_op(fn, &op))
        return 0;

    wr_v128 operands[MAX_ARGS];
    memset(operands, 0, sizeof operands);
    for (size_t i = 0; i < args->count; i++) {
        wr_val v;
        if (!spec_value_parse(&args->items[i], &v, why, why_size)) {
            *ok = 0;
            return 1;
        }
        value_bits(&v, &operands[i]);
    }

    wr_v128 result;
    memset(&result, 0, sizeof result);
    wr_trap_kind trap = WR_TRAP_NONE;
    if (op.prefix == 0xFD) {
        if (op.op == OPFD_i8x16_shuffle)
            wr_simd_shuffle(&result, &operands[0], &operands[1], op.shuffle);
        else
            lookup(op.op)(&result, &operands[0], &operands[1], &operands[2], op.lane);
    } else {
        uint64_t scalar_args[MAX_ARGS];
        for (int i = 0; i < MAX_ARGS; i++) scalar_args[i] = operands[i].u64[0];
        scalar_result sr;
        if (!scalar_eval(op.prefix, op.op, scalar_args, &sr)) return 0;
        result.u64[0] = sr.value;
        trap = sr.trap;
    }

    if (is_trap) {
        const json_value *text = json_get_string(cmd, "text");
        const char *want = text && text->text ? text->text : "";
        *ok = trap != WR_TRAP_NONE && trap == trap_of_text(want);
        snprintf(why, why_size, "expected trap \"%s\", got trap kind %d", want, (int)trap);
        return 1;
    }
    if (trap != WR_TRAP_NONE || !expected || expected->kind != JSON_ARRAY || expected->count != 1) {
        *ok = 0;
        snprintf(why, why_size, "unexpected trap kind %d", (int)trap);
        return 1;
    }
    wr_val actual = result_value((wr_valtype)fn->result, &result);
    *ok = spec_value_matches(&expected->items[0], actual);
    char want[512], got[512];
    spec_value_describe(&expected->items[0], want, sizeof want);
    spec_val_describe(actual, &expected->items[0], got, sizeof got);
    snprintf(why, why_size, "expected %s, got %s", want, got);
    return 1;
}

static void free_modules(module_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->modules[i].name);
        wasm_exports_free(&set->modules[i].exports);
    }
    set->count = 0;
    set->current = NULL;
}

static void load_module(module_set *set, const char *dir, const json_value *cmd, tally *t)
{
    const json_value *file = json_get_string(cmd, "filename");
    const json_value *name = json_get_string(cmd, "name");
    set->current = NULL;
    /* An unnamed module can no longer be referred to once another one follows it. */
    if (set->count > 0 && !set->modules[set->count - 1].name) {
        wasm_exports_free(&set->modules[set->count - 1].exports);
        set->count--;
    }
    if (!file || set->count == MAX_MODULES) return;
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, file->text) >= (int)sizeof path) {
        t->failed++;
        return;
    }
    loaded_module *m = &set->modules[set->count];
    memset(m, 0, sizeof *m);
    if (!wasm_exports_load(path, &m->exports)) {
        t->failed++;
        return;
    }
    m->name = name ? strdup(name->text) : NULL;
    set->current = m;
    set->count++;
}

static void run_script(const char *dir, const char *name, simd_lookup lookup, tally *total)
{
    char dir_path[2048], path[4096];
    size_t len = 0;
    int fits = snprintf(dir_path, sizeof dir_path, "%s/%s", dir, name) < (int)sizeof dir_path &&
               snprintf(path, sizeof path, "%s/%s.json", dir_path, name) < (int)sizeof path;
    uint8_t *text = NULL;
    if (fits)
        wr_read_file(&wr_default_allocator, path, SIZE_MAX, &text, &len);
    char err[256] = "cannot read";
    json_value *script = text ? json_parse((const char *)text, len, err, sizeof err) : NULL;
    const json_value *commands = json_get(script, "commands");
    if (!commands || commands->kind != JSON_ARRAY) {
        fprintf(stderr, "%s: %s\n", path, err);
        total->failed++;
        wr_mem_free(text);
        json_free(script);
        return;
    }
    module_set set = {0};
    tally t = {0, 0, 0};
    for (size_t i = 0; i < commands->count; i++) {
        const json_value *cmd = &commands->items[i];
        const json_value *type = json_get_string(cmd, "type");
        if (!type) continue;
        if (!strcmp(type->text, "module")) {
            load_module(&set, dir_path, cmd, &t);
            continue;
        }
        int is_trap = !strcmp(type->text, "assert_trap");
        if (!is_trap && strcmp(type->text, "assert_return")) continue;
        int ok = 0;
        char why[1200] = "";
        if (!run_assertion(&set, lookup, cmd, is_trap, &ok, why, sizeof why)) {
            t.skipped++;
            continue;
        }
        if (ok) {
            t.passed++;
            continue;
        }
        t.failed++;
        const json_value *line = json_get(cmd, "line");
        const json_value *field = json_get_string(json_get(cmd, "action"), "field");
        fprintf(stderr, "%s:%s: %s: %s\n", name, line ? line->text : "?",
                field ? field->text : "?", why);
    }
    printf("%-36s %5u passed, %5u failed, %5u skipped\n", name, t.passed, t.failed, t.skipped);
    total->passed += t.passed;
    total->failed += t.failed;
    total->skipped += t.skipped;
    free_modules(&set);
    json_free(script);
    wr_mem_free(text);
}

int main(int argc, char **argv)
{
    int first = 1;
    simd_lookup lookup = wr_simd_fn_for;
    if (argc > 1 && !strcmp(argv[1], "--portable")) {
        lookup = wr_simd_portable_fn_for;
        first++;
    }
    if (argc < first + 2) {
        fprintf(stderr, "usage: %s [--portable] DIR NAME...\n", argv[0]);
        return 2;
    }
    tally total = {0, 0, 0};
    for (int i = first + 1; i < argc; i++) run_script(argv[first], argv[i], lookup, &total);
    printf("%u skipped (not a single numeric instruction)\n", total.skipped);
    printf("%u passed, %u failed\n", total.passed, total.failed);
    return total.failed ? 1 : 0;
}
