/* wr compile FILE.wasm -o OUT: the module's compiled-tier object, which `wr run OUT` runs. */
#include <string.h>

#include "cli.h"
#include "compile/compile.h"

int wr_cli_compile(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] != '-' && !in)
            in = argv[i];
        else
            in = out = NULL, i = argc;
    }
    if (!in || !out) {
        fputs("usage: wr compile FILE.wasm -o OUT\n", stderr);
        return CLI_EXIT_USAGE;
    }
    /* The module is built as for the interpreter; the object is written, not cached. */
    wr_engine *engine = wr_cli_engine_new(WR_TIER_INTERP);
    if (!engine)
        return 1;
    wr_module *module;
    wr_error *e = wr_module_load(engine, in, &module);
    if (!e) {
        double start = wr_cli_seconds();
        e = wrc_compile_to_file(module, out);
        double took = wr_cli_seconds() - start;
        if (!e && took > 1.0)
            fprintf(stderr, "wr: compiled %s (%.1f MB of wasm) in %.1f s\n", in,
                    (double)module->size / 1e6, took);
        wr_module_free(module);
    }
    if (e) {
        fprintf(stderr, "%s: %s\n", in, wr_error_message(e));
        wr_error_free(e);
    }
    wr_engine_free(engine);
    return e ? 1 : 0;
}
