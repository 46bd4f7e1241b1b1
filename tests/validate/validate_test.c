/*
 * Validator tests on hand-built modules: each case is one function body (or one
 * module-level tweak) checked against a small fixed module, so the rules are tested
 * without going through the decoder.
 *
 * The module: types 0..4 (below), one memory (1 page), one funcref table and one
 * externref table, globals 0 (immutable i32, imported) and 1 (mutable i64), one passive
 * funcref element segment, one passive data segment (with a data count), function 0 (an
 * import of type 2, declared for ref.func) and function 1 (type 0: the body under test).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "decode/module.h"
#include "decode/ops.h"
#include "util/error.h"
#include "validate/validator.h"

/* Type strings: i i32, I i64, f f32, F f64, v v128, r funcref, e externref. */
static void parse_types(const char *s, uint8_t *out)
{
    for (; *s; s++, out++) {
        switch (*s) {
        case 'i': *out = WR_I32; break;
        case 'I': *out = WR_I64; break;
        case 'f': *out = WR_F32; break;
        case 'F': *out = WR_F64; break;
        case 'v': *out = WR_V128; break;
        case 'r': *out = WR_FUNCREF; break;
        default: *out = WR_EXTERNREF; break;
        }
    }
}

typedef struct {
    const char *name;
    const char *params, *results; /* the tested function's type (type 0) */
    const char *locals;
    const char *body;             /* hex, spaces ignored; must include the final end */
    const char *expect;           /* NULL when valid, else a prefix of the reason */
    int kind;                     /* expected error kind when invalid */
    uint32_t max_stack, max_blocks; /* checked when nonzero */
} body_case;

#define INV WR_ERR_INVALID
#define MAL WR_ERR_MALFORMED

/* Types 1..4 are fixed: 1 [i32]->[i32 i32], 2 []->[], 3 [i32]->[], 4 [i32]->[i32]. */
static const body_case body_cases[] = {
    /* Straight-line typing. */
    { "add", "ii", "i", "", "20 00 20 01 6a 0b", NULL, 0, 2, 1 },
    { "add wrong type", "iI", "i", "", "20 00 20 01 6a 0b", "type mismatch", INV, 0, 0 },
    { "empty stack pop", "", "i", "", "6a 0b", "type mismatch", INV, 0, 0 },
    { "leftover value", "", "", "", "41 00 0b", "type mismatch", INV, 0, 0 },
    { "missing result", "", "i", "", "0b", "type mismatch", INV, 0, 0 },
    { "locals", "i", "F", "fF", "20 02 0b", NULL, 0, 1, 1 },
    { "unknown local", "i", "", "f", "20 02 1a 0b", "unknown local", INV, 0, 0 },
    { "tee", "", "i", "i", "41 01 22 00 0b", NULL, 0, 0, 0 },
    /* The polymorphic stack after unreachable, br and return. */
    { "unreachable then add", "", "", "", "00 6a 1a 0b", NULL, 0, 0, 0 },
    { "unreachable leaves value", "", "", "", "00 41 00 0b", "type mismatch", INV, 0, 0 },
    { "unreachable wrong known type", "", "", "", "00 42 00 6a 1a 0b", "type mismatch", INV, 0, 0 },
    { "unreachable result", "", "I", "", "00 0b", NULL, 0, 0, 0 },
    { "br then anything", "", "i", "", "41 00 0c 00 6a 0b", NULL, 0, 0, 0 },
    { "return then anything", "", "i", "", "41 00 0f 45 0b", NULL, 0, 0, 0 },
    { "dead code still typed", "", "i", "", "0f 42 00 0b", "type mismatch", INV, 0, 0 },
    { "block end resets dead code", "", "", "", "02 40 00 0b 6a 1a 0b",
      "type mismatch", INV, 0, 0 },
    /* Blocks, labels and multi-value. */
    { "block result", "", "i", "", "02 7f 41 01 0b 0b", NULL, 0, 1, 2 },
    { "block wrong result", "", "i", "", "02 7f 42 01 0b 0b", "type mismatch", INV, 0, 0 },
    { "block sees no outer values", "", "i", "", "41 01 02 7f 0b 0b", "type mismatch", INV, 0, 0 },
    { "multi-value block", "", "", "", "41 01 02 01 41 02 0b 1a 1a 0b", NULL, 0, 2, 2 },
    { "multi-value block param missing", "", "", "", "02 01 41 02 0b 1a 1a 0b",
      "type mismatch", INV, 0, 0 },
    { "unknown block type", "", "", "", "02 09 0b 0b", "unknown type", INV, 0, 0 },
    { "loop label is params", "", "", "", "41 00 03 03 0c 00 0b 0b", NULL, 0, 0, 0 },
    { "loop label without param", "", "", "", "41 00 03 03 1a 0c 00 0b 0b",
      "type mismatch", INV, 0, 0 },
    { "br to block result", "", "i", "", "02 7f 41 01 0c 00 0b 0b", NULL, 0, 0, 0 },
    { "br wrong type", "", "i", "", "02 7f 42 01 0c 00 0b 0b", "type mismatch", INV, 0, 0 },
    { "unknown label", "", "", "", "0c 01 0b", "unknown label", INV, 0, 0 },
    { "br to function", "", "i", "", "41 07 0c 00 0b", NULL, 0, 0, 0 },
    { "br_if keeps values", "", "i", "", "02 7f 41 01 41 00 0d 00 0b 0b", NULL, 0, 0, 0 },
    { "br_if types dead values", "", "", "", "02 7f 00 41 00 0d 00 50 1a 41 00 0b 1a 0b",
      "type mismatch", INV, 0, 0 },
    { "br_if dead values then right type", "", "", "", "02 7f 00 41 00 0d 00 0b 1a 0b",
      NULL, 0, 0, 0 },
    /* if / else. */
    { "if else", "i", "i", "", "20 00 04 7f 41 01 05 41 02 0b 0b", NULL, 0, 0, 0 },
    { "if without else needs params == results", "", "", "",
      "41 00 41 01 04 01 41 02 0b 1a 1a 0b", "type mismatch", INV, 0, 0 },
    { "if without else same params and results", "", "i", "", "41 05 41 01 04 04 0b 0b",
      NULL, 0, 0, 0 },
    { "if without else with result", "", "i", "", "41 01 04 7f 41 02 0b 0b",
      "type mismatch", INV, 0, 0 },
    { "if with params and else", "", "", "", "41 00 41 01 04 01 41 02 05 41 03 0b 1a 1a 0b",
      NULL, 0, 0, 0 },
    { "else branch wrong", "", "i", "", "41 01 04 7f 41 01 05 42 02 0b 0b",
      "type mismatch", INV, 0, 0 },
    { "if condition missing", "", "", "", "04 40 0b 0b", "type mismatch", INV, 0, 0 },
    { "else without if", "", "", "", "05 0b", "END opcode expected", MAL, 0, 0 },
    /* br_table. */
    { "br_table same types", "", "i", "", "02 7f 41 01 41 00 0e 01 00 01 0b 0b", NULL, 0, 0, 0 },
    { "br_table arity differs", "", "", "", "02 40 02 7f 41 01 41 00 0e 01 00 01 0b 1a 0b 0b",
      "type mismatch", INV, 0, 0 },
    { "br_table types differ", "", "", "", "02 7e 02 7f 41 01 41 00 0e 01 00 01 0b 0b 1a 0b",
      "type mismatch", INV, 0, 0 },
    { "br_table dead code, types differ", "", "", "",
      "02 7d 02 7e 00 0e 01 00 01 0b 1a 43 00 00 00 00 0b 1a 0b", NULL, 0, 0, 0 },
    { "br_table dead code, arity differs", "", "", "", "02 40 02 7e 00 0e 01 00 01 0b 1a 0b 0b",
      "type mismatch", INV, 0, 0 },
    { "br_table no targets", "", "", "", "41 00 0e 00 00 0b", NULL, 0, 0, 0 },
    { "br_table unknown label", "", "", "", "41 00 0e 01 05 00 0b", "unknown label", INV, 0, 0 },
    { "br_table index missing", "", "", "", "0e 00 00 0b", "type mismatch", INV, 0, 0 },
    { "br_table truncated", "", "", "", "41 00 0e 05 00 00", "unexpected end", MAL, 0, 0 },
    /* select. */
    { "select numbers", "", "i", "", "41 01 41 02 41 00 1b 0b", NULL, 0, 3, 1 },
    { "select mixed", "", "i", "", "41 01 42 02 41 00 1b 0b", "type mismatch", INV, 0, 0 },
    { "select refs untyped", "", "", "", "d0 70 d0 70 41 00 1b 1a 0b", "type mismatch", INV, 0, 0 },
    { "select refs typed", "", "r", "", "d0 70 d0 70 41 00 1c 01 70 0b", NULL, 0, 0, 0 },
    { "select typed wrong", "", "", "", "41 00 41 00 41 00 1c 01 7e 1a 0b",
      "type mismatch", INV, 0, 0 },
    { "select typed arity 2", "", "", "", "41 00 41 00 41 00 1c 02 7f 7f 1a 0b",
      "invalid result arity", INV, 0, 0 },
    { "select dead code", "", "I", "", "00 1b 0b", NULL, 0, 0, 0 },
    { "select dead then known", "", "", "", "00 42 00 41 00 1b 50 1a 0b", NULL, 0, 0, 0 },
    { "select dead then ref", "", "", "", "00 d0 70 41 00 1b 1a 0b", "type mismatch", INV, 0, 0 },
    { "select vectors", "", "v", "vv", "20 00 20 01 41 00 1b 0b", NULL, 0, 0, 0 },
    /* Calls. */
    { "call", "", "", "", "10 00 0b", NULL, 0, 0, 0 },
    { "unknown function", "", "", "", "10 02 0b", "unknown function", INV, 0, 0 },
    { "call_indirect", "", "", "", "41 00 41 00 11 03 00 0b", NULL, 0, 0, 0 },
    { "call_indirect on externref table", "", "", "", "41 00 11 02 01 0b",
      "type mismatch", INV, 0, 0 },
    { "call_indirect unknown table", "", "", "", "41 00 11 02 05 0b", "unknown table", INV, 0, 0 },
    { "call_indirect unknown type", "", "", "", "41 00 11 09 00 0b", "unknown type", INV, 0, 0 },
    /* Globals. */
    { "global.get", "", "i", "", "23 00 0b", NULL, 0, 0, 0 },
    { "global.set immutable", "", "", "", "41 00 24 00 0b", "global is immutable", INV, 0, 0 },
    { "global.set mutable", "", "", "", "42 00 24 01 0b", NULL, 0, 0, 0 },
    { "unknown global", "", "", "", "23 02 1a 0b", "unknown global", INV, 0, 0 },
    /* Memory. */
    { "load store", "", "", "", "41 00 41 00 28 02 00 36 02 04 0b", NULL, 0, 0, 0 },
    { "alignment too large", "", "", "", "41 00 28 03 00 1a 0b",
      "alignment must not be larger than natural", INV, 0, 0 },
    { "load8 alignment", "", "", "", "41 00 2d 01 00 1a 0b",
      "alignment must not be larger than natural", INV, 0, 0 },
    { "memop flags", "", "", "", "41 00 28 80 01 00 1a 0b", "malformed memop flags", MAL, 0, 0 },
    { "alignment 2^32", "", "", "", "41 00 28 20 00 1a 0b",
      "alignment must not be larger than natural", INV, 0, 0 },
    { "load of memory 1", "", "", "", "41 00 28 42 01 00 1a 0b", "unknown memory 1", INV, 0, 0 },
    { "load of memory 0 by index", "", "", "", "41 00 28 42 00 00 1a 0b", NULL, 0, 0, 0 },
    { "offset of a 32-bit memory", "", "", "", "41 00 28 02 80 80 80 80 10 1a 0b",
      "offset out of range", INV, 0, 0 },
    { "memory.size", "", "i", "", "3f 00 0b", NULL, 0, 0, 0 },
    { "memory.size of memory 1", "", "i", "", "3f 01 0b", "unknown memory 1", INV, 0, 0 },
    { "memory.grow of memory 0 as LEB", "", "i", "", "41 00 40 80 00 0b", NULL, 0, 0, 0 },
    { "memory.copy from memory 1", "", "", "", "41 00 41 00 41 00 fc 0a 00 01 0b",
      "unknown memory 1", INV, 0, 0 },
    { "memory.init", "", "", "", "41 00 41 00 41 00 fc 08 00 00 0b", NULL, 0, 0, 0 },
    { "memory.init unknown data", "", "", "", "41 00 41 00 41 00 fc 08 01 00 0b",
      "unknown data segment", INV, 0, 0 },
    { "memory.copy", "", "", "", "41 00 41 00 41 00 fc 0a 00 00 0b", NULL, 0, 0, 0 },
    { "memory.fill arg types", "", "", "", "41 00 42 00 41 00 fc 0b 00 0b",
      "type mismatch", INV, 0, 0 },
    { "data.drop", "", "", "", "fc 09 00 0b", NULL, 0, 0, 0 },
    /* Tables and references. */
    { "table.get", "", "r", "", "41 00 25 00 0b", NULL, 0, 0, 0 },
    { "table.set wrong ref", "", "", "", "41 00 d0 70 26 01 0b", "type mismatch", INV, 0, 0 },
    { "table.grow", "", "i", "", "d0 6f 41 01 fc 0f 01 0b", NULL, 0, 0, 0 },
    { "table.size", "", "i", "", "fc 10 01 0b", NULL, 0, 0, 0 },
    { "table.fill", "", "", "", "41 00 d0 70 41 01 fc 11 00 0b", NULL, 0, 0, 0 },
    { "table.init", "", "", "", "41 00 41 00 41 00 fc 0c 00 00 0b", NULL, 0, 0, 0 },
    { "table.init wrong table type", "", "", "", "41 00 41 00 41 00 fc 0c 00 01 0b",
      "type mismatch", INV, 0, 0 },
    { "unknown elem segment", "", "", "", "fc 0d 01 0b", "unknown elem segment", INV, 0, 0 },
    { "table.copy mixed types", "", "", "", "41 00 41 00 41 00 fc 0e 00 01 0b",
      "type mismatch", INV, 0, 0 },
    { "ref.func declared", "", "r", "", "d2 00 0b", NULL, 0, 0, 0 },
    { "ref.func undeclared", "", "r", "", "d2 01 0b", "undeclared function reference", INV, 0, 0 },
    { "ref.is_null", "", "i", "", "d0 6f d1 0b", NULL, 0, 0, 0 },
    { "ref.is_null on number", "", "i", "", "41 00 d1 0b", "type mismatch", INV, 0, 0 },
    { "ref.null bad type", "", "", "", "d0 7f 1a 0b", "malformed reference type", MAL, 0, 0 },
    /* SIMD immediates. */
    { "v128.const", "", "v", "", "fd 0c 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 0b",
      NULL, 0, 0, 0 },
    { "shuffle lanes", "", "v", "v",
      "20 00 20 00 fd 0d 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 1f 0b",
      NULL, 0, 0, 0 },
    { "shuffle lane 32", "", "v", "v",
      "20 00 20 00 fd 0d 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 20 0b",
      "invalid lane index", INV, 0, 0 },
    { "extract lane", "", "I", "v", "20 00 fd 1d 01 0b", NULL, 0, 0, 0 },
    { "extract lane too big", "", "I", "v", "20 00 fd 1d 02 0b", "invalid lane index", INV, 0, 0 },
    { "replace lane", "", "v", "v", "20 00 43 00 00 00 00 fd 20 03 0b", NULL, 0, 0, 0 },
    { "load lane", "", "v", "v", "41 00 20 00 fd 55 01 00 07 0b", NULL, 0, 0, 0 },
    { "load lane index", "", "v", "v", "41 00 20 00 fd 55 01 00 08 0b",
      "invalid lane index", INV, 0, 0 },
    { "v128.load align", "", "v", "", "41 00 fd 00 05 00 0b",
      "alignment must not be larger than natural", INV, 0, 0 },
    { "simd shift", "", "v", "v", "20 00 41 01 fd 6b 0b", NULL, 0, 0, 0 },
    { "bitselect", "", "v", "v", "20 00 20 00 20 00 fd 52 0b", NULL, 0, 0, 0 },
    { "undefined simd op", "", "", "", "fd 9a 01 0b", "illegal opcode", MAL, 0, 0 },
    /* Encoding. */
    { "illegal opcode", "", "", "", "06 0b", "illegal opcode", MAL, 0, 0 },
    { "illegal fc opcode", "", "", "", "fc 12 0b", "illegal opcode", MAL, 0, 0 },
    { "missing end", "", "", "", "01", "unexpected end of section or function", MAL, 0, 0 },
    { "missing inner end", "", "", "", "02 40 0b", "unexpected end", MAL, 0, 0 },
    { "bytes after end", "", "", "", "0b 01", "section size mismatch", MAL, 0, 0 },
    { "truncated immediate", "", "i", "", "41 80", "unexpected end", MAL, 0, 0 },
    { "long constants", "", "I", "", "41 80 01 1a 42 ff ff ff ff ff ff ff ff ff 7f 0b",
      NULL, 0, 0, 0 },
    { "i32.const too large", "", "i", "", "41 80 80 80 80 70 0b", "integer too large", MAL, 0, 0 },
    /* Stack and nesting depth recorded for the translator. */
    { "depths", "", "", "", "02 40 03 40 41 01 41 02 41 03 1a 1a 1a 0b 0b 0b", NULL, 0, 3, 3 },
};

/* A fixture module around one body. */
typedef struct {
    wr_module m;
    uint8_t bytes[256];
    uint8_t type_bytes[5][8];
    wr_mfunctype types[5];
    wr_mfunc funcs[2];
    uint8_t local_types[8];
    wr_memtype memory;
    wr_tabletype tables[2];
    wr_mglobal globals[2];
    wr_melem elem;
    wr_mdata data;
    wr_mexport exports[2];
    uint32_t elem_funcs[1];
    uint8_t declared[1];
} fixture;

static void set_type(fixture *f, uint32_t i, const char *params, const char *results)
{
    wr_mfunctype *t = &f->types[i];
    t->nparams = (uint32_t)strlen(params);
    t->nresults = (uint32_t)strlen(results);
    t->types = f->type_bytes[i];
    parse_types(params, t->types);
    parse_types(results, t->types + t->nparams);
}

static size_t parse_hex(const char *s, uint8_t *out)
{
    size_t n = 0;
    unsigned byte;
    int used;
    while (sscanf(s, " %2x%n", &byte, &used) == 1) {
        out[n++] = (uint8_t)byte;
        s += used;
    }
    return n;
}

static void build(fixture *f, const body_case *c)
{
    memset(f, 0, sizeof *f);
    wr_module *m = &f->m;
    set_type(f, 0, c->params, c->results);
    set_type(f, 1, "i", "ii");
    set_type(f, 2, "", "");
    set_type(f, 3, "i", "");
    set_type(f, 4, "i", "i");
    m->types = f->types;
    m->ntypes = 5;

    size_t n = parse_hex(c->body, f->bytes);
    f->funcs[0] = (wr_mfunc){ .type_index = 2 };
    f->funcs[1] = (wr_mfunc){ .type_index = 0, .nlocals = (uint32_t)strlen(c->locals),
                              .local_types = f->local_types, .body_offset = 0,
                              .body_end = (uint32_t)n };
    parse_types(c->locals, f->local_types);
    m->bytes = f->bytes;
    m->size = n;
    m->funcs = f->funcs;
    m->nfuncs = 2;
    m->nfunc_imports = 1;

    f->memory.limits.min = 1;
    m->memories = &f->memory;
    m->nmemories = 1;
    f->tables[0] = (wr_tabletype){ .elem = WR_FUNCREF, .limits = { .min = 1 } };
    f->tables[1] = (wr_tabletype){ .elem = WR_EXTERNREF, .limits = { .min = 1 } };
    m->tables = f->tables;
    m->ntables = 2;
    f->globals[0].type = (wr_globaltype){ .type = WR_I32 };
    f->globals[1].type = (wr_globaltype){ .type = WR_I64, .is_mutable = true };
    f->globals[1].init = (wr_constexpr){ .op = OP_i64_const, .type = WR_I64 };
    m->globals = f->globals;
    m->nglobals = 2;
    m->nglobal_imports = 1;
    f->elem = (wr_melem){ .mode = SEG_PASSIVE, .type = WR_FUNCREF };
    m->elems = &f->elem;
    m->nelems = 1;
    m->has_datacount = true;
    m->datacount = 1;
    m->ndatas = 1;
    f->data = (wr_mdata){ .mode = SEG_PASSIVE };
    m->datas = &f->data;
    f->declared[0] = 1;
    m->declared_funcs = f->declared;
}

/* Checks that validation gave what the case expects: success, or this reason and kind. */
static void check_result(check_counts *t, const char *name, wr_error *err, const char *expect, int kind)
{
    if (!expect)
        check_at(t, !err, __FILE__, __LINE__, "%s: unexpected error: %s", name,
                 err ? wr_error_message(err) : "");
    else if (!err)
        check_at(t, false, __FILE__, __LINE__, "%s: accepted, expected \"%s\"", name, expect);
    else
        check_at(t,
                 strncmp(wr_error_reason(err), expect, strlen(expect)) == 0 &&
                     (int)wr_error_kind_of(err) == kind,
                 __FILE__, __LINE__, "%s: wrong error: %s", name, wr_error_message(err));
    wr_error_free(err);
}

static void run_body_cases(check_counts *t)
{
    for (size_t i = 0; i < sizeof body_cases / sizeof body_cases[0]; i++) {
        const body_case *c = &body_cases[i];
        fixture f;
        build(&f, c);
        check_result(t, c->name, wr_validate(&f.m), c->expect, c->kind);
        if (!c->expect && c->max_stack)
            check_at(t, f.funcs[1].max_stack == c->max_stack && f.funcs[1].max_blocks == c->max_blocks,
                     __FILE__, __LINE__, "%s: max_stack/max_blocks %u/%u", c->name, f.funcs[1].max_stack,
                     f.funcs[1].max_blocks);
    }
}

/* Validates the fixture's module as one case. */
static void check_case(check_counts *t, const char *name, fixture *f, const char *expect, int kind)
{
    check_result(t, name, wr_validate(&f->m), expect, kind);
}

/* Module-level rules: each case changes the fixture (around a trivial body). */
typedef struct {
    const char *name;
    void (*tweak)(fixture *f);
    const char *expect;
    int kind;
} module_case;

static void dup_exports(fixture *f)
{
    f->exports[0] = (wr_mexport){ .name = { "a", 1 }, .kind = WR_EXTERN_FUNC, .index = 0 };
    f->exports[1] = (wr_mexport){ .name = { "a", 1 }, .kind = WR_EXTERN_GLOBAL, .index = 0 };
    f->m.exports = f->exports;
    f->m.nexports = 2;
}

static void distinct_exports(fixture *f)
{
    f->exports[0] = (wr_mexport){ .name = { "a\0b", 3 }, .kind = WR_EXTERN_FUNC, .index = 0 };
    f->exports[1] = (wr_mexport){ .name = { "a", 1 }, .kind = WR_EXTERN_GLOBAL, .index = 0 };
    f->m.exports = f->exports;
    f->m.nexports = 2;
}

static void export_unknown_memory(fixture *f)
{
    f->exports[0] = (wr_mexport){ .name = { "m", 1 }, .kind = WR_EXTERN_MEMORY, .index = 1 };
    f->m.exports = f->exports;
    f->m.nexports = 1;
}

static void start_with_params(fixture *f)
{
    f->m.has_start = true;
    f->m.start = 1;
    set_type(f, 0, "i", "");
}

static void start_ok(fixture *f)
{
    f->m.has_start = true;
    f->m.start = 0;
}

static void memory_too_big(fixture *f) { f->memory.limits.min = 65537; }

static void memory_min_over_max(fixture *f)
{
    f->memory.limits = (wr_limits){ .min = 2, .max = 1, .has_max = true };
}

static void table_min_over_max(fixture *f)
{
    f->tables[1].limits = (wr_limits){ .min = 2, .max = 1, .has_max = true };
}

static void global_reads_mutable(fixture *f)
{
    f->globals[0].type.is_mutable = true;
    f->globals[1].init = (wr_constexpr){ .op = OP_global_get, .u.index = 0 };
    f->globals[1].type.type = WR_I32;
}

static void global_reads_defined(fixture *f)
{
    f->globals[1].init = (wr_constexpr){ .op = OP_global_get, .u.index = 1 };
}

static void global_init_wrong_type(fixture *f)
{
    f->globals[1].init = (wr_constexpr){ .op = OP_i32_const, .type = WR_I32 };
}

static void data_unknown_memory(fixture *f)
{
    f->data = (wr_mdata){ .mode = SEG_ACTIVE, .memory = 1,
                          .offset = { .op = OP_i32_const, .type = WR_I32 } };
}

static void elem_table_type(fixture *f)
{
    f->elem = (wr_melem){ .mode = SEG_ACTIVE, .type = WR_FUNCREF, .table = 1,
                          .offset = { .op = OP_i32_const, .type = WR_I32 } };
}

static void elem_unknown_function(fixture *f)
{
    f->elem_funcs[0] = 7;
    f->elem.count = 1;
    f->elem.funcs = f->elem_funcs;
}

static void function_unknown_type(fixture *f) { f->funcs[0].type_index = 9; }

/* A 64-bit memory: i64 addresses and sizes. */
static void memory64_limits_ok(fixture *f)
{
    f->memory.is64 = true;
    f->memory.limits.min = 65537;
}
static void memory64_too_big(fixture *f)
{
    f->memory.is64 = true;
    f->memory.limits.min = (UINT64_C(1) << 48) + 1;
}
static void table32_too_big(fixture *f) { f->tables[0].limits.min = UINT64_C(1) << 32; }

static const module_case module_cases[] = {
    { "duplicate export", dup_exports, "duplicate export name", INV },
    { "exports differ after NUL", distinct_exports, NULL, 0 },
    { "export unknown memory", export_unknown_memory, "unknown memory", INV },
    { "start with params", start_with_params, "start function", INV },
    { "start", start_ok, NULL, 0 },
    { "memory too big", memory_too_big, "memory size must be at most 65536 pages (4GiB)", INV },
    { "memory min > max", memory_min_over_max, "size minimum must not be greater than maximum",
      INV },
    { "table min > max", table_min_over_max, "size minimum must not be greater than maximum", INV },
    { "global reads mutable import", global_reads_mutable, "constant expression required", INV },
    { "global reads defined global", global_reads_defined, "unknown global", INV },
    { "global init type", global_init_wrong_type, "type mismatch", INV },
    { "data unknown memory", data_unknown_memory, "unknown memory", INV },
    { "elem table type", elem_table_type, "type mismatch", INV },
    { "elem unknown function", elem_unknown_function, "unknown function", INV },
    { "function unknown type", function_unknown_type, "unknown type", INV },
    { "64-bit memory over 4 GiB", memory64_limits_ok, NULL, 0 },
    { "64-bit memory over 2^48 pages", memory64_too_big, "memory size must be at most 2^48", INV },
    { "32-bit table of 2^32", table32_too_big, "table size must be at most 2^32-1", INV },
};

static void run_module_cases(check_counts *t)
{
    static const body_case trivial = { "trivial", "", "", "", "0b", NULL, 0, 0, 0 };
    for (size_t i = 0; i < sizeof module_cases / sizeof module_cases[0]; i++) {
        const module_case *c = &module_cases[i];
        fixture f;
        build(&f, &trivial);
        c->tweak(&f);
        check_case(t, c->name, &f, c->expect, c->kind);
    }
}

/* A malformed body wins over an earlier validation error, as decoding comes first. */
static void run_priority_case(check_counts *t)
{
    static const body_case c = { "priority", "", "", "", "06 0b", NULL, 0, 0, 0 };
    fixture f;
    build(&f, &c);
    memory_too_big(&f);
    check_case(t, "malformed body beats invalid memory", &f, "illegal opcode", MAL);
}

/* The same across bodies: an invalid body does not hide a malformed one after it. */
static void run_body_priority_case(check_counts *t)
{
    static const body_case c = { "priority", "", "", "", "41 00 0b 06 0b", NULL, 0, 0, 0 };
    fixture f;
    build(&f, &c);
    f.m.nfunc_imports = 0;
    f.funcs[0].body_end = 3;
    f.funcs[1].body_offset = 3;
    check_case(t, "malformed body beats earlier invalid body", &f, "illegal opcode", MAL);
}

static void run_datacount_case(check_counts *t)
{
    static const body_case c = { "memory.init", "", "", "", "41 00 41 00 41 00 fc 08 00 00 0b",
                                 NULL, 0, 0, 0 };
    fixture f;
    build(&f, &c);
    f.m.has_datacount = false;
    check_case(t, "memory.init without data count", &f, "data count section required", MAL);
}

/* An opcode's fixed signature, NULL when it has none. */
static const wr_opinfo *fixed_sig(const wr_opinfo *info)
{
    return info && wr_opinfo_fixed(info) ? info : NULL;
}

/* The opcode table agrees with a few well-known signatures. */
static void run_opsig_cases(check_counts *t)
{
    const wr_opinfo *s = fixed_sig(wr_opinfo_single(OP_i64_eqz));
    CHECK(t, s && s->nparams == 1 && s->params[0] == WR_I64 && s->result == WR_I32);
    s = fixed_sig(wr_opinfo_single(OP_f64_store));
    CHECK(t, s && s->nparams == 2 && s->params[1] == WR_F64 && !s->nresults && s->align == 3);
    CHECK(t, !fixed_sig(wr_opinfo_single(OP_call)) && !fixed_sig(wr_opinfo_single(OP_select)) &&
                 !fixed_sig(wr_opinfo_fc(OPFC_memory_copy)));
    s = fixed_sig(wr_opinfo_fd(OPFD_i16x8_replace_lane));
    CHECK(t, s && s->imm == WR_IMM_LANE && s->lanes == 8 && s->params[1] == WR_I32);
    s = fixed_sig(wr_opinfo_fd(OPFD_v128_store32_lane));
    CHECK(t, s && s->imm == WR_IMM_MEMARG_LANE && s->lanes == 4 && s->align == 2 && !s->nresults);
    CHECK(t, !fixed_sig(wr_opinfo_fd(154)) && !fixed_sig(wr_opinfo_fd(0x114)) &&
                 fixed_sig(wr_opinfo_fd(0x113)) && fixed_sig(wr_opinfo_fd(OPFD_f64x2_convert_low_i32x4_u)));
    int defined = 0;
    for (uint32_t op = 0; op < 256; op++)
        defined += fixed_sig(wr_opinfo_fd(op)) != NULL;
    CHECK_EQ(t, defined, 236);
}

int main(void)
{
    check_counts t = {0};
    run_body_cases(&t);
    run_module_cases(&t);
    run_priority_case(&t);
    run_body_priority_case(&t);
    run_datacount_case(&t);
    run_opsig_cases(&t);
    return check_report(&t);
}
