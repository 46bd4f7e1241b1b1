#include <inttypes.h>
#include <time.h>

#include "cli.h"

/* Deep recursion makes backtraces of thousands of frames; these bound what is shown. */
#define MAX_SHOWN_FRAMES 50

static bool same_frame(const wr_frame *a, const wr_frame *b)
{
    return a->func_index == b->func_index && a->code_offset == b->code_offset;
}

static void print_frame(size_t index, const wr_frame *frame)
{
    fprintf(stderr, "  %3zu: 0x%06" PRIx32 " - ", index, frame->code_offset);
    if (frame->func_name)
        fprintf(stderr, "%s\n", frame->func_name);
    else
        fprintf(stderr, "func[%" PRIu32 "]\n", frame->func_index);
}

void wr_cli_print_error(const wr_error *e)
{
    fprintf(stderr, "wr: %s\n", wr_error_message(e));
    size_t count = 0;
    const wr_frame *frames = wr_error_frames(e, &count);
    if (count == 0)
        return;
    fputs("wasm backtrace:\n", stderr);
    size_t shown = 0, i = 0;
    while (i < count && shown < MAX_SHOWN_FRAMES) {
        print_frame(i, &frames[i]);
        shown++;
        size_t repeats = 0;
        while (i + 1 + repeats < count && same_frame(&frames[i], &frames[i + 1 + repeats]))
            repeats++;
        if (repeats > 1) {
            fprintf(stderr, "       ... the same frame %zu more times\n", repeats);
            i += repeats;
        }
        i++;
    }
    if (i < count)
        fprintf(stderr, "       ... %zu more frames\n", count - i);
}

wr_engine *wr_cli_engine_new(wr_tier tier)
{
    wr_config config;
    wr_config_default(&config);
    config.tier = tier;
    wr_engine *engine = wr_engine_new(&config);
    if (!engine)
        fputs("wr: out of memory\n", stderr);
    return engine;
}

double wr_cli_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
