/* The -W settings: wasmtime's spellings of resource limits (and wr's own), mapped onto the
 * engine's wr_config and the run's watchdog. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { PAGE_BYTES = 65536 };

/* wasmtime bounds the stack in bytes, wr in wasm frames: -W max-wasm-stack counts one frame
 * per STACK_BYTES_PER_FRAME bytes, so wasmtime's default of 512 KiB is 8,192 frames. */
enum { STACK_BYTES_PER_FRAME = 64 };

/* A decimal (or 0x hex) count without sign, up to max; a leading 0 is not octal. */
static bool parse_count(const char *text, uint64_t max, uint64_t *out)
{
    if (!text || !*text || *text == '-' || *text == '+')
        return false;
    bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, hex ? 16 : 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

static bool set_fuel(void *state, const char *value)
{
    wr_cli_limits *l = state;
    uint64_t n;
    if (!parse_count(value, UINT64_MAX, &n) || n == 0)
        return false;
    l->config.fuel = n;
    return true;
}

static bool set_memory_size(void *state, const char *value)
{
    wr_cli_limits *l = state;
    uint64_t bytes;
    if (!parse_count(value, UINT64_MAX, &bytes))
        return false;
    /* Beyond 4 GiB it matters for 64-bit memories (memory64) only. */
    uint64_t pages = bytes / PAGE_BYTES;
    l->config.max_memory_pages = (uint32_t)(pages > UINT32_MAX ? UINT32_MAX : pages);
    return true;
}

static bool set_table_elements(void *state, const char *value)
{
    wr_cli_limits *l = state;
    uint64_t n;
    if (!parse_count(value, UINT32_MAX, &n))
        return false;
    l->config.max_table_elems = (uint32_t)n;
    return true;
}

static bool set_call_depth(void *state, const char *value)
{
    wr_cli_limits *l = state;
    uint64_t n;
    if (!parse_count(value, WR_MAX_CALL_DEPTH, &n) || n == 0)
        return false;
    l->config.max_call_depth = (uint32_t)n;
    return true;
}

static bool set_wasm_stack(void *state, const char *value)
{
    wr_cli_limits *l = state;
    uint64_t bytes;
    if (!parse_count(value, UINT64_MAX, &bytes) || bytes < STACK_BYTES_PER_FRAME)
        return false;
    uint64_t frames = bytes / STACK_BYTES_PER_FRAME;
    l->config.max_call_depth = (uint32_t)(frames > WR_MAX_CALL_DEPTH ? WR_MAX_CALL_DEPTH : frames);
    return true;
}

static bool set_module_size(void *state, const char *value)
{
    wr_cli_limits *l = state;
    uint64_t bytes;
    if (!parse_count(value, SIZE_MAX - 1, &bytes) || bytes == 0)
        return false;
    l->config.max_module_size = (size_t)bytes;
    return true;
}

/* Counts stored as they are; a WASI count of 0 means WASI's default, so it is refused. */
static bool set_u32(const char *value, uint32_t min, uint32_t *field)
{
    uint64_t n;
    if (!parse_count(value, UINT32_MAX, &n) || n < min)
        return false;
    *field = (uint32_t)n;
    return true;
}

static wr_config *config_of(void *state) { return &((wr_cli_limits *)state)->config; }

static bool set_functions(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_functions); }
static bool set_function_size(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_function_size); }
static bool set_globals(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_globals); }
static bool set_segments(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_segments); }
static bool set_instances(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_instances); }
static bool set_memories(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_memories); }
static bool set_tables(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_tables); }
static bool set_store_functions(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_store_functions); }
static bool set_store_globals(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_store_globals); }
static bool set_tags(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_tags); }
static bool set_store_tags(void *s, const char *v) { return set_u32(v, 0, &config_of(s)->max_store_tags); }
static bool set_store_exceptions(void *state, const char *value)
{
    return parse_count(value, UINT64_MAX, &config_of(state)->max_store_exceptions);
}
static bool set_host_fds(void *s, const char *v) { return set_u32(v, 1, &config_of(s)->max_host_fds); }
static bool set_fds(void *s, const char *v) { return set_u32(v, 3, &((wr_cli_limits *)s)->max_fds); }
static bool set_polls(void *s, const char *v) { return set_u32(v, 1, &((wr_cli_limits *)s)->max_poll_subscriptions); }

static bool set_store_memory_size(void *state, const char *value)
{
    uint64_t bytes;
    if (!parse_count(value, UINT64_MAX, &bytes))
        return false;
    config_of(state)->max_store_memory_pages = bytes / PAGE_BYTES;
    return true;
}

static bool set_store_table_elements(void *state, const char *value)
{
    return parse_count(value, UINT64_MAX, &config_of(state)->max_store_table_elems);
}

/* A duration the way wasmtime writes one ("1s", "500ms", "2m", "1h", "100us"); a bare number
 * is seconds, as for --timeout. */
static bool parse_duration(const char *text, double *seconds)
{
    static const struct {
        const char *unit;
        double seconds;
    } units[] = {{"", 1}, {"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}, {"m", 60}, {"h", 3600}};
    if (!text || !*text || *text == '-' || *text == '+')
        return false;
    char *end;
    double v = strtod(text, &end);
    if (end == text)
        return false;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].unit) == 0) {
            *seconds = v * units[i].seconds;
            return isfinite(*seconds) && *seconds > 0 && *seconds <= 1e9;
        }
    }
    return false;
}

bool wr_cli_limits_timeout(void *state, const char *value)
{
    wr_cli_limits *l = state;
    return parse_duration(value, &l->timeout);
}

static const wr_cli_setting limit_settings[] = {
    {"fuel", "N", set_fuel, "trap after N units of fuel (a call or a loop turn each)"},
    {"max-memory-size", "BYTES", set_memory_size, "cap on any memory, in bytes (whole pages)"},
    {"max-table-elements", "N", set_table_elements, "cap on any table's size"},
    {"max-wasm-stack", "BYTES", set_wasm_stack, "call depth at 64 bytes a frame (wr counts frames)"},
    {"timeout", "DURATION", wr_cli_limits_timeout, "the same as --timeout"},
    {"max-call-depth", "FRAMES", set_call_depth, "wr's own: frames of wasm calls (default 10000)"},
    {"max-module-size", "BYTES", set_module_size, "wr's own: largest module read (default 1 GiB)"},
    {"max-instances", "N", set_instances, "instances in the store (default 10000)"},
    {"max-memories", "N", set_memories, "memories in the store (default 10000)"},
    {"max-tables", "N", set_tables, "tables in the store (default 10000)"},
    {"max-store-memory-size", "BYTES", set_store_memory_size,
     "wr's own: all memories of the store together, in bytes (default 8 GiB)"},
    {"max-store-table-elements", "N", set_store_table_elements,
     "wr's own: all tables of the store together (default 10000000)"},
    {"max-store-functions", "N", set_store_functions, "wr's own: functions in the store (default 2000000)"},
    {"max-store-globals", "N", set_store_globals, "wr's own: globals in the store (default 1000000)"},
    {"max-functions", "N", set_functions, "wr's own: functions a module declares (default 1000000)"},
    {"max-function-size", "BYTES", set_function_size, "wr's own: code of one function (default 7654321)"},
    {"max-globals", "N", set_globals, "wr's own: globals a module declares (default 1000000)"},
    {"max-segments", "N", set_segments, "wr's own: element and data segments of a module (default 200000)"},
    {"max-tags", "N", set_tags, "wr's own: exception tags a module declares (default 1000000)"},
    {"max-store-tags", "N", set_store_tags, "wr's own: exception tags in the store (default 1000000)"},
    {"max-store-exceptions", "N", set_store_exceptions,
     "wr's own: exceptions alive at once in the store (default 1000000)"},
    {"max-host-fds", "N", set_host_fds,
     "wr's own: fds of all WASI instances together (default half the process's limit)"},
    {"max-fds", "N", set_fds, "wr's own: fds the WASI guest may hold, stdio included (default 1024)"},
    {"max-poll-subscriptions", "N", set_polls, "wr's own: subscriptions of one poll_oneoff (default 4096)"},
};

void wr_cli_limits_default(wr_cli_limits *limits)
{
    wr_config_default(&limits->config);
    limits->timeout = 0;
    limits->max_fds = 0;
    limits->max_poll_subscriptions = 0;
}

bool wr_cli_limits_apply(void *state, const char *key_value)
{
    size_t count = sizeof limit_settings / sizeof limit_settings[0];
    return wr_cli_apply_setting("-W", limit_settings, count, state, key_value);
}

void wr_cli_limits_help(FILE *out)
{
    wr_cli_print_settings(out, "-W", limit_settings, sizeof limit_settings / sizeof limit_settings[0]);
}
