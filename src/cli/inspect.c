/* wr inspect [--json] FILE.wasm: a module's name, start function, imports and exports with
 * their types, and custom sections; as lines of text or as one JSON object. Every name is
 * escaped: it comes from the module. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

typedef struct inspect_request {
    wr_cli_limits limits;
    bool json;
} inspect_request;

static bool set_json(void *state, const char *value)
{
    (void)value;
    ((inspect_request *)state)->json = true;
    return true;
}

static bool set_limit(void *state, const char *value)
{
    return wr_cli_limits_apply(&((inspect_request *)state)->limits, value);
}

static const wr_cli_option inspect_options[] = {
    {"--json", NULL, set_json, "print one JSON object instead of lines of text"},
    {"-W", "KEY=VALUE", set_limit, "a limit of wr run; max-module-size is the one used here"},
};

static const wr_cli_options inspect_cli = {
    .command = "inspect",
    .operands = "FILE.wasm",
    .summary = "Lists a module's name, start function, imports and exports with their types,\n"
               "and custom sections. FILE.wasm may be - (standard input).",
    .list = inspect_options,
    .count = sizeof inspect_options / sizeof inspect_options[0],
    .more_help = NULL,
};

static const char *kind_name(wr_extern_kind kind)
{
    switch (kind) {
    case WR_EXTERN_FUNC: return "func";
    case WR_EXTERN_TABLE: return "table";
    case WR_EXTERN_MEMORY: return "memory";
    case WR_EXTERN_GLOBAL: return "global";
    case WR_EXTERN_TAG: return "tag";
    }
    return "?";
}

static wr_name c_name(const char *text) { return (wr_name){text, strlen(text)}; }

/* What a function is known by: its name-section name, else its first export name. */
static wr_name func_name(const wr_module *module, uint32_t index)
{
    wr_func_names names;
    wr_module_func_names(module, index, &names);
    if (names.debug)
        return c_name(names.debug);
    return names.export_name;
}

/* ------------------------------------------------------------------ text */

static void print_limits(FILE *out, wr_limits limits)
{
    fprintf(out, "%" PRIu64 "..", limits.min);
    if (limits.has_max)
        fprintf(out, "%" PRIu64, limits.max);
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
        fprintf(out, ": %s %s", wr_valtype_format(type->of.table.elem, (char[32]){0}, 32),
                type->of.table.is64 ? "i64 " : "");
        print_limits(out, type->of.table.limits);
        break;
    case WR_EXTERN_MEMORY:
        fprintf(out, ": %spages ", type->of.memory.is64 ? "i64 " : "");
        print_limits(out, type->of.memory.limits);
        break;
    case WR_EXTERN_GLOBAL:
        fprintf(out, ": %s%s", type->of.global.is_mutable ? "mut " : "",
                wr_valtype_format(type->of.global.type, (char[32]){0}, 32));
        break;
    case WR_EXTERN_TAG:
        fputc(' ', out);
        wr_cli_print_functype(out, &type->of.tag);
        break;
    }
    fputc('\n', out);
}

static void print_text(FILE *out, const wr_module *module)
{
    const char *module_name = wr_module_name(module);
    if (module_name) {
        fputs("module ", out);
        wr_cli_print_name(out, c_name(module_name));
        fputc('\n', out);
    }
    uint32_t start;
    if (wr_module_start(module, &start)) {
        fprintf(out, "start func[%" PRIu32 "]", start);
        wr_name name = func_name(module, start);
        if (name.data) {
            fputc(' ', out);
            wr_cli_print_name(out, name);
        }
        fputc('\n', out);
    }
    for (size_t i = 0; i < wr_module_import_count(module); i++) {
        wr_name module_name, name;
        wr_externtype type;
        wr_module_import(module, i, &module_name, &name, &type);
        fprintf(out, "import %s ", kind_name(type.kind));
        wr_cli_print_name(out, module_name);
        fputc('.', out);
        wr_cli_print_name(out, name);
        print_type(out, &type);
    }
    for (size_t i = 0; i < wr_module_export_count(module); i++) {
        wr_name name;
        wr_externtype type;
        wr_module_export(module, i, &name, &type);
        fprintf(out, "export %s ", kind_name(type.kind));
        wr_cli_print_name(out, name);
        print_type(out, &type);
    }
    for (size_t i = 0; i < wr_module_custom_count(module); i++) {
        wr_name name;
        size_t size;
        wr_module_custom(module, i, &name, NULL, &size);
        fputs("custom ", out);
        wr_cli_print_name(out, name);
        fprintf(out, ": %zu bytes\n", size);
    }
}

/* ------------------------------------------------------------------ JSON */

static void print_json_limits(FILE *out, wr_limits limits)
{
    fprintf(out, "\"min\": %" PRIu64 ", \"max\": ", limits.min);
    if (limits.has_max)
        fprintf(out, "%" PRIu64, limits.max);
    else
        fputs("null", out);
}

static void print_json_types(FILE *out, const wr_valtype *types, uint32_t count)
{
    fputc('[', out);
    for (uint32_t i = 0; i < count; i++)
        fprintf(out, "%s\"%s\"", i ? ", " : "", wr_valtype_format(types[i], (char[32]){0}, 32));
    fputc(']', out);
}

/* The members after "kind": "params"/"results", "element" and limits, limits (both after
 * "index": "i64" when 64-bit, memory64), or "type" and "mutable". */
static void print_json_type(FILE *out, const wr_externtype *type)
{
    fprintf(out, "\"kind\": \"%s\", ", kind_name(type->kind));
    switch (type->kind) {
    case WR_EXTERN_FUNC:
        fputs("\"params\": ", out);
        print_json_types(out, type->of.func.params, type->of.func.nparams);
        fputs(", \"results\": ", out);
        print_json_types(out, type->of.func.results, type->of.func.nresults);
        break;
    case WR_EXTERN_TABLE:
        fprintf(out, "\"element\": \"%s\", ",
                wr_valtype_format(type->of.table.elem, (char[32]){0}, 32));
        if (type->of.table.is64)
            fputs("\"index\": \"i64\", ", out);
        print_json_limits(out, type->of.table.limits);
        break;
    case WR_EXTERN_MEMORY:
        if (type->of.memory.is64)
            fputs("\"index\": \"i64\", ", out);
        print_json_limits(out, type->of.memory.limits);
        break;
    case WR_EXTERN_GLOBAL:
        fprintf(out, "\"type\": \"%s\", \"mutable\": %s",
                wr_valtype_format(type->of.global.type, (char[32]){0}, 32),
                type->of.global.is_mutable ? "true" : "false");
        break;
    case WR_EXTERN_TAG:
        fputs("\"params\": ", out);
        print_json_types(out, type->of.tag.params, type->of.tag.nparams);
        break;
    }
}

static void print_json(FILE *out, const wr_module *module)
{
    const char *module_name = wr_module_name(module);
    fputs("{\n  \"name\": ", out);
    if (module_name)
        wr_cli_print_json_string(out, c_name(module_name));
    else
        fputs("null", out);
    uint32_t start;
    if (wr_module_start(module, &start)) {
        fprintf(out, ",\n  \"start\": {\"index\": %" PRIu32 ", \"name\": ", start);
        wr_name name = func_name(module, start);
        if (name.data)
            wr_cli_print_json_string(out, name);
        else
            fputs("null", out);
        fputc('}', out);
    } else {
        fputs(",\n  \"start\": null", out);
    }
    fputs(",\n  \"imports\": [", out);
    for (size_t i = 0; i < wr_module_import_count(module); i++) {
        wr_name module_name, name;
        wr_externtype type;
        wr_module_import(module, i, &module_name, &name, &type);
        fputs(i ? ",\n    {\"module\": " : "\n    {\"module\": ", out);
        wr_cli_print_json_string(out, module_name);
        fputs(", \"name\": ", out);
        wr_cli_print_json_string(out, name);
        fputs(", ", out);
        print_json_type(out, &type);
        fputc('}', out);
    }
    fputs("],\n  \"exports\": [", out);
    for (size_t i = 0; i < wr_module_export_count(module); i++) {
        wr_name name;
        wr_externtype type;
        wr_module_export(module, i, &name, &type);
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
        wr_cli_print_json_string(out, name);
        fputs(", ", out);
        print_json_type(out, &type);
        fputc('}', out);
    }
    fputs("],\n  \"custom_sections\": [", out);
    for (size_t i = 0; i < wr_module_custom_count(module); i++) {
        wr_name name;
        size_t size;
        wr_module_custom(module, i, &name, NULL, &size);
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
        wr_cli_print_json_string(out, name);
        fprintf(out, ", \"size\": %zu}", size);
    }
    fputs("]\n}\n", out);
}

int wr_cli_inspect(int argc, char **argv)
{
    inspect_request req = {.json = false};
    wr_cli_limits_default(&req.limits);
    int first;
    int status = wr_cli_parse(&inspect_cli, &req, argc, argv, &first);
    if (status != CLI_PARSED)
        return status;
    if (first != argc - 1)
        return wr_cli_usage_error(&inspect_cli, "give one module file");
    wr_engine *engine = wr_cli_engine_new(&req.limits.config);
    if (!engine)
        return CLI_EXIT_FAILURE;
    wr_module *module = wr_cli_load(engine, argv[first]);
    if (module) {
        if (req.json)
            print_json(stdout, module);
        else
            print_text(stdout, module);
        wr_module_free(module);
    }
    wr_engine_free(engine);
    return module ? 0 : CLI_EXIT_FAILURE;
}
