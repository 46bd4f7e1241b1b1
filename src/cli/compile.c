/* wr compile FILE.wasm -o OUT: the module's compiled-tier object, which `wr run OUT` runs. */
#include <string.h>

#include "cli.h"
#include "compile/compile.h"

int wr_cli_compile(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        fputs("usage: wr compile FILE.wasm -o OUT\n"
              "Translates FILE.wasm to C and builds it with the C compiler ($WR_CC, $CC or cc)\n"
              "into OUT, a shared object that carries the module: wr run OUT runs it.\n"
              "WR_COMPILE_OPT=-O0..-O3 picks the optimisation level (default -O2).\n",
              stdout);
        return 0;
    }
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
    /* The module is built as for the interpreter; the object is written, not cached, in
     * the compiled tier's default memory mode (guard regions where the host has them) so
     * that `wr run OUT` can use it. */
    wr_config config;
    wr_config_default(&config);
    config.bounds_checks = false;
    wr_engine *engine = wr_cli_engine_new(&config);
    if (!engine)
        return 1;
    wr_module *module = wr_cli_load(engine, in);
    wr_error *e = NULL;
    if (module) {
        double start = wr_cli_seconds();
        e = wrc_compile_to_file(module, out);
        double took = wr_cli_seconds() - start;
        if (!e && took > 1.0)
            fprintf(stderr, "wr: compiled %s (%.1f MB of wasm) in %.1f s\n",
                    wr_cli_display_path(in), (double)module->size / 1e6, took);
        wr_module_free(module);
    }
    if (e) {
        wr_cli_print_error(e);
        wr_error_free(e);
    }
    int status = module && !e ? 0 : 1;
    wr_engine_free(engine);
    return status;
}
