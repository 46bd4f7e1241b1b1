/* wr inspect FILE.wasm: a module's name, imports and exports with their types. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

static void print_limits(FILE *out, wr_limits limits)
{
    fprintf(out, "%" PRIu32 "..", limits.min);
    if (limits.has_max)
        fprintf(out, "%" PRIu32, limits.max);
}

/* The part after the name: " (i32) -> ()", ": pages 1..2", ": funcref 0..", ": mut i32". */
static void print_type(FILE *out, const wr_externtype *type)
{
    switch (type->kind) {
    case WR_EXTERN_FUNC:
        fputc(' ', out);
        wr_cli_print_functype(out, &type->of.func);
        break;
    case WR_EXTERN_TABLE:
        fprintf(out, ": %s ", wr_cli_valtype_name(type->of.table.elem));
        print_limits(out, type->of.table.limits);
        break;
    case WR_EXTERN_MEMORY:
        fputs(": pages ", out);
        print_limits(out, type->of.memory.limits);
        break;
    case WR_EXTERN_GLOBAL:
        fprintf(out, ": %s%s", type->of.global.is_mutable ? "mut " : "",
                wr_cli_valtype_name(type->of.global.type));
        break;
    }
    fputc('\n', out);
}

static const char *kind_name(wr_extern_kind kind)
{
    switch (kind) {
    case WR_EXTERN_FUNC: return "func";
    case WR_EXTERN_TABLE: return "table";
    case WR_EXTERN_MEMORY: return "memory";
    case WR_EXTERN_GLOBAL: return "global";
    }
    return "?";
}

int wr_cli_inspect(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: wr inspect FILE.wasm\n", stderr);
        return CLI_EXIT_USAGE;
    }
    wr_engine *engine = wr_cli_engine_new(WR_TIER_INTERP);
    if (!engine)
        return 1;
    wr_module *module;
    wr_error *e = wr_module_load(engine, argv[1], &module);
    if (e) {
        fprintf(stderr, "%s: %s\n", argv[1], wr_error_message(e));
        wr_error_free(e);
        wr_engine_free(engine);
        return 1;
    }
    const char *module_name = wr_module_name(module);
    if (module_name) {
        fputs("module ", stdout);
        wr_cli_print_name(stdout, (wr_name){module_name, strlen(module_name)});
        putchar('\n');
    }
    for (size_t i = 0; i < wr_module_import_count(module); i++) {
        wr_name module_name, name;
        wr_externtype type;
        wr_module_import(module, i, &module_name, &name, &type);
        printf("import %s ", kind_name(type.kind));
        wr_cli_print_name(stdout, module_name);
        putchar('.');
        wr_cli_print_name(stdout, name);
        print_type(stdout, &type);
    }
    for (size_t i = 0; i < wr_module_export_count(module); i++) {
        wr_name name;
        wr_externtype type;
        wr_module_export(module, i, &name, &type);
        printf("export %s ", kind_name(type.kind));
        wr_cli_print_name(stdout, name);
        print_type(stdout, &type);
    }
    wr_module_free(module);
    wr_engine_free(engine);
    return 0;
}
