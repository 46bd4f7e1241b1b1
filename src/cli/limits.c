/* The -W settings: wasmtime's spellings of resource limits (and wr's own), mapped onto the
 * engine's wr_config and the run's watchdog. One table below gives every key its field, its
 * bounds and its help. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
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

/* A count -W reads: the number written must lie in [min, max]; number / unit is stored,
 * capped at cap (which the field holds), in the field at offset in wr_cli_limits, size bytes
 * wide. */
typedef struct count_limit {
    size_t offset, size;
    uint64_t min, max, unit, cap;
} count_limit;

static bool set_count(void *state, const void *arg, const char *value)
{
    const count_limit *c = arg;
    uint64_t n;
    if (!parse_count(value, c->max, &n) || n < c->min)
        return false;
    n = n / c->unit < c->cap ? n / c->unit : c->cap;
    unsigned char *field = (unsigned char *)state + c->offset;
    uint32_t n32 = (uint32_t)n;
    if (c->size == sizeof n32 && n <= UINT32_MAX)
        memcpy(field, &n32, sizeof n32);
    else if (c->size == sizeof n)
        memcpy(field, &n, sizeof n);
    else
        return false; /* a row whose cap its field cannot hold */
    return true;
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

static bool set_timeout(void *state, const void *arg, const char *value)
{
    (void)arg;
    return wr_cli_limits_timeout(state, value);
}

/* The count of a field of wr_cli_limits: the least and greatest number written, the unit it is
 * written in (bytes per stored page or frame, else 1), the greatest value stored. */
#define COUNT(field, min, max, unit, cap)                                                     \
    (&(const count_limit){offsetof(wr_cli_limits, field), sizeof(((wr_cli_limits *)0)->field), \
                          min, max, unit, cap})
/* Most are plain 32-bit counts. */
#define U32_COUNT(field, min) COUNT(field, min, UINT32_MAX, 1, UINT32_MAX)

/* One source for every -W key: what it sets, its bounds and its help. */
static const wr_cli_setting limit_settings[] = {
    {"fuel", "N", set_count, "trap after N units of fuel (a call or a loop turn each)",
     COUNT(config.fuel, 1, UINT64_MAX, 1, UINT64_MAX)},
    /* Beyond 4 GiB it matters for 64-bit memories (memory64) only. */
    {"max-memory-size", "BYTES", set_count, "cap on any memory, in bytes (whole pages)",
     COUNT(config.max_memory_pages, 0, UINT64_MAX, PAGE_BYTES, UINT32_MAX)},
    {"max-table-elements", "N", set_count, "cap on any table's size",
     U32_COUNT(config.max_table_elems, 0)},
    {"max-wasm-stack", "BYTES", set_count, "call depth at 64 bytes a frame (wr counts frames)",
     COUNT(config.max_call_depth, STACK_BYTES_PER_FRAME, UINT64_MAX, STACK_BYTES_PER_FRAME,
           WR_MAX_CALL_DEPTH)},
    {"timeout", "DURATION", set_timeout, "the same as --timeout", NULL},
    {"max-call-depth", "FRAMES", set_count, "wr's own: frames of wasm calls (default 10000)",
     COUNT(config.max_call_depth, 1, WR_MAX_CALL_DEPTH, 1, WR_MAX_CALL_DEPTH)},
    {"max-module-size", "BYTES", set_count, "wr's own: largest module read (default 1 GiB)",
     COUNT(config.max_module_size, 1, SIZE_MAX - 1, 1, SIZE_MAX - 1)},
    {"max-instances", "N", set_count, "instances in the store (default 10000)",
     U32_COUNT(config.max_instances, 0)},
    {"max-memories", "N", set_count, "memories in the store (default 10000)",
     U32_COUNT(config.max_memories, 0)},
    {"max-tables", "N", set_count, "tables in the store (default 10000)",
     U32_COUNT(config.max_tables, 0)},
    {"max-store-memory-size", "BYTES", set_count,
     "wr's own: all memories of the store together, in bytes (default 8 GiB)",
     COUNT(config.max_store_memory_pages, 0, UINT64_MAX, PAGE_BYTES, UINT64_MAX)},
    {"max-store-table-elements", "N", set_count,
     "wr's own: all tables of the store together (default 10000000)",
     COUNT(config.max_store_table_elems, 0, UINT64_MAX, 1, UINT64_MAX)},
    {"max-store-functions", "N", set_count, "wr's own: functions in the store (default 2000000)",
     U32_COUNT(config.max_store_functions, 0)},
    {"max-store-globals", "N", set_count, "wr's own: globals in the store (default 1000000)",
     U32_COUNT(config.max_store_globals, 0)},
    {"max-functions", "N", set_count, "wr's own: functions a module declares (default 1000000)",
     U32_COUNT(config.max_functions, 0)},
    {"max-function-size", "BYTES", set_count, "wr's own: code of one function (default 7654321)",
     U32_COUNT(config.max_function_size, 0)},
    {"max-globals", "N", set_count, "wr's own: globals a module declares (default 1000000)",
     U32_COUNT(config.max_globals, 0)},
    {"max-segments", "N", set_count,
     "wr's own: element and data segments of a module (default 200000)",
     U32_COUNT(config.max_segments, 0)},
    {"max-tags", "N", set_count, "wr's own: exception tags a module declares (default 1000000)",
     U32_COUNT(config.max_tags, 0)},
    {"max-store-tags", "N", set_count, "wr's own: exception tags in the store (default 1000000)",
     U32_COUNT(config.max_store_tags, 0)},
    {"max-store-exceptions", "N", set_count,
     "wr's own: exceptions alive at once in the store (default 1000000)",
     COUNT(config.max_store_exceptions, 0, UINT64_MAX, 1, UINT64_MAX)},
    /* A WASI count of 0 means WASI's default, so the least is 1 (3 fds: stdio). */
    {"max-host-fds", "N", set_count,
     "wr's own: fds of all WASI instances together (default half the process's limit)",
     U32_COUNT(config.max_host_fds, 1)},
    {"max-fds", "N", set_count,
     "wr's own: fds the WASI guest may hold, stdio included (default 1024)",
     U32_COUNT(max_fds, 3)},
    {"max-poll-subscriptions", "N", set_count,
     "wr's own: subscriptions of one poll_oneoff (default 4096)",
     U32_COUNT(max_poll_subscriptions, 1)},
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
