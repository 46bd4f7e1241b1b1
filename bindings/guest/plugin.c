/* The guest both bindings' tests and examples load: a WASI reactor (wasi-libc) with plain
 * exports of each value type, traps, exits, long calls, and tagged-codec exports built with
 * wr_guest.h. build.sh rebuilds plugin.wasm from it. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wr_guest.h"

#define EXPORT(name) __attribute__((export_name(name)))

EXPORT("add") int32_t add(int32_t a, int32_t b) { return a + b; }
EXPORT("add64") int64_t add64(int64_t a, int64_t b) { return a + b; }
EXPORT("addf") float addf(float a, float b) { return a + b; }
EXPORT("addd") double addd(double a, double b) { return a + b; }
EXPORT("nothing") void nothing(void) {}

/* Never returns: only a cancel, a deadline or a closing reactor stops it. */
EXPORT("spin") void spin(void)
{
    volatile uint32_t n = 0;
    for (;;)
        n++;
}

/* Sleeps in poll_oneoff, which a cancel wakes. Returns ms. */
EXPORT("sleep_ms") int32_t sleep_ms(int32_t ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    return ms;
}

EXPORT("crash") void crash(void) { __builtin_trap(); }
EXPORT("div") int32_t divide(int32_t a, int32_t b) { return a / b; }
EXPORT("leave") void leave(int32_t code) { exit(code); }

EXPORT("say") int32_t say(void)
{
    int n = printf("hello from the plugin\n");
    fflush(stdout);
    fprintf(stderr, "a line on stderr\n");
    return n;
}

/* Tagged: (i32, u32, string, i32[], u32[]) -> (-i32, u32 + 1, STRING, reversed i32[],
 * doubled u32[]). */
EXPORT("echo") int32_t echo(uint8_t *area, uint32_t capacity)
{
    static char text[512];
    static int32_t ints[64];
    static uint32_t words[64];
    wr_guest_reader in = wr_guest_reader_init(area, capacity);
    int32_t i;
    uint32_t u, len;
    const char *s;
    wr_guest_array ia, ua;
    if (!wr_guest_read_i32(&in, &i) || !wr_guest_read_u32(&in, &u) ||
        !wr_guest_read_string(&in, &s, &len) || !wr_guest_read_i32_array(&in, &ia) ||
        !wr_guest_read_u32_array(&in, &ua) || !wr_guest_at_end(&in) || len > sizeof text ||
        ia.count > 64 || ua.count > 64)
        return 1;
    for (uint32_t k = 0; k < len; k++)
        text[k] = (char)toupper((unsigned char)s[k]);
    for (uint32_t k = 0; k < ia.count; k++)
        ints[k] = (int32_t)wr_guest_array_get(&ia, ia.count - 1 - k);
    for (uint32_t k = 0; k < ua.count; k++)
        words[k] = wr_guest_array_get(&ua, k) * 2;
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_i32(&out, -i);
    wr_guest_write_u32(&out, u + 1);
    wr_guest_write_string(&out, text, len);
    wr_guest_write_i32_array(&out, ints, ia.count);
    wr_guest_write_u32_array(&out, words, ua.count);
    return wr_guest_finish(&out);
}

/* Tagged: (string path) -> (string content, u32 size); error 2 when it cannot be read. */
EXPORT("read_file") int32_t read_file(uint8_t *area, uint32_t capacity)
{
    static char path[256], content[768];
    wr_guest_reader in = wr_guest_reader_init(area, capacity);
    const char *s;
    uint32_t len;
    if (!wr_guest_read_string(&in, &s, &len) || len >= sizeof path)
        return 1;
    memcpy(path, s, len);
    path[len] = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 2;
    size_t n = fread(content, 1, sizeof content, f);
    fclose(f);
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_string(&out, content, (uint32_t)n);
    wr_guest_write_u32(&out, (uint32_t)n);
    return wr_guest_finish(&out);
}

/* Tagged: (string name) -> (string value); error 3 when the variable is not set. */
EXPORT("getenv") int32_t get_env(uint8_t *area, uint32_t capacity)
{
    static char name[128];
    wr_guest_reader in = wr_guest_reader_init(area, capacity);
    const char *s;
    uint32_t len;
    if (!wr_guest_read_string(&in, &s, &len) || len >= sizeof name)
        return 1;
    memcpy(name, s, len);
    name[len] = 0;
    const char *value = getenv(name);
    if (!value)
        return 3;
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_string(&out, value, (uint32_t)strlen(value));
    return wr_guest_finish(&out);
}

/* Tagged: () -> (string): up to 256 bytes read from stdin. */
EXPORT("read_stdin") int32_t read_stdin(uint8_t *area, uint32_t capacity)
{
    static char buf[256];
    size_t n = fread(buf, 1, sizeof buf, stdin);
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_string(&out, buf, (uint32_t)n);
    return wr_guest_finish(&out);
}
