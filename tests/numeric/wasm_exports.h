/* Reads just enough of a .wasm file to find each exported function's type and body. */
#ifndef WR_TESTS_NUMERIC_WASM_EXPORTS_H
#define WR_TESTS_NUMERIC_WASM_EXPORTS_H

#include <stddef.h>
#include <stdint.h>

enum { EXPORT_MAX_PARAMS = 4 };

typedef struct {
    char *name;
    uint32_t nparams, nresults;
    uint8_t params[EXPORT_MAX_PARAMS]; /* value type bytes; only when nparams fits */
    uint8_t result;                    /* the first result type, if any */
    uint32_t defined_index;            /* among the module's own functions */
    const uint8_t *body;               /* from the local declarations to the final end */
    size_t body_len;
} export_fn;

typedef struct {
    uint8_t *bytes;
    size_t len;
    export_fn *fns;
    size_t count;
} wasm_exports;

/* Returns 0 (after printing why) when the file cannot be read or is not understood. */
int wasm_exports_load(const char *path, wasm_exports *out);
void wasm_exports_free(wasm_exports *w);
const export_fn *wasm_exports_find(const wasm_exports *w, const char *name);

#endif
