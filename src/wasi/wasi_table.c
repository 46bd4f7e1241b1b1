/* The wasi_snapshot_preview1 import table, generated from WASI_FUNCTIONS (handlers.h): per
 * function the parameter list the signature and the trace read, and the entry that decodes
 * the raw wasm arguments into the handler's argument struct. */
#include <stddef.h>

#include "wasi/handlers.h"

const wasi_kind_info wr_wasi_kinds[WASI_KIND_COUNT] = {
#define KIND_INFO(kind, type, class, size, wasm, trace) [WASI_K_##kind] = {wasm, trace},
    WASI_KINDS(KIND_INFO)
#undef KIND_INFO
};

/* ---------------------------------------------------------------- decoding
 * One reader per class of kind; each takes its wasm values from *raw and moves it on. `size`
 * is the kind's result size (the out class checks it, the others have none). */

static uint16_t decode_u32(const guest_mem *m, const uint64_t **raw, size_t size, uint32_t *out)
{
    (void)m, (void)size;
    *out = (uint32_t)*(*raw)++;
    return 0;
}

static uint16_t decode_u64(const guest_mem *m, const uint64_t **raw, size_t size, uint64_t *out)
{
    (void)m, (void)size;
    *out = *(*raw)++;
    return 0;
}

static uint16_t decode_s64(const guest_mem *m, const uint64_t **raw, size_t size, int64_t *out)
{
    (void)m, (void)size;
    *out = (int64_t)*(*raw)++;
    return 0;
}

/* A result pointer: checked here, so that no handler does its work and then finds it
 * cannot say so. */
static uint16_t decode_out(const guest_mem *m, const uint64_t **raw, size_t size, uint8_t **out)
{
    uint32_t ptr = (uint32_t)*(*raw)++;
    if (!guest_ok(m, ptr, size))
        return WASI_EFAULT;
    *out = guest_at(m, ptr);
    return 0;
}

static uint16_t decode_buf(const guest_mem *m, const uint64_t **raw, size_t size, guest_buf *out)
{
    (void)size;
    uint32_t ptr = (uint32_t)(*raw)[0], len = (uint32_t)(*raw)[1];
    *raw += 2;
    if (!guest_ok(m, ptr, len))
        return WASI_EFAULT;
    *out = (guest_buf){guest_at(m, ptr), len};
    return 0;
}

static uint16_t decode_iovs(const guest_mem *m, const uint64_t **raw, size_t size, guest_iovs *out)
{
    (void)m, (void)size;
    *out = (guest_iovs){(uint32_t)(*raw)[0], (uint32_t)(*raw)[1]};
    *raw += 2;
    return 0;
}

/* decode_FD, decode_PATH, ...: a kind's class with its size. */
#define KIND_DECODER(kind, type, class, size, wasm, trace)                                    \
    static inline uint16_t decode_##kind(const guest_mem *m, const uint64_t **raw, type *out) \
    {                                                                                         \
        return decode_##class(m, raw, size, out);                                             \
    }
WASI_KINDS(KIND_DECODER)
#undef KIND_DECODER

/* ---------------------------------------------------------------- the table */

/* Every function fits the arrays sized WASI_MAX_PARAMS: checked here, at compile time. */
enum {
#define KIND_NWASM(kind, type, class, size, wasm, trace) NWASM_##kind = sizeof wasm - 1,
    WASI_KINDS(KIND_NWASM)
#undef KIND_NWASM
};
#define NWASM(kind, name) +NWASM_##kind
#define FITS(name, result, params)                                                            \
    _Static_assert(0 params <= WASI_MAX_PARAMS, #name ": more wasm parameters than WASI_MAX_PARAMS");
#define FITS0(name)
WASI_FUNCTIONS(FITS, FITS0, NWASM)
#undef NWASM
#undef FITS
#undef FITS0

/* Each function's parameters: what the signature and the trace read. */
#define PARAM(kind, name) {WASI_K_##kind, #name, #name "_len"},
#define PARAMS(name, result, params) static const wasi_param params_##name[] = {params};
#define NO_PARAMS(name)
WASI_FUNCTIONS(PARAMS, NO_PARAMS, PARAM)
#undef PARAM
#undef PARAMS
#undef NO_PARAMS

/* Each function's entry: fill the struct field by field in witx order (the first bad
 * pointer ends the call with EFAULT), then call the handler. */
#define DECODE(kind, name)                                                                    \
    if (!err)                                                                                 \
        err = decode_##kind(m, &raw, &args.name);
#define ENTRY(name, result, decode)                                                           \
    static uint16_t entry_##name(wr_wasi *w, const guest_mem *m, const uint64_t *raw)         \
    {                                                                                         \
        wasi_##name##_args args;                                                              \
        uint16_t err = 0;                                                                     \
        decode                                                                                \
        return err ? err : wr_wasi_##name(w, m, &args);                                       \
    }
#define ENTRY0(name)                                                                          \
    static uint16_t entry_##name(wr_wasi *w, const guest_mem *m, const uint64_t *raw)         \
    {                                                                                         \
        (void)raw;                                                                            \
        return wr_wasi_##name(w, m);                                                          \
    }
WASI_FUNCTIONS(ENTRY, ENTRY0, DECODE)
#undef DECODE
#undef ENTRY
#undef ENTRY0

#define RETURNS_ERRNO_ERRNO true
#define RETURNS_ERRNO_NONE false
#define NOTHING(kind, name)
#define IMPORT(name, result, params)                                                          \
    {#name, params_##name, sizeof params_##name / sizeof params_##name[0],                    \
     RETURNS_ERRNO_##result, entry_##name},
#define IMPORT0(name) {#name, NULL, 0, true, entry_##name},
const wasi_import wr_wasi_imports[] = {WASI_FUNCTIONS(IMPORT, IMPORT0, NOTHING)};
#undef NOTHING
#undef IMPORT
#undef IMPORT0

const size_t wr_wasi_import_count = sizeof wr_wasi_imports / sizeof wr_wasi_imports[0];

size_t wr_wasi_import_params(const wasi_import *imp, wr_valtype *types)
{
    size_t n = 0;
    for (size_t i = 0; i < imp->nparams; i++)
        for (const char *t = wr_wasi_kinds[imp->params[i].kind].wasm; *t; t++)
            types[n++] = *t == 'i' ? WR_I32 : WR_I64;
    return n;
}
