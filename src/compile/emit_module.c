/*
 * The translator's module level (see docs/compiled.md, "Generated code"): what each C part
 * starts with (the prelude, the helpers every function uses, the declarations), which part
 * each function goes to, and the descriptor the runtime finds by name. The functions
 * themselves come from emit.c.
 */
#include <stdio.h>

#include "compile/compile.h"
#include "util/alloc.h"

/* What every generated file defines after the prelude headers. */
static const char helpers[] =
    "typedef uint64_t v128 __attribute__((vector_size(16)));\n"
    "typedef v128 v128u __attribute__((aligned(1)));\n"
    "typedef uint8_t u8x16 __attribute__((vector_size(16)));\n"
    "typedef uint16_t u16x8 __attribute__((vector_size(16)));\n"
    "typedef uint32_t u32x4 __attribute__((vector_size(16)));\n"
    "typedef uint64_t u64x2 __attribute__((vector_size(16)));\n"
    "typedef float f32x4 __attribute__((vector_size(16)));\n"
    "typedef double f64x2 __attribute__((vector_size(16)));\n"
    /* fr points at the function's own shadow frame, D is its depth. The frame records the
     * module offset of the instruction that calls or traps: AT(o) records it and gives D,
     * for services that trap or call. */
    "#define D ((uint32_t)(fr - c->frames))\n"
    "#define AT(o) (*fr = (o), D)\n"
    "#define TRAP_AT(k, depth) do { c->svc->trap(c, (uint32_t)(k), depth); "
    "__builtin_unreachable(); } while (0)\n"
    "#define TRAP(k, o) TRAP_AT(k, AT(o))\n"
    "#define ATTN(o) do { if (__builtin_expect(__atomic_load_n(c->attention, __ATOMIC_RELAXED), "
    "0)) c->svc->attend(c, AT(o)); } while (0)\n"
    /* The stack pointer without forcing a frame pointer where the target allows. */
    "#if defined(__x86_64__)\n"
    "static inline __attribute__((always_inline)) uintptr_t sp_(void) { uintptr_t s; "
    "__asm__(\"mov %%rsp, %0\" : \"=r\"(s)); return s; }\n"
    "#elif defined(__aarch64__)\n"
    "static inline __attribute__((always_inline)) uintptr_t sp_(void) { uintptr_t s; "
    "__asm__(\"mov %0, sp\" : \"=r\"(s)); return s; }\n"
    "#else\n"
    "static inline __attribute__((always_inline)) uintptr_t sp_(void) { "
    "return (uintptr_t)__builtin_frame_address(0); }\n"
    "#endif\n"
    "static void tail_run_(wrc_ctx *c, uint32_t *fr) { do { wrc_entry f_ = c->tail; "
    "c->tail = 0; f_(c, fr, c->tail_slots); } while (c->tail); }\n"
    /* The caller's frame (D - 1) raises an exhausted stack: *fr is not ours yet. */
    "#define ENTER() do { if (__builtin_expect((sp_() < c->stack_limit) | "
    "(fr > c->frames_end), 0)) TRAP_AT(WR_TRAP_STACK_EXHAUSTED, D - 1); "
    "} while (0)\n"
    /* A float is kept in a float register (FREG): through a general one, an f64 load became
     * a load, a move and, where an add took it from memory, a second load. */
    "#if defined(__x86_64__)\n#define FREG \"x\"\n#elif defined(__aarch64__)\n"
    "#define FREG \"w\"\n#else\n#define FREG \"r\"\n#endif\n"
    "static inline uint8_t ld_u8(const uint8_t *p) { uint8_t v = *p; KEEP(\"r\", v); return v; }\n"
    "static inline uint16_t ld_u16(const uint8_t *p) "
    "{ uint16_t v; memcpy(&v, p, 2); KEEP(\"r\", v); return v; }\n"
    "static inline uint32_t ld_u32(const uint8_t *p) "
    "{ uint32_t v; memcpy(&v, p, 4); KEEP(\"r\", v); return v; }\n"
    "static inline uint64_t ld_u64(const uint8_t *p) "
    "{ uint64_t v; memcpy(&v, p, 8); KEEP(\"r\", v); return v; }\n"
    "static inline float ld_f32(const uint8_t *p) "
    "{ float v; memcpy(&v, p, 4); KEEP(FREG, v); return v; }\n"
    "static inline double ld_f64(const uint8_t *p) "
    "{ double v; memcpy(&v, p, 8); KEEP(FREG, v); return v; }\n"
    "static inline void st_u8(uint8_t *p, uint8_t v) { *p = v; }\n"
    "static inline void st_u16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }\n"
    "static inline void st_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }\n"
    "static inline void st_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }\n";

static void emit_module_bytes(const wr_module *m, wrc_buf *out)
{
    wrc_buf_printf(out, "static const uint8_t module_bytes_[] = {");
    for (size_t i = 0; i < m->size; i++)
        wrc_buf_printf(out, "%u,%s", m->bytes[i], i % 32 == 31 ? "\n" : "");
    wrc_buf_printf(out, "0};\n");
}

/* Which part function fi goes to: contiguous runs of about equal body size. */
static uint32_t part_of(const wr_module *m, uint32_t fi, uint32_t nparts, uint64_t total)
{
    uint64_t before = 0;
    for (uint32_t i = m->nfunc_imports; i < fi; i++)
        before += m->funcs[i].body_end - m->funcs[i].body_offset;
    uint32_t part = (uint32_t)(total ? before * nparts / total : 0);
    return part < nparts ? part : nparts - 1;
}

uint64_t wrc_code_bytes(const wr_module *m)
{
    uint64_t total = 0;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
        total += m->funcs[i].body_end - m->funcs[i].body_offset;
    return total;
}

/* What every part starts with: the prelude, the helpers and every function's prototype
 * (FN: static in a single part; hidden, to link the parts, otherwise). */
static void emit_part_head(const wr_module *m, bool split, bool bounds_checks, wrc_buf *out)
{
    /* With guard regions the fault is the check, so a load must happen even when its value
     * is dead (drop (i32.load ...)): the C compiler would delete it. An empty asm that takes
     * the value (in a register of constraint c) keeps the load without a memory clobber, so
     * the loads still combine. */
    wrc_buf_printf(out, "%s\n#define KEEP(c, v) %s\n%s\n#define FN %s\n", wrc_prelude_text,
                   bounds_checks ? "((void)0)" : "__asm__(\"\" : : c(v))", helpers,
                   split ? "__attribute__((visibility(\"hidden\")))" : "static");
    wrc_emit_decls(m, out);
}

static void emit_descriptor(const wr_module *m, const char *key, bool bounds_checks,
                            bool with_bytes, wrc_buf *out)
{
    uint32_t n = m->nfuncs - m->nfunc_imports;
    if (with_bytes)
        emit_module_bytes(m, out);
    wrc_buf_printf(out, "static const wrc_entry entries_[] = {");
    for (uint32_t fi = m->nfunc_imports; fi < m->nfuncs; fi++)
        wrc_buf_printf(out, "e%u,", fi);
    wrc_buf_printf(out, "%s};\nstatic void *const natives_[] = {", n ? "" : "0");
    for (uint32_t fi = m->nfunc_imports; fi < m->nfuncs; fi++)
        wrc_buf_printf(out, "(void *)f%u,", fi);
    wrc_buf_printf(out,
                   "%s};\n__attribute__((visibility(\"default\"))) const wrc_descriptor "
                   "wrc_module_descriptor = {WRC_ABI_VERSION, %uu, %uu, \"%s\", entries_, "
                   "natives_, %s, %lluull};\n",
                   n ? "" : "0", n, bounds_checks ? 1u : 0u, key,
                   with_bytes ? "module_bytes_" : "0",
                   with_bytes ? (unsigned long long)m->size : 0ull);
}

wr_error *wrc_emit_module(const wr_module *m, const char *key, bool bounds_checks,
                          bool with_bytes, uint32_t nparts, wrc_buf *parts)
{
    uint64_t total = wrc_code_bytes(m);
    bool *tails = wr_mem_zalloc(m->alloc, m->nfuncs ? m->nfuncs : 1, sizeof *tails);
    if (!tails)
        return wr_error_nomem();
    for (uint32_t fi = m->nfunc_imports; fi < m->nfuncs; fi++)
        tails[fi] = wrc_has_tail_call(m, fi);
    bool exceptions = wrc_uses_exceptions(m);
    for (uint32_t p = 0; p < nparts; p++)
        emit_part_head(m, nparts > 1, bounds_checks, &parts[p]);
    for (uint32_t fi = m->nfunc_imports; fi < m->nfuncs; fi++) {
        wrc_buf *out = &parts[part_of(m, fi, nparts, total)];
        wr_error *err = wrc_emit_function(m, tails, fi, bounds_checks, exceptions, out);
        if (err) {
            wr_mem_free(tails);
            return err;
        }
    }
    wr_mem_free(tails);
    emit_descriptor(m, key, bounds_checks, with_bytes, &parts[0]);
    for (uint32_t p = 0; p < nparts; p++)
        if (parts[p].oom)
            return wr_error_nomem();
    return NULL;
}
