#include "script.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/file.h"
#include "host.h"
#include "json.h"
#include "values.h"

/* A module defined with a name ("$M1"); instance is NULL when it failed to load. */
typedef struct named_instance {
    const json_value *name;
    wr_instance *instance;
} named_instance;

/* A module definition (3.0's `module definition $M`): loaded, not instantiated; module is
 * NULL when it failed to load. */
typedef struct definition {
    const json_value *name; /* NULL when unnamed */
    wr_module *module;
} definition;

typedef struct script {
    const spec_options *options;
    const char *dir;      /* where the module files are */
    const char *title;    /* the script's name, as in "address" for address.json */
    wr_engine *engine;
    wr_store *store;
    wr_linker *linker;
    bool exec;            /* whether execution commands run in this script */
    wr_instance *current; /* the most recent module; NULL when it failed */
    named_instance *named;
    size_t named_count, named_cap;
    definition *defs;     /* in script order; the last one is the latest definition */
    size_t def_count, def_cap;
    long line;
    spec_counts counts;
} script;

typedef struct command_kind {
    const char *type;
    bool needs_exec;
    void (*run)(script *s, const json_value *cmd);
} command_kind;

static void fail(script *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(script *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports are shown with -v only. */
static void vreport(const script *s, const char *fmt, va_list ap)
{
    if (!s->options->verbose)
        return;
    /* Line numbers are those of the .wast file the script was made from. */
    printf("  %s.wast:%ld: ", s->title, s->line);
    vprintf(fmt, ap);
    putchar('\n');
}

static void fail(script *s, const char *fmt, ...)
{
    s->counts.failed++;
    va_list ap;
    va_start(ap, fmt);
    vreport(s, fmt, ap);
    va_end(ap);
}

/* Something worth knowing that is not a failure. */
static void note(script *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(s, fmt, ap);
    va_end(ap);
}

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static const char *string_or(const json_value *cmd, const char *key, const char *fallback)
{
    const json_value *v = json_get_string(cmd, key);
    return v ? v->text : fallback;
}

/* Shows a rejection whose wording differs from the script's; it still counts as passed. */
static void note_wording(script *s, const json_value *cmd, const wr_error *e)
{
    const char *expected = string_or(cmd, "text", "");
    if (!starts_with(wr_error_reason(e), expected))
        note(s, "rejected as expected, but with \"%s\" instead of \"%s\"", wr_error_message(e), expected);
}

static wr_error *load_module(script *s, const json_value *cmd, wr_module **out)
{
    const char *filename = string_or(cmd, "filename", "");
    size_t size = strlen(s->dir) + strlen(filename) + 2;
    char *path = malloc(size);
    if (!path)
        return wr_error_nomem();
    snprintf(path, size, "%s/%s", s->dir, filename);
    wr_error *e = wr_module_load(s->engine, path, out);
    free(path);
    return e;
}

/* The command's module, or NULL after counting the failure. */
static wr_module *load_module_or_fail(script *s, const json_value *cmd)
{
    wr_module *module;
    wr_error *e = load_module(s, cmd, &module);
    if (!e)
        return module;
    fail(s, "module %s did not load: %s", string_or(cmd, "filename", ""), wr_error_message(e));
    wr_error_free(e);
    return NULL;
}

static bool name_equals(const json_value *a, const json_value *b)
{
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

static void set_current_named(script *s, const json_value *name, wr_instance *instance);

static void set_current(script *s, const json_value *cmd, wr_instance *instance)
{
    s->current = instance;
    const json_value *name = json_get_string(cmd, "name");
    if (name)
        set_current_named(s, name, instance);
}

/* Makes instance current and known by name. */
static void set_current_named(script *s, const json_value *name, wr_instance *instance)
{
    s->current = instance;
    if (s->named_count == s->named_cap) {
        size_t cap = s->named_cap ? s->named_cap * 2 : 8;
        named_instance *grown = realloc(s->named, cap * sizeof *grown);
        if (!grown) {
            fail(s, "out of memory");
            return;
        }
        s->named = grown;
        s->named_cap = cap;
    }
    s->named[s->named_count++] = (named_instance){name, instance};
}

/* The instance a command refers to by the given key ("module" or "name"), or the current one. */
static wr_instance *find_instance(script *s, const json_value *cmd, const char *key, char *why, size_t why_size)
{
    const json_value *name = json_get_string(cmd, key);
    if (!name) {
        if (!s->current)
            snprintf(why, why_size, "no module to use: the last one failed or none was given");
        return s->current;
    }
    for (size_t i = s->named_count; i-- > 0;) {
        if (name_equals(s->named[i].name, name)) {
            if (!s->named[i].instance)
                snprintf(why, why_size, "module %s failed earlier", name->text);
            return s->named[i].instance;
        }
    }
    snprintf(why, why_size, "unknown module %s", name->text);
    return NULL;
}

/* The outcome of an invoke or get: either it could not even be attempted (why says so), or
 * the call returned error or results. */
typedef struct outcome {
    bool attempted;
    char why[256];
    wr_error *error;
    wr_val *results;
    size_t count;
} outcome;

static void outcome_free(outcome *o)
{
    if (o->error)
        wr_error_free(o->error);
    free(o->results);
}

static bool export_of(script *s, const json_value *action, wr_extern_kind kind, wr_extern *ext, outcome *o)
{
    wr_instance *instance = find_instance(s, action, "module", o->why, sizeof o->why);
    if (!instance)
        return false;
    const json_value *field = json_get_string(action, "field");
    if (!field || !wr_instance_export(instance, field->text, field->len, ext) || ext->kind != kind) {
        snprintf(o->why, sizeof o->why, "no such export \"%s\"", field ? field->text : "");
        return false;
    }
    return true;
}

static void invoke(script *s, const json_value *action, outcome *o)
{
    wr_extern ext;
    if (!export_of(s, action, WR_EXTERN_FUNC, &ext, o))
        return;
    const wr_functype *type = wr_func_type(ext.of.func);
    const json_value *args = json_get(action, "args");
    size_t nargs = args && args->kind == JSON_ARRAY ? args->count : 0;
    wr_val *argv = calloc(nargs ? nargs : 1, sizeof *argv);
    o->results = calloc(type->nresults ? type->nresults : 1, sizeof *o->results);
    if (!argv || !o->results) {
        snprintf(o->why, sizeof o->why, "out of memory");
        free(argv);
        return;
    }
    for (size_t i = 0; i < nargs; i++) {
        if (!spec_value_parse(&args->items[i], &argv[i], o->why, sizeof o->why)) {
            free(argv);
            return;
        }
    }
    o->count = type->nresults;
    o->error = wr_func_call(s->store, ext.of.func, argv, nargs, o->results, o->count);
    o->attempted = true;
    free(argv);
}

static void get(script *s, const json_value *action, outcome *o)
{
    wr_extern ext;
    if (!export_of(s, action, WR_EXTERN_GLOBAL, &ext, o))
        return;
    o->results = malloc(sizeof *o->results);
    if (!o->results) {
        snprintf(o->why, sizeof o->why, "out of memory");
        return;
    }
    o->results[0] = wr_global_get(ext.of.global);
    o->count = 1;
    o->attempted = true;
}

static outcome perform(script *s, const json_value *cmd)
{
    outcome o = {0};
    const json_value *action = json_get(cmd, "action");
    const json_value *type = json_get_string(action, "type");
    if (json_is_string(type, "invoke"))
        invoke(s, action, &o);
    else if (json_is_string(type, "get"))
        get(s, action, &o);
    else
        snprintf(o.why, sizeof o.why, "unknown action type");
    return o;
}

/* Whether the outcome is a usable result; counts the failure when it is not. */
static bool completed(script *s, const outcome *o)
{
    if (!o->attempted)
        fail(s, "%s", o->why);
    else if (o->error)
        fail(s, "unexpected error: %s", wr_error_message(o->error));
    return o->attempted && !o->error;
}

static void expect_trap(script *s, const json_value *cmd, const wr_error *e)
{
    const char *expected = string_or(cmd, "text", "");
    if (wr_error_kind_of(e) != WR_ERR_TRAP)
        fail(s, "expected trap \"%s\", got %s", expected, wr_error_message(e));
    else if (!starts_with(wr_error_reason(e), expected))
        fail(s, "expected trap \"%s\", got \"%s\"", expected, wr_error_reason(e));
    else
        s->counts.passed++;
}

static void run_module(script *s, const json_value *cmd)
{
    wr_module *module = load_module_or_fail(s, cmd);
    if (!module) {
        set_current(s, cmd, NULL);
        return;
    }
    if (!s->exec) {
        wr_module_free(module);
        s->counts.passed++;
        return;
    }
    wr_instance *instance = NULL;
    wr_error *e = wr_linker_instantiate(s->linker, s->store, module, &instance);
    wr_module_free(module);
    if (e) {
        fail(s, "module %s did not instantiate: %s", string_or(cmd, "filename", ""), wr_error_message(e));
        wr_error_free(e);
        instance = NULL;
    } else {
        s->counts.passed++;
    }
    set_current(s, cmd, instance);
}

/* module_definition: the module must load; module_instance makes instances of it. */
static void run_module_definition(script *s, const json_value *cmd)
{
    wr_module *module = load_module_or_fail(s, cmd);
    if (s->def_count == s->def_cap) {
        size_t cap = s->def_cap ? s->def_cap * 2 : 4;
        definition *grown = realloc(s->defs, cap * sizeof *grown);
        if (!grown) {
            wr_module_free(module);
            fail(s, "out of memory");
            return;
        }
        s->defs = grown;
        s->def_cap = cap;
    }
    s->defs[s->def_count++] = (definition){json_get_string(cmd, "name"), module};
    if (module)
        s->counts.passed++;
}

/* The definition named by the command's "module", else the latest one; NULL after counting
 * the failure. */
static wr_module *find_definition(script *s, const json_value *cmd)
{
    const json_value *name = json_get_string(cmd, "module");
    for (size_t i = s->def_count; i-- > 0;) {
        if (!name || (s->defs[i].name && name_equals(s->defs[i].name, name))) {
            if (!s->defs[i].module)
                fail(s, "module definition %s failed earlier", name ? name->text : "");
            return s->defs[i].module;
        }
    }
    fail(s, "unknown module definition %s", name ? name->text : "");
    return NULL;
}

static void run_module_instance(script *s, const json_value *cmd)
{
    wr_module *module = find_definition(s, cmd);
    wr_instance *instance = NULL;
    if (module) {
        wr_error *e = wr_linker_instantiate(s->linker, s->store, module, &instance);
        if (e) {
            fail(s, "module instance did not instantiate: %s", wr_error_message(e));
            wr_error_free(e);
            instance = NULL;
        } else {
            s->counts.passed++;
        }
    }
    /* Named by "instance", where a module command has "name". */
    const json_value *name = json_get_string(cmd, "instance");
    s->current = instance;
    if (name)
        set_current_named(s, name, instance);
}

static void run_register(script *s, const json_value *cmd)
{
    char why[256];
    wr_instance *instance = find_instance(s, cmd, "name", why, sizeof why);
    const json_value *as = json_get_string(cmd, "as");
    if (!instance || !as) {
        fail(s, "cannot register: %s", instance ? "no name given" : why);
        return;
    }
    wr_error *e = wr_linker_define_instance(s->linker, as->text, as->len, instance);
    if (e) {
        fail(s, "cannot register: %s", wr_error_message(e));
        wr_error_free(e);
        return;
    }
    s->counts.passed++;
}

static void run_action(script *s, const json_value *cmd)
{
    outcome o = perform(s, cmd);
    if (completed(s, &o))
        s->counts.passed++;
    outcome_free(&o);
}

static void run_assert_return(script *s, const json_value *cmd)
{
    outcome o = perform(s, cmd);
    const json_value *expected = json_get(cmd, "expected");
    size_t count = expected && expected->kind == JSON_ARRAY ? expected->count : 0;
    if (!completed(s, &o)) {
        outcome_free(&o);
        return;
    }
    const json_value *either = json_get(cmd, "either");
    if (either && either->kind == JSON_ARRAY) {
        /* (either r1 r2 ...) as the only result: one of the alternatives */
        bool any = false;
        for (size_t i = 0; i < either->count && o.count == 1 && !any; i++)
            any = spec_value_matches(&either->items[i], o.results[0]);
        if (any)
            s->counts.passed++;
        else
            fail(s, "the result matches none of the %zu alternatives", either->count);
        outcome_free(&o);
        return;
    }
    if (o.count != count) {
        fail(s, "expected %zu results, got %zu", count, o.count);
        outcome_free(&o);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        if (!spec_value_matches(&expected->items[i], o.results[i])) {
            char want[512], got[512];
            spec_value_describe(&expected->items[i], want, sizeof want);
            spec_val_describe(o.results[i], &expected->items[i], got, sizeof got);
            fail(s, "result %zu: expected %s, got %s", i, want, got);
            outcome_free(&o);
            return;
        }
    }
    s->counts.passed++;
    outcome_free(&o);
}

/* assert_trap and assert_exhaustion. */
static void run_assert_trap(script *s, const json_value *cmd)
{
    outcome o = perform(s, cmd);
    if (!o.attempted)
        fail(s, "%s", o.why);
    else if (!o.error)
        fail(s, "expected trap \"%s\", but the call returned", string_or(cmd, "text", ""));
    else
        expect_trap(s, cmd, o.error);
    outcome_free(&o);
}

/* assert_exception: the call must end with an uncaught wasm exception, which is not a
 * trap. */
static void run_assert_exception(script *s, const json_value *cmd)
{
    outcome o = perform(s, cmd);
    if (!o.attempted)
        fail(s, "%s", o.why);
    else if (!o.error)
        fail(s, "expected an uncaught exception, but the call returned");
    else if (wr_error_kind_of(o.error) != WR_ERR_EXCEPTION)
        fail(s, "expected an uncaught exception, got %s", wr_error_message(o.error));
    else if (!wr_error_exception_tag(o.error))
        fail(s, "the uncaught exception names no tag");
    else
        s->counts.passed++;
    outcome_free(&o);
}

/* assert_malformed and assert_invalid: the module must be rejected. */
static void run_assert_rejected(script *s, const json_value *cmd)
{
    if (!json_is_string(json_get(cmd, "module_type"), "binary")) {
        s->counts.skipped++; /* text modules: wr reads binary only */
        return;
    }
    wr_module *module;
    wr_error *e = load_module(s, cmd, &module);
    if (!e) {
        fail(s, "module %s was accepted; expected \"%s\"", string_or(cmd, "filename", ""),
             string_or(cmd, "text", ""));
        wr_module_free(module);
        return;
    }
    note_wording(s, cmd, e);
    wr_error_free(e);
    s->counts.passed++;
}

/* assert_unlinkable and assert_uninstantiable: the module loads, instantiating it fails. */
static void run_assert_not_instantiable(script *s, const json_value *cmd)
{
    wr_module *module = load_module_or_fail(s, cmd);
    if (!module)
        return;
    wr_instance *instance = NULL;
    wr_error *e = wr_linker_instantiate(s->linker, s->store, module, &instance);
    wr_module_free(module);
    bool unlinkable = json_is_string(json_get(cmd, "type"), "assert_unlinkable");
    if (!e) {
        fail(s, "module %s instantiated; expected \"%s\"", string_or(cmd, "filename", ""),
             string_or(cmd, "text", ""));
    } else if (!unlinkable) {
        expect_trap(s, cmd, e);
    } else if (wr_error_kind_of(e) != WR_ERR_LINK) {
        fail(s, "expected a link error, got %s", wr_error_message(e));
    } else {
        note_wording(s, cmd, e);
        s->counts.passed++;
    }
    if (e)
        wr_error_free(e);
}

static const command_kind command_kinds[] = {
    {"module", false, run_module},
    {"module_definition", false, run_module_definition},
    {"module_instance", true, run_module_instance},
    {"register", true, run_register},
    {"action", true, run_action},
    {"assert_return", true, run_assert_return},
    {"assert_trap", true, run_assert_trap},
    {"assert_exhaustion", true, run_assert_trap},
    {"assert_exception", true, run_assert_exception},
    {"assert_malformed", false, run_assert_rejected},
    {"assert_invalid", false, run_assert_rejected},
    {"assert_unlinkable", true, run_assert_not_instantiable},
    {"assert_uninstantiable", true, run_assert_not_instantiable},
};

static void run_command(script *s, const json_value *cmd)
{
    const json_value *line = json_get(cmd, "line");
    s->line = line && line->kind == JSON_NUMBER ? strtol(line->text, NULL, 10) : 0;
    const json_value *type = json_get_string(cmd, "type");
    for (size_t i = 0; i < sizeof command_kinds / sizeof command_kinds[0]; i++) {
        if (json_is_string(type, command_kinds[i].type)) {
            if (command_kinds[i].needs_exec && !s->exec)
                s->counts.skipped++;
            else
                command_kinds[i].run(s, cmd);
            return;
        }
    }
    fail(s, "unknown command type \"%s\"", type ? type->text : "");
}

static void run_commands(script *s, const json_value *commands)
{
    if (s->exec) {
        s->store = wr_store_new(s->engine);
        s->linker = wr_linker_new(s->engine);
        if (!s->store || !s->linker || !spectest_host_define(s->linker, s->store)) {
            fail(s, "cannot set up the store and the spectest module");
            return;
        }
    }
    for (size_t i = 0; i < commands->count; i++)
        run_command(s, &commands->items[i]);
}

/* Splits path into the folder and the script name without ".json". */
static bool split_path(const char *path, char **dir, char **title)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dir_len = slash ? (size_t)(slash - path) : 1;
    size_t base_len = strlen(base);
    if (base_len > 5 && strcmp(base + base_len - 5, ".json") == 0)
        base_len -= 5;
    *dir = malloc(dir_len + 1);
    *title = malloc(base_len + 1);
    if (!*dir || !*title) {
        free(*dir);
        free(*title);
        return false;
    }
    memcpy(*dir, slash ? path : ".", dir_len);
    (*dir)[dir_len] = '\0';
    memcpy(*title, base, base_len);
    (*title)[base_len] = '\0';
    return true;
}

spec_counts spec_run_script(wr_engine *engine, const char *path, const spec_options *options)
{
    spec_counts broken = {.failed = 1};
    char *dir, *title;
    if (!split_path(path, &dir, &title)) {
        printf("%s: out of memory\n", path);
        return broken;
    }
    script s = {.options = options, .dir = dir, .title = title, .engine = engine};
    s.exec = !options->no_exec && !(options->no_simd && starts_with(title, "simd_"));

    uint8_t *text;
    size_t len;
    int read_err = wr_read_file(&wr_default_allocator, path, SIZE_MAX, &text, &len);
    char err[256];
    if (read_err)
        snprintf(err, sizeof err, "cannot read: %s", strerror(read_err));
    json_value *root = text ? json_parse((const char *)text, len, err, sizeof err) : NULL;
    const json_value *commands = json_get(root, "commands");
    if (!commands || commands->kind != JSON_ARRAY) {
        printf("%s: %s\n", path, root ? "no \"commands\" array" : err);
        s.counts = broken;
    } else {
        run_commands(&s, commands);
        printf("%s: %zu passed, %zu failed, %zu skipped\n", title, s.counts.passed, s.counts.failed,
               s.counts.skipped);
    }
    if (s.linker)
        wr_linker_free(s.linker);
    if (s.store)
        wr_store_free(s.store);
    json_free(root);
    wr_mem_free(text);
    free(s.named);
    for (size_t i = 0; i < s.def_count; i++)
        wr_module_free(s.defs[i].module);
    free(s.defs);
    free(dir);
    free(title);
    return s.counts;
}

spec_counts spec_skip_script(const char *path, const char *feature)
{
    spec_counts counts = {.failed = 1};
    char *dir, *title;
    if (!split_path(path, &dir, &title)) {
        printf("%s: out of memory\n", path);
        return counts;
    }
    uint8_t *text;
    size_t len;
    int read_err = wr_read_file(&wr_default_allocator, path, SIZE_MAX, &text, &len);
    json_value *root = read_err ? NULL : json_parse((const char *)text, len, NULL, 0);
    const json_value *commands = json_get(root, "commands");
    if (commands && commands->kind == JSON_ARRAY) {
        counts = (spec_counts){.skipped = commands->count};
        printf("%s: 0 passed, 0 failed, %zu skipped (needs %s)\n", title, counts.skipped, feature);
    } else {
        printf("%s: cannot read its commands\n", path);
    }
    json_free(root);
    if (!read_err)
        wr_mem_free(text);
    free(dir);
    free(title);
    return counts;
}
