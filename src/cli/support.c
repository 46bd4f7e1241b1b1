/* What every subcommand prints the same way: errors with their backtraces, and modules
 * loaded from a path or standard input. */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static bool same_frame(const wr_frame *a, const wr_frame *b)
{
    return a->func_index == b->func_index && a->code_offset == b->code_offset;
}

/* depth counts from the innermost frame, the frames the engine left out included. */
static void print_frame(size_t depth, const wr_frame *frame)
{
    fprintf(stderr, "  %3zu: 0x%06" PRIx32 " - ", depth, frame->code_offset);
    if (frame->func_name)
        wr_cli_print_name(stderr, (wr_name){frame->func_name, strlen(frame->func_name)});
    else
        fprintf(stderr, "func[%" PRIu32 "]", frame->func_index);
    fputc('\n', stderr);
}

/* The engine bounds what a backtrace keeps (wr_config.max_backtrace_frames) and says where
 * it left frames out; runs of one recursing frame are folded into a line. */
static void print_backtrace(const wr_error *e)
{
    size_t count = 0, gap = 0;
    const wr_frame *frames = wr_error_frames(e, &count);
    size_t left_out = wr_error_frames_left_out(e, &gap);
    if (count == 0)
        return;
    fputs("wasm backtrace:\n", stderr);
    for (size_t i = 0; i < count; i++) {
        if (i == gap && left_out)
            fprintf(stderr, "       ... %zu frames left out\n", left_out);
        print_frame(i < gap ? i : i + left_out, &frames[i]);
        /* A run stays on its side of the gap. */
        size_t end = i < gap ? gap : count, repeats = 0;
        while (i + 1 + repeats < end && same_frame(&frames[i], &frames[i + 1 + repeats]))
            repeats++;
        if (repeats > 1) {
            fprintf(stderr, "       ... the same frame %zu more times\n", repeats);
            i += repeats;
        }
    }
}

void wr_cli_print_error(const wr_error *e)
{
    fputs("wr: ", stderr);
    wr_cli_print_text(stderr, wr_error_message(e));
    fputc('\n', stderr);
    print_backtrace(e);
}

wr_engine *wr_cli_engine_new(const wr_config *config)
{
    wr_engine *engine = wr_engine_new(config);
    if (!engine)
        fputs("wr: out of memory\n", stderr);
    return engine;
}

const char *wr_cli_display_path(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

void wr_cli_print_load_error(const char *path, const wr_error *e)
{
    /* An i/o error's message names the file already. */
    if (wr_error_kind_of(e) == WR_ERR_IO)
        path = "wr";
    wr_cli_print_text(stderr, wr_cli_display_path(path));
    fputs(": ", stderr);
    wr_cli_print_text(stderr, wr_error_message(e));
    fputc('\n', stderr);
}

wr_module *wr_cli_load(wr_engine *engine, const char *path)
{
    wr_module *module;
    /* Standard input through its /dev name, so that it is read like any unsized file. */
    wr_error *e = wr_module_load(engine, strcmp(path, "-") == 0 ? "/dev/stdin" : path, &module);
    if (e) {
        wr_cli_print_load_error(path, e);
        wr_error_free(e);
        return NULL;
    }
    return module;
}

double wr_cli_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
