/* The WASI part of the standard C API (include/wr_wasm_wasi.h), shared by its two files. */
#ifndef WR_CAPI_WASI_H
#define WR_CAPI_WASI_H

#include "capi/capi.h"
#include "wr_wasi.h"
#include "wr_wasm_wasi.h"

typedef struct wr_capi_strings {
    size_t count, cap;
    char **items;
} wr_capi_strings;

typedef enum wr_capi_stdio_mode {
    WR_CAPI_STDIO_NONE = 0, /* stdin at end of file, output discarded */
    WR_CAPI_STDIO_INHERIT,
    WR_CAPI_STDIO_FILE
} wr_capi_stdio_mode;

typedef struct wr_capi_stdio {
    wr_capi_stdio_mode mode;
    char *path;
} wr_capi_stdio;

struct wasi_config_t {
    wr_capi_strings argv, env, preopens; /* env as NAME=VALUE, preopens as HOST::GUEST */
    wr_capi_stdio stdio[3];
};

/* The wr form of the config; NULL when out of memory. */
wr_wasi_config *wr_capi_wasi_config_build(const wasi_config_t *config);

#endif
