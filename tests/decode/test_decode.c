/*
 * Decoder tests: what a well-formed module decodes to, and that hostile input (huge counts,
 * truncation, bad LEB128, sections out of order, random damage) fails cleanly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "decode/module.h"
#include "util/error.h"
#include "wasm_builder.h"

static wr_error *decode(const uint8_t *bytes, size_t n, wr_module **m)
{
    uint8_t *copy = wr_mem_alloc(&wr_default_allocator, n ? n : 1, 1);
    if (!copy)
        return wr_error_nomem();
    if (n) /* an empty builder has no bytes at all */
        memcpy(copy, bytes, n);
    return wr_decode(NULL, &wr_default_allocator, copy, n, m);
}

/* Decodes b and checks the outcome: kind 0 means success. */
static void expect_at(check_counts *t, const wbuf *b, wr_error_kind kind, const char *reason, int line)
{
    wr_module *m = NULL;
    wr_error *e = b->failed ? wr_error_nomem() : decode(b->data, b->len, &m);
    bool ok = kind == 0 ? e == NULL
                        : e && wr_error_kind_of(e) == kind && (!reason || !strcmp(wr_error_reason(e), reason));
    check_at(t, ok, __FILE__, line, "expected %s, got %s", reason ? reason : kind ? "an error" : "success",
             e ? wr_error_message(e) : "success");
    wr_error_free(e);
    wr_module_destroy(m);
}
/* Every test function has its counts in t. */
#define EXPECT_OK(b) expect_at(t, (b), 0, NULL, __LINE__)
#define EXPECT_MALFORMED(b, reason) expect_at(t, (b), WR_ERR_MALFORMED, (reason), __LINE__)
#define EXPECT_INVALID(b, reason) expect_at(t, (b), WR_ERR_INVALID, (reason), __LINE__)

/* A module using every section and every element and data segment encoding. */
static void build_rich(wbuf *mod)
{
    wbuf s = {0};
    wbuf_header(mod);

    wbuf_reset(&s); /* types: (i32 i64) -> f32, () -> () */
    WBUF_BYTES(&s, 2, 0x60, 2, 0x7F, 0x7E, 1, 0x7D, 0x60, 0, 0);
    wbuf_section(mod, SEC_TYPE, &s);

    wbuf_reset(&s);
    wbuf_uleb(&s, 4);
    wbuf_name(&s, "env"), wbuf_name(&s, "f"), WBUF_BYTES(&s, 0x00, 0);
    wbuf_name(&s, "env"), wbuf_name(&s, "t"), WBUF_BYTES(&s, 0x01, 0x70, 0x00, 1);
    wbuf_name(&s, "env"), wbuf_name(&s, "m"), WBUF_BYTES(&s, 0x02, 0x01, 1, 2);
    wbuf_name(&s, "env"), wbuf_name(&s, "g"), WBUF_BYTES(&s, 0x03, 0x7F, 0x00);
    wbuf_section(mod, SEC_IMPORT, &s);

    wbuf_reset(&s);
    WBUF_BYTES(&s, 2, 1, 1);
    wbuf_section(mod, SEC_FUNCTION, &s);

    wbuf_reset(&s); /* table 1: externref, 0..10 */
    WBUF_BYTES(&s, 1, 0x6F, 0x01, 0, 10);
    wbuf_section(mod, SEC_TABLE, &s);

    wbuf_reset(&s);
    WBUF_BYTES(&s, 3);
    WBUF_BYTES(&s, 0x7C, 0x01, 0x44, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0x0B); /* mut f64 = 1.5 */
    WBUF_BYTES(&s, 0x7F, 0x00, 0x23, 0, 0x0B);                          /* i32 = global.get 0 */
    WBUF_BYTES(&s, 0x70, 0x00, 0xD2, 2, 0x0B);                          /* funcref = ref.func 2 */
    wbuf_section(mod, SEC_GLOBAL, &s);

    wbuf_reset(&s);
    WBUF_BYTES(&s, 2);
    wbuf_name(&s, "run"), WBUF_BYTES(&s, 0x00, 1);
    wbuf_name(&s, "mem"), WBUF_BYTES(&s, 0x02, 0);
    wbuf_section(mod, SEC_EXPORT, &s);

    wbuf_reset(&s);
    WBUF_BYTES(&s, 2);
    wbuf_section(mod, SEC_START, &s);

    wbuf_reset(&s);
    WBUF_BYTES(&s, 8);
    WBUF_BYTES(&s, 0, 0x41, 0, 0x0B, 1, 1);                       /* active table 0, [1] */
    WBUF_BYTES(&s, 1, 0x00, 1, 2);                                /* passive, [2] */
    WBUF_BYTES(&s, 2, 0, 0x41, 1, 0x0B, 0x00, 2, 1, 2);           /* active explicit table, [1 2] */
    WBUF_BYTES(&s, 3, 0x00, 1, 2);                                /* declarative, [2] */
    WBUF_BYTES(&s, 4, 0x41, 0, 0x0B, 2, 0xD2, 1, 0x0B, 0xD0, 0x70, 0x0B);
    WBUF_BYTES(&s, 5, 0x6F, 1, 0xD0, 0x6F, 0x0B);                 /* passive externref exprs */
    WBUF_BYTES(&s, 6, 0, 0x41, 0, 0x0B, 0x70, 1, 0xD2, 2, 0x0B);  /* active explicit, exprs */
    WBUF_BYTES(&s, 7, 0x70, 1, 0xD2, 1, 0x0B);                    /* declarative exprs */
    wbuf_section(mod, SEC_ELEMENT, &s);

    wbuf_reset(&s);
    WBUF_BYTES(&s, 2);
    wbuf_section(mod, SEC_DATACOUNT, &s);

    wbuf_reset(&s); /* body 1: 3 i32, 1 f64; body 2: nop */
    WBUF_BYTES(&s, 2, 6, 2, 3, 0x7F, 1, 0x7C, 0x0B, 3, 0, 0x01, 0x0B);
    wbuf_section(mod, SEC_CODE, &s);

    wbuf_reset(&s);
    WBUF_BYTES(&s, 2, 0, 0x41, 8, 0x0B, 2, 'h', 'i', 1, 3, 'x', 'y', 'z');
    wbuf_section(mod, SEC_DATA, &s);

    wbuf_reset(&s);
    wbuf_name(&s, "name");
    WBUF_BYTES(&s, 0, 4, 3, 'm', 'o', 'd');
    WBUF_BYTES(&s, 1, 11, 2, 0, 3, 'i', 'm', 'p', 2, 3, 't', 'w', 'o');
    WBUF_BYTES(&s, 2, 9, 1, 1, 2, 0, 1, 'a', 3, 1, 'd');
    wbuf_section(mod, SEC_CUSTOM, &s);
    wbuf_free(&s);
}

static void test_rich_module(check_counts *t)
{
    wbuf mod = {0};
    build_rich(&mod);
    wr_module *m = NULL;
    wr_error *e = decode(mod.data, mod.len, &m);
    size_t mod_len = mod.len;
    wbuf_free(&mod);
    REQUIRE_OK(t, e);
    CHECK(t, m->ntypes == 2 && m->types[0].nparams == 2 && m->types[0].nresults == 1);
    CHECK(t, m->types[0].types[1] == WR_I64 && m->types[0].pub.results[0] == WR_F32);
    CHECK(t, m->types[1].pub.nparams == 0 && m->types[1].pub.nresults == 0);
    CHECK(t, m->nimports == 4 && m->nfunc_imports == 1 && m->ntable_imports == 1);
    CHECK(t, m->nmemory_imports == 1 && m->nglobal_imports == 1);
    CHECK(t, !strcmp(m->imports[2].name.data, "m") && m->imports[2].name.len == 1);
    CHECK(t, m->imports[2].u.memory.limits.has_max && m->imports[2].u.memory.limits.max == 2);
    CHECK(t, m->nfuncs == 3 && m->funcs[0].type_index == 0 && m->funcs[2].type_index == 1);
    CHECK(t, m->ntables == 2 && m->tables[0].elem == WR_FUNCREF && m->tables[1].elem == WR_EXTERNREF);
    CHECK(t, m->tables[1].limits.max == 10 && m->nmemories == 1 && m->memories[0].limits.min == 1);
    CHECK(t, m->nglobals == 4 && m->globals[0].type.type == WR_I32 && !m->globals[0].type.is_mutable);
    CHECK(t, m->globals[1].type.is_mutable && m->globals[1].init.op == 0x44);
    CHECK(t, m->globals[1].init.u.bits == 0x3FF8000000000000ull);
    CHECK(t, m->globals[2].init.op == 0x23 && m->globals[2].init.type == WR_I32);
    CHECK(t, m->globals[3].init.op == 0xD2 && m->globals[3].init.u.index == 2);
    CHECK(t, m->nexports == 2 && !strcmp(m->exports[0].name.data, "run") && m->exports[1].kind == WR_EXTERN_MEMORY);
    CHECK(t, m->has_start && m->start == 2);
    CHECK(t, m->nelems == 8);
    CHECK(t, m->elems[0].mode == SEG_ACTIVE && m->elems[0].table == 0 && m->elems[0].funcs[0] == 1);
    CHECK(t, m->elems[1].mode == SEG_PASSIVE && m->elems[1].funcs && m->elems[1].count == 1);
    CHECK(t, m->elems[2].mode == SEG_ACTIVE && m->elems[2].offset.u.bits == 1 && m->elems[2].count == 2);
    /* Function indices make (ref func) elements (3.0). */
    CHECK(t, m->elems[3].mode == SEG_DECLARATIVE &&
                 m->elems[3].type == (wr_valtype)(WR_FUNCREF | WR_REF_NONNULL));
    CHECK(t, m->elems[4].exprs && m->elems[4].count == 2 && m->elems[4].exprs[1].op == 0xD0);
    CHECK(t, m->elems[5].mode == SEG_PASSIVE && m->elems[5].type == WR_EXTERNREF);
    CHECK(t, m->elems[5].exprs[0].type == WR_EXTERNREF);
    CHECK(t, m->elems[6].mode == SEG_ACTIVE && m->elems[6].exprs[0].u.index == 2);
    CHECK(t, m->elems[7].mode == SEG_DECLARATIVE && m->elems[7].exprs);
    CHECK(t, m->has_datacount && m->datacount == 2 && m->ndatas == 2);
    CHECK(t, m->datas[0].mode == SEG_ACTIVE && m->datas[0].size == 2);
    CHECK(t, !memcmp(m->bytes + m->datas[0].data_offset, "hi", 2));
    CHECK(t, m->datas[1].mode == SEG_PASSIVE && !memcmp(m->bytes + m->datas[1].data_offset, "xyz", 3));
    const wr_mfunc *f = &m->funcs[1];
    CHECK(t, f->nlocals == 4 && f->ngroups == 2 && f->groups[1].type == WR_F64);
    CHECK(t, f->local_types[2] == WR_I32 && f->local_types[3] == WR_F64);
    CHECK(t, m->bytes[f->body_offset] == 0x0B && f->body_end == f->body_offset + 1);
    CHECK(t, m->funcs[2].nlocals == 0 && m->bytes[m->funcs[2].body_offset] == 0x01);
    CHECK(t, m->funcs[2].body_end - m->funcs[2].body_offset == 2);
    /* Exported 1; element segments 1 and 2; the global names 2; the import 0 nowhere. */
    CHECK(t, m->declared_funcs[0] == 0x06);
    CHECK(t, m->name && !strcmp(m->name, "mod"));
    CHECK(t, wr_module_func_name(m, 0) && !strcmp(wr_module_func_name(m, 0), "imp"));
    /* Function 1 has no name in the name section: it goes by its export name. */
    wr_func_names names;
    wr_module_func_names_of(m, 1, &names);
    CHECK(t, !names.debug && names.export_name.data && !names.import_name.data);
    CHECK(t, wr_module_func_name(m, 1) == names.export_name.data);
    CHECK(t, wr_module_func_name(m, 2) && !strcmp(wr_module_func_name(m, 2), "two"));
    CHECK(t, m->nlocal_names == 1 && m->local_names[0].func == 1 && m->local_names[0].count == 2);
    CHECK(t, !strcmp(m->local_names[0].names[1].name, "d") && m->local_names[0].names[1].index == 3);
    /* The public view of the start function and the custom sections. */
    uint32_t start = 0;
    CHECK(t, wr_module_start(m, &start) && start == 2);
    CHECK(t, wr_module_custom_count(m) == 1);
    wr_name custom;
    const uint8_t *content;
    size_t size;
    wr_module_custom(m, 0, &custom, &content, &size);
    CHECK(t, custom.len == 4 && !strcmp(custom.data, "name") && size == 30 && content[0] == 0);
    CHECK(t, content + size == m->bytes + mod_len);
    wr_module_destroy(m);
}

/* Whether the module in b, cut at len, ends where one of its sections ends (or after the
 * header), read back from the section headers in b. */
static bool ends_a_section(const wbuf *b, size_t len)
{
    size_t at = 8;
    while (at < len) {
        uint64_t size = 0;
        unsigned shift = 0;
        at++; /* the id */
        while (at < b->len && b->data[at] & 0x80)
            size |= (uint64_t)(b->data[at++] & 0x7F) << shift, shift += 7;
        if (at < b->len)
            size |= (uint64_t)b->data[at++] << shift;
        at += size;
    }
    return at == len;
}

/* Every prefix of a module must either be a whole module (it ends where a section ends)
 * or fail as malformed; nothing may read past the end. */
static void test_prefixes(check_counts *t)
{
    wbuf mod = {0};
    build_rich(&mod);
    int bad = 0;
    for (size_t len = 0; len < mod.len; len++) {
        bool whole = ends_a_section(&mod, len);
        wr_module *m = NULL;
        wr_error *e = decode(mod.data, len, &m);
        if (!whole && (!e || wr_error_kind_of(e) != WR_ERR_MALFORMED)) {
            bad++;
            printf("FAIL prefix %zu: %s\n", len, e ? wr_error_message(e) : "decoded");
        }
        wr_error_free(e);
        wr_module_destroy(m);
    }
    CHECK(t, bad == 0);
    wbuf_free(&mod);
}

/* A module of one section of literal bytes. */
#define MODULE_WITH(mod, id, ...) (wbuf_header(mod), WBUF_SECTION((mod), (id), __VA_ARGS__))

static void test_header(check_counts *t)
{
    wbuf b = {0};
    EXPECT_MALFORMED(&b, "unexpected end");
    WBUF_BYTES(&b, 0, 'a', 's');
    EXPECT_MALFORMED(&b, "unexpected end");
    wbuf_reset(&b);
    WBUF_BYTES(&b, 0, 'a', 's', 'n', 1, 0, 0, 0);
    EXPECT_MALFORMED(&b, "magic header not detected");
    wbuf_reset(&b);
    WBUF_BYTES(&b, 0, 'a', 's', 'm', 1, 0);
    EXPECT_MALFORMED(&b, "unexpected end");
    wbuf_reset(&b);
    WBUF_BYTES(&b, 0, 'a', 's', 'm', 2, 0, 0, 0);
    EXPECT_MALFORMED(&b, "unknown binary version");
    /* What the file is instead: a component, the text format. */
    wbuf_reset(&b);
    WBUF_BYTES(&b, 0, 'a', 's', 'm', 0x0D, 0, 1, 0);
    EXPECT_MALFORMED(&b, "unknown binary version: a component-model binary; wr runs core modules");
    wbuf_reset(&b);
    WBUF_BYTES(&b, ' ', '\n', '(', 'm', 'o', 'd');
    EXPECT_MALFORMED(&b, "magic header not detected: this is the text format; convert it with "
                         "wat2wasm");
    wbuf_reset(&b);
    WBUF_BYTES(&b, ';', ';', ' ', 'x');
    EXPECT_MALFORMED(&b, "magic header not detected: this is the text format; convert it with "
                         "wat2wasm");
    wbuf_header(&b);
    EXPECT_OK(&b);
    WBUF_BYTES(&b, SEC_LAST + 1, 0);
    EXPECT_MALFORMED(&b, "malformed section id");
    wbuf_free(&b);
}

static void test_huge_counts(check_counts *t)
{
    wbuf b = {0};
    /* Claims of four billion items in a few bytes fail at once, before any allocation. */
    static const uint8_t ids[] = {SEC_TYPE, SEC_IMPORT, SEC_FUNCTION, SEC_TABLE, SEC_MEMORY,
                                  SEC_GLOBAL, SEC_EXPORT, SEC_ELEMENT, SEC_CODE, SEC_DATA};
    wbuf padding = {0};
    for (int i = 0; i < 200; i++)
        WBUF_BYTES(&padding, 0);
    for (size_t i = 0; i < sizeof ids; i++) {
        MODULE_WITH(&b, ids[i], 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0, 0);
        EXPECT_MALFORMED(&b, "length out of bounds");
        /* More items than the section has bytes, though the file would have enough. */
        MODULE_WITH(&b, ids[i], 100, 0, 0, 0);
        wbuf_section(&b, SEC_CUSTOM, &padding);
        EXPECT_MALFORMED(&b, "unexpected end of section or function");
    }
    /* Huge counts inside items. */
    MODULE_WITH(&b, SEC_TYPE, 1, 0x60, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0);
    EXPECT_MALFORMED(&b, "length out of bounds");
    MODULE_WITH(&b, SEC_ELEMENT, 1, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0);
    EXPECT_MALFORMED(&b, "length out of bounds");
    MODULE_WITH(&b, SEC_DATA, 1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    EXPECT_MALFORMED(&b, "length out of bounds");
    MODULE_WITH(&b, SEC_IMPORT, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    EXPECT_MALFORMED(&b, "length out of bounds");
    MODULE_WITH(&b, SEC_CUSTOM, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    EXPECT_MALFORMED(&b, "length out of bounds");
    wbuf_free(&b);
    wbuf_free(&padding);
}

/* A module with one function of type () -> () and the given body (size added here). */
static void with_body(wbuf *mod, const uint8_t *body, size_t n)
{
    wbuf code = {0};
    wbuf_header(mod);
    WBUF_SECTION(mod, SEC_TYPE, 1, 0x60, 0, 0);
    WBUF_SECTION(mod, SEC_FUNCTION, 1, 0);
    WBUF_BYTES(&code, 1);
    wbuf_uleb(&code, n);
    wbuf_bytes(&code, body, n);
    wbuf_section(mod, SEC_CODE, &code);
    wbuf_free(&code);
}
#define MODULE_WITH_BODY(mod, ...) \
    with_body((mod), (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

static void test_locals(check_counts *t)
{
    wbuf b = {0};
    MODULE_WITH_BODY(&b, 1, 0xD0, 0x86, 0x03, 0x7F, 0x0B); /* 50,000 */
    EXPECT_OK(&b);
    MODULE_WITH_BODY(&b, 1, 0xD1, 0x86, 0x03, 0x7F, 0x0B); /* 50,001 */
    EXPECT_MALFORMED(&b, "too many locals");
    MODULE_WITH_BODY(&b, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B);
    EXPECT_MALFORMED(&b, "too many locals");
    MODULE_WITH_BODY(&b, 1, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7F, 0x0B);
    EXPECT_MALFORMED(&b, "integer too large");
    MODULE_WITH_BODY(&b, 1, 1, 0x40, 0x0B);
    EXPECT_MALFORMED(&b, "malformed value type");
    MODULE_WITH_BODY(&b, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B);
    EXPECT_MALFORMED(&b, "unexpected end of section or function");
    /* Declarations running past the body. */
    MODULE_WITH_BODY(&b, 2, 1, 0x7F);
    EXPECT_MALFORMED(&b, NULL);

    /* A body longer than its section. */
    wbuf s = {0};
    wbuf_header(&b);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1, 0x60, 0, 0);
    wbuf_section(&b, SEC_TYPE, &s);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1, 0);
    wbuf_section(&b, SEC_FUNCTION, &s);
    WBUF_BYTES(&b, SEC_CODE, 4, 1, 4, 0, 0x0B, 0, 0);
    EXPECT_MALFORMED(&b, "section size mismatch");

    /* Bodies and declarations must agree in number. */
    wbuf_header(&b);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1, 0x60, 0, 0);
    wbuf_section(&b, SEC_TYPE, &s);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 2, 0, 0);
    wbuf_section(&b, SEC_FUNCTION, &s);
    EXPECT_MALFORMED(&b, "function and code section have inconsistent lengths");
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1, 2, 0, 0x0B);
    wbuf_section(&b, SEC_CODE, &s);
    EXPECT_MALFORMED(&b, "function and code section have inconsistent lengths");
    wbuf_free(&b);
    wbuf_free(&s);
}

static void test_leb128(check_counts *t)
{
    wbuf b = {0};
    /* Padded section size and count. */
    wbuf_header(&b);
    WBUF_BYTES(&b, SEC_TYPE, 0x86, 0x80, 0x80, 0x80, 0x00, 0x81, 0x80, 0x00, 0x60, 0, 0);
    EXPECT_OK(&b);
    wbuf_header(&b);
    WBUF_BYTES(&b, SEC_TYPE, 0x85, 0x80, 0x80, 0x80, 0x80, 0x00);
    EXPECT_MALFORMED(&b, "integer representation too long");
    wbuf_header(&b);
    WBUF_BYTES(&b, SEC_TYPE, 0x85, 0x80, 0x80, 0x80, 0x10);
    EXPECT_MALFORMED(&b, "integer too large");
    /* Memory limits at the edges of u32. */
    MODULE_WITH(&b, SEC_MEMORY, 1, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F);
    EXPECT_OK(&b);
    /* 3.0's limits flags: one byte; bit 2 is a 64-bit memory (memory64) with u64 bounds,
     * shared memories (threads) fail by name, and anything else is malformed. */
    MODULE_WITH(&b, SEC_MEMORY, 1, 2, 0);
    EXPECT_MALFORMED(&b, "malformed limits flags: a shared memory (threads are not supported)");
    MODULE_WITH(&b, SEC_MEMORY, 1, 3, 0, 1);
    EXPECT_MALFORMED(&b, "malformed limits flags: a shared memory (threads are not supported)");
    MODULE_WITH(&b, SEC_MEMORY, 1, 4, 0);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_MEMORY, 1, 5, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0x3F);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_MEMORY, 1, 8, 0);
    EXPECT_MALFORMED(&b, "malformed limits flags");
    MODULE_WITH(&b, SEC_MEMORY, 1, 0x81, 0x00, 0);
    EXPECT_MALFORMED(&b, "malformed limits flags");
    MODULE_WITH(&b, SEC_TABLE, 1, 0x70, 4, 0);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_TABLE, 1, 0x70, 2, 0);
    EXPECT_MALFORMED(&b, "malformed limits flags");
    /* Signed constants: the unused bits of the last byte must repeat the sign. */
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x0B);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0B);
    EXPECT_MALFORMED(&b, "integer too large");
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x0B);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B);
    EXPECT_MALFORMED(&b, "integer too large");
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7E, 0, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F,
                0x0B);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7E, 0, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                0x00, 0x0B);
    EXPECT_MALFORMED(&b, "integer representation too long");
    /* Type bytes are one-byte signed LEB128. */
    MODULE_WITH(&b, SEC_TYPE, 1, 0xE0, 0x7F, 0, 0);
    EXPECT_MALFORMED(&b, "integer representation too long");
    wbuf_free(&b);
}

static void test_section_order(check_counts *t)
{
    wbuf b = {0}, s = {0};
    wbuf_header(&b);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 0);
    wbuf_section(&b, SEC_IMPORT, &s);
    wbuf_section(&b, SEC_TYPE, &s);
    EXPECT_MALFORMED(&b, "unexpected content after last section");

    wbuf_header(&b);
    wbuf_section(&b, SEC_TYPE, &s);
    wbuf_section(&b, SEC_TYPE, &s);
    EXPECT_MALFORMED(&b, "unexpected content after last section");

    /* Data count goes between element and code; custom sections go anywhere. */
    wbuf_header(&b);
    wbuf_section(&b, SEC_ELEMENT, &s);
    WBUF_SECTION(&b, SEC_CUSTOM, 1, 'x');
    wbuf_section(&b, SEC_DATACOUNT, &s);
    WBUF_SECTION(&b, SEC_CUSTOM, 1, 'y');
    wbuf_section(&b, SEC_CODE, &s);
    wbuf_section(&b, SEC_DATA, &s);
    EXPECT_OK(&b);

    wbuf_header(&b);
    wbuf_section(&b, SEC_DATACOUNT, &s);
    wbuf_section(&b, SEC_ELEMENT, &s);
    EXPECT_MALFORMED(&b, "unexpected content after last section");

    wbuf_header(&b);
    wbuf_section(&b, SEC_CODE, &s);
    wbuf_section(&b, SEC_DATACOUNT, &s);
    EXPECT_MALFORMED(&b, "unexpected content after last section");

    /* Sizes that disagree with the contents. */
    wbuf_header(&b);
    WBUF_BYTES(&b, SEC_TYPE, 2, 0, 0);
    EXPECT_MALFORMED(&b, "section size mismatch");
    wbuf_header(&b);
    WBUF_BYTES(&b, SEC_TYPE, 2, 1, 0x60, 0, 0);
    EXPECT_MALFORMED(&b, "section size mismatch");

    /* Data count against the data section. */
    wbuf_header(&b);
    WBUF_BYTES(&b, SEC_DATACOUNT, 1, 1);
    EXPECT_MALFORMED(&b, "data count and data section have inconsistent lengths");
    WBUF_BYTES(&b, SEC_DATA, 3, 1, 1, 0);
    EXPECT_OK(&b);
    wbuf_free(&b);
    wbuf_free(&s);
}

static void test_kinds_and_types(check_counts *t)
{
    wbuf b = {0};
    MODULE_WITH(&b, SEC_IMPORT, 1, 0, 0, 5, 0);
    EXPECT_MALFORMED(&b, "malformed import kind");
    MODULE_WITH(&b, SEC_IMPORT, 1, 0, 0, 3, 0x7F, 2);
    EXPECT_MALFORMED(&b, "malformed mutability");
    MODULE_WITH(&b, SEC_EXPORT, 1, 0, 5, 0);
    EXPECT_MALFORMED(&b, "malformed export kind");
    MODULE_WITH(&b, SEC_TAG, 1, 1, 0);
    EXPECT_MALFORMED(&b, "malformed tag attribute");
    MODULE_WITH(&b, SEC_TABLE, 1, 0x7F, 0, 0);
    EXPECT_MALFORMED(&b, "malformed reference type");
    MODULE_WITH(&b, SEC_TYPE, 1, 0x61, 0, 0);
    EXPECT_MALFORMED(&b, "malformed function type");
    MODULE_WITH(&b, SEC_TYPE, 1, 0x60, 1, 0x7A, 0);
    EXPECT_MALFORMED(&b, "malformed value type");
    MODULE_WITH(&b, SEC_ELEMENT, 1, 8, 0);
    EXPECT_MALFORMED(&b, "malformed elements segment kind");
    MODULE_WITH(&b, SEC_ELEMENT, 1, 1, 1, 0);
    EXPECT_MALFORMED(&b, "malformed element kind");
    MODULE_WITH(&b, SEC_ELEMENT, 1, 5, 0x7F, 0);
    EXPECT_MALFORMED(&b, "malformed reference type");
    MODULE_WITH(&b, SEC_DATA, 1, 3, 0);
    EXPECT_MALFORMED(&b, "malformed data segment kind");
    /* Names must be UTF-8: overlong, surrogate, truncated and too-large forms fail. */
    MODULE_WITH(&b, SEC_EXPORT, 1, 2, 0xC0, 0x80, 0, 0);
    EXPECT_MALFORMED(&b, "malformed UTF-8 encoding");
    MODULE_WITH(&b, SEC_EXPORT, 1, 3, 0xED, 0xA0, 0x80, 0, 0);
    EXPECT_MALFORMED(&b, "malformed UTF-8 encoding");
    MODULE_WITH(&b, SEC_IMPORT, 1, 1, 0xE2, 0, 0, 0);
    EXPECT_MALFORMED(&b, "malformed UTF-8 encoding");
    MODULE_WITH(&b, SEC_IMPORT, 1, 4, 0xF4, 0x90, 0x80, 0x80, 0, 0, 0);
    EXPECT_MALFORMED(&b, "malformed UTF-8 encoding");
    MODULE_WITH(&b, SEC_EXPORT, 1, 4, 0xF0, 0x9F, 0x98, 0x80, 0, 0);
    EXPECT_OK(&b);
    wbuf_free(&b);
}

static void test_constant_expressions(check_counts *t)
{
    wbuf b = {0};
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x0B);
    EXPECT_INVALID(&b, "type mismatch");
    /* Sequences (3.0's extended constants) are typed by the validator, not the decoder. */
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x41, 0, 0x41, 0, 0x0B);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x41, 1, 0x41, 2, 0x6A, 0x0B);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x41, 1, 0x41, 2, 0x6D, 0x0B);
    EXPECT_INVALID(&b, "constant expression required");
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x41, 0, 0x01, 0x0B);
    EXPECT_INVALID(&b, "constant expression required");
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x20, 0, 0x0B);
    EXPECT_INVALID(&b, "constant expression required");
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0xFC, 0, 0x0B);
    EXPECT_INVALID(&b, "constant expression required");
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0xFC, 0x7F, 0x0B);
    EXPECT_MALFORMED(&b, "illegal opcode");
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x06, 0x0B);
    EXPECT_MALFORMED(&b, "illegal opcode");
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7F, 0, 0x41, 0);
    EXPECT_MALFORMED(&b, "unexpected end of section or function");
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7B, 0, 0xFD, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0x0B);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_GLOBAL, 1, 0x7B, 0, 0xFD, 13, 0x0B);
    EXPECT_INVALID(&b, "constant expression required");
    wbuf_free(&b);
}

static void test_custom_sections(check_counts *t)
{
    wbuf b = {0};
    /* A custom section's name must fit and be UTF-8. */
    MODULE_WITH(&b, SEC_CUSTOM, 5, 'a', 'b');
    EXPECT_MALFORMED(&b, NULL);
    MODULE_WITH(&b, SEC_CUSTOM, 1, 0xFF);
    EXPECT_MALFORMED(&b, "malformed UTF-8 encoding");
    wbuf_header(&b);
    WBUF_BYTES(&b, SEC_CUSTOM, 0);
    EXPECT_MALFORMED(&b, "unexpected end of section or function");
    /* Damaged name sections are ignored. */
    MODULE_WITH(&b, SEC_CUSTOM, 4, 'n', 'a', 'm', 'e', 1, 5, 2, 0, 1, 'a');
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_CUSTOM, 4, 'n', 'a', 'm', 'e', 1, 7, 2, 1, 1, 'a', 0, 1, 'b');
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_CUSTOM, 4, 'n', 'a', 'm', 'e', 1, 4, 1, 0, 1, 0xFF);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_CUSTOM, 4, 'n', 'a', 'm', 'e', 2, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0);
    EXPECT_OK(&b);
    MODULE_WITH(&b, SEC_CUSTOM, 4, 'n', 'a', 'm', 'e', 0, 0x7F);
    EXPECT_OK(&b);
    wr_module *m = NULL;
    wr_error *e = decode(b.data, b.len, &m);
    CHECK(t, !e && m->name == NULL && m->nfunc_names == 0);
    wr_error_free(e);
    wr_module_destroy(m);
    wbuf_free(&b);
}

/* Random damage to a valid module: decoding must end in success or a decode error. */
static void test_damage(check_counts *t)
{
    wbuf mod = {0};
    build_rich(&mod);
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    int unexpected = 0;
    uint8_t *copy = malloc(mod.len);
    for (int round = 0; copy && round < 20000; round++) {
        memcpy(copy, mod.data, mod.len);
        size_t n = mod.len;
        int edits = 1 + round % 4;
        for (int k = 0; k < edits; k++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            size_t at = 8 + seed % (n - 8);
            copy[at] = (uint8_t)(seed >> 32);
        }
        if (round % 5 == 0)
            n = 8 + (seed >> 40) % (n - 8);
        wr_module *m = NULL;
        wr_error *e = decode(copy, n, &m);
        if (e && wr_error_kind_of(e) != WR_ERR_MALFORMED && wr_error_kind_of(e) != WR_ERR_INVALID &&
            wr_error_kind_of(e) != WR_ERR_LIMIT)
            unexpected++;
        wr_error_free(e);
        wr_module_destroy(m);
    }
    CHECK(t, copy && unexpected == 0);
    free(copy);
    wbuf_free(&mod);
}

/* Writes b to a new file named after the mkstemp template path. */
static bool write_temp_file(char *path, const wbuf *b)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return false;
    bool ok = write(fd, b->data, b->len) == (ssize_t)b->len;
    close(fd);
    if (!ok)
        unlink(path);
    return ok;
}

/* The public module API over a small valid module. */
static void test_module_api(check_counts *t)
{
    wbuf b = {0}, s = {0};
    wbuf_header(&b);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1, 0x60, 1, 0x7F, 1, 0x7F);
    wbuf_section(&b, SEC_TYPE, &s);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1);
    wbuf_name(&s, "env"), wbuf_name(&s, "id"), WBUF_BYTES(&s, 0x00, 0);
    wbuf_section(&b, SEC_IMPORT, &s);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1, 0);
    wbuf_section(&b, SEC_FUNCTION, &s);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1, 0x7F, 0x01, 0x41, 7, 0x0B);
    wbuf_section(&b, SEC_GLOBAL, &s);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 2);
    wbuf_name(&s, "f"), WBUF_BYTES(&s, 0x00, 1);
    wbuf_name(&s, "g"), WBUF_BYTES(&s, 0x03, 0);
    wbuf_section(&b, SEC_EXPORT, &s);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1, 4, 0, 0x20, 0, 0x0B);
    wbuf_section(&b, SEC_CODE, &s);

    wr_engine *engine = wr_engine_new(NULL);
    wr_module *m = NULL;
    wr_error *e = wr_module_new(engine, b.data, b.len, &m);
    CHECK(t, e == NULL);
    if (e) {
        printf("  %s\n", wr_error_message(e));
        wr_error_free(e);
    } else {
        CHECK(t, wr_module_import_count(m) == 1 && wr_module_export_count(m) == 2);
        wr_name mod_name, name;
        wr_externtype type;
        wr_module_import(m, 0, &mod_name, &name, &type);
        CHECK(t, !strcmp(mod_name.data, "env") && name.len == 2 && type.kind == WR_EXTERN_FUNC);
        CHECK(t, type.of.func.nparams == 1 && type.of.func.params[0] == WR_I32 && type.of.func.results[0] == WR_I32);
        wr_module_export(m, 1, &name, &type);
        CHECK(t, !strcmp(name.data, "g") && type.kind == WR_EXTERN_GLOBAL && type.of.global.is_mutable);
        wr_module_export(m, 0, &name, &type);
        CHECK(t, type.kind == WR_EXTERN_FUNC && type.of.func.nresults == 1);
        CHECK(t, wr_module_name(m) == NULL);
        wr_module_free(m);
    }
    e = wr_module_validate(engine, b.data, b.len);
    CHECK(t, e == NULL);
    wr_error_free(e);
    e = wr_module_new(engine, b.data, 7, &m);
    CHECK(t, e && wr_error_kind_of(e) == WR_ERR_MALFORMED && m == NULL);
    wr_error_free(e);

    e = wr_module_load(engine, "/nonexistent/dir/x.wasm", &m);
    CHECK(t, e && wr_error_kind_of(e) == WR_ERR_IO && strstr(wr_error_message(e), "/nonexistent/dir/x.wasm"));
    wr_error_free(e);

    char path[] = "/tmp/wr-test-decode-XXXXXX";
    bool written = write_temp_file(path, &b);
    CHECK(t, written);
    if (written) {
        e = wr_module_load(engine, path, &m);
        CHECK(t, e == NULL);
        if (!e)
            wr_module_free(m);
        wr_error_free(e);
    }
    wr_engine_free(engine);

    wr_config cfg;
    wr_config_default(&cfg);
    cfg.max_module_size = 8;
    engine = wr_engine_new(&cfg);
    e = wr_module_new(engine, b.data, b.len, &m);
    CHECK(t, e && wr_error_kind_of(e) == WR_ERR_LIMIT);
    wr_error_free(e);
    if (written) {
        e = wr_module_load(engine, path, &m);
        CHECK(t, e && wr_error_kind_of(e) == WR_ERR_LIMIT && m == NULL);
        wr_error_free(e);
        unlink(path);
    }
    wr_engine_free(engine);
    wbuf_free(&b);
    wbuf_free(&s);
}

int main(void)
{
    check_counts t = {0};
    test_rich_module(&t);
    test_prefixes(&t);
    test_header(&t);
    test_huge_counts(&t);
    test_locals(&t);
    test_leb128(&t);
    test_section_order(&t);
    test_kinds_and_types(&t);
    test_constant_expressions(&t);
    test_custom_sections(&t);
    test_damage(&t);
    test_module_api(&t);
    return check_report(&t);
}
