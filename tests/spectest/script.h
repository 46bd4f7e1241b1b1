/*
 * Running one wast2json command script against the runtime.
 */
#ifndef SPECTEST_SCRIPT_H
#define SPECTEST_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "wr.h"

typedef struct spec_options {
    bool no_exec; /* only decoding and validation; execution commands are skipped */
    bool no_simd; /* execution commands of simd_* scripts are skipped */
    bool verbose; /* details of every failure */
} spec_options;

typedef struct spec_counts {
    size_t passed, failed, skipped;
} spec_counts;

/* Runs the script at path (module files are found beside it), prints its summary line and
 * returns its counts. A script that cannot be read or parsed counts as one failure. */
spec_counts spec_run_script(wr_engine *engine, const char *path, const spec_options *options);

/* Counts every command of the script at path as skipped because it needs feature, and
 * prints its summary line saying so. An unreadable script counts as one failure. */
spec_counts spec_skip_script(const char *path, const char *feature);

#endif
