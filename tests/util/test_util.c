/* src/util: bounded backtraces (which frames are kept across activations, which are asked
 * for), the monotonic clock and condition waits, UTF-8 validation and decoding, and reading
 * files within a limit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/file.h"
#include "util/utf8.h"

/* Frames are numbered through all activations: frame k of an activation starting at `base`
 * gets func_index base + k. */
typedef struct {
    uint32_t base;
    size_t asked;
} numbering;

static void number_frame(void *ctx, size_t k, wr_frame *frame)
{
    numbering *n = ctx;
    n->asked++;
    *frame = (wr_frame){.func_index = n->base + (uint32_t)k};
}

/* Push activations of the given sizes with a bound; check the kept indices. */
static void check_kept(check_counts *t, uint32_t limit, const size_t *sizes, size_t nsizes,
                       const uint32_t *want, size_t nwant, size_t want_left_out, size_t max_asked)
{
    wr_error *e = wr_error_trap(WR_TRAP_STACK_EXHAUSTED);
    numbering n = {0, 0};
    for (size_t i = 0; i < nsizes; i++) {
        wr_error_push_frames(e, sizes[i], limit, number_frame, &n);
        n.base += (uint32_t)sizes[i];
    }
    size_t count, position;
    const wr_frame *frames = wr_error_frames(e, &count);
    CHECK(t, count == nwant);
    for (size_t i = 0; i < count && i < nwant; i++)
        CHECK(t, frames[i].func_index == want[i]);
    CHECK(t, wr_error_frames_left_out(e, &position) == want_left_out);
    CHECK(t, position == (want_left_out ? (limit + 1) / 2 : count));
    CHECK(t, n.asked <= max_asked);
    wr_error_free(e);
}

static void test_backtrace_bounds(check_counts *t)
{
    /* Three activations, 11 frames, bound 6: the 3 innermost and the 3 outermost. */
    size_t three[3] = {4, 5, 2};
    uint32_t kept6[6] = {0, 1, 2, 8, 9, 10};
    check_kept(t, 6, three, 3, kept6, 6, 5, 11);
    /* An odd bound keeps one more inner frame. */
    uint32_t kept5[5] = {0, 1, 2, 9, 10};
    check_kept(t, 5, three, 3, kept5, 5, 6, 11);
    /* Under the bound nothing is left out; no bound keeps everything. */
    uint32_t all[11] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    check_kept(t, 11, three, 3, all, 11, 0, 11);
    check_kept(t, 0, three, 3, all, 11, 0, 11);
    /* One deep activation: only the kept frames are ever built. */
    size_t deep[1] = {1000000};
    uint32_t kept4[4] = {0, 1, 999998, 999999};
    check_kept(t, 4, deep, 1, kept4, 4, 999996, 4);
    /* A bound of 1 keeps the innermost frame. */
    uint32_t kept1[1] = {0};
    check_kept(t, 1, three, 3, kept1, 1, 10, 11);
    /* The shared out-of-memory error takes no frames. */
    numbering n = {0, 0};
    wr_error_push_frames(wr_error_nomem(), 3, 0, number_frame, &n);
    size_t count;
    CHECK(t, !wr_error_frames(wr_error_nomem(), &count) && count == 0 && n.asked == 0);
}

static void test_clock(check_counts *t)
{
    uint64_t a = wr_now_ns(), b = wr_now_ns();
    CHECK(t, a > 0 && b >= a);
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond;
    CHECK(t, wr_cond_init_monotonic(&cond) == 0);
    pthread_mutex_lock(&lock);
    uint64_t start = wr_now_ns();
    int rc = 0;
    while (rc != ETIMEDOUT)
        rc = wr_cond_wait_until(&cond, &lock, start + 5000000);
    pthread_mutex_unlock(&lock);
    CHECK(t, wr_now_ns() - start >= 5000000);
    pthread_cond_destroy(&cond);
}

static void test_utf8(check_counts *t)
{
    CHECK(t, wr_utf8_valid((const uint8_t *)"plain", 5));
    CHECK(t, wr_utf8_valid((const uint8_t *)"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 9));
    CHECK(t, !wr_utf8_valid((const uint8_t *)"\xC0\xAF", 2));         /* overlong */
    CHECK(t, !wr_utf8_valid((const uint8_t *)"\xED\xA0\x80", 3));     /* surrogate */
    CHECK(t, !wr_utf8_valid((const uint8_t *)"\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
    CHECK(t, !wr_utf8_valid((const uint8_t *)"\xE2\x82", 2));         /* cut off */
    size_t n;
    CHECK(t, wr_utf8_decode((const uint8_t *)"A", 1, &n) == 'A' && n == 1);
    CHECK(t, wr_utf8_decode((const uint8_t *)"\xC2\x9B", 2, &n) == 0x9B && n == 2);
    CHECK(t, wr_utf8_decode((const uint8_t *)"\xE2\x80\xAEx", 4, &n) == 0x202E && n == 3);
    CHECK(t, wr_utf8_decode((const uint8_t *)"\xF0\x9F\x98\x80", 4, &n) == 0x1F600 && n == 4);
    CHECK(t, wr_utf8_decode((const uint8_t *)"\x9B", 1, &n) == -1 && n == 0); /* stray byte */
    CHECK(t, wr_utf8_decode((const uint8_t *)"\xE2\x80", 2, &n) == -1);     /* cut off */
    CHECK(t, wr_utf8_decode((const uint8_t *)"", 0, &n) == -1);
}

static bool starts_with_x(const uint8_t *head, size_t len, void *ctx)
{
    *(size_t *)ctx = len;
    return len > 0 && head[0] == 'x';
}

/* A regular file over the limit is refused from its size; a stream (a pipe) is read to one
 * byte past the limit; the check sees the head once and can stop the read. */
static void test_read_file(check_counts *t)
{
    char path[] = "/tmp/wr-test-util-XXXXXX";
    int fd = mkstemp(path);
    CHECK(t, fd >= 0);
    if (fd < 0)
        return;
    CHECK(t, write(fd, "xyz0123456", 10) == 10);
    close(fd);
    uint8_t *data;
    size_t len, seen = 0;
    CHECK(t, wr_read_file(&wr_default_allocator, path, 10, &data,
                          &len) == 0 && len == 10 && !memcmp(data, "xyz", 3));
    wr_mem_free(data);
    CHECK(t, wr_read_file(&wr_default_allocator, path, 9, &data,
                          &len) == EFBIG && len == 10 && data == NULL);
    CHECK(t, wr_read_file_checked(&wr_default_allocator, path, 100, starts_with_x, &seen, &data,
                                  &len) == 0 && seen == 10);
    wr_mem_free(data);
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs("abc", f);
        fclose(f);
    }
    CHECK(t, wr_read_file_checked(&wr_default_allocator, path, 100, starts_with_x, &seen, &data,
                                  &len) == ECANCELED);
    CHECK(t, data == NULL);
    unlink(path);
    int fds[2];
    CHECK(t, pipe(fds) == 0);
    CHECK(t, write(fds[1], "0123456789", 10) == 10);
    close(fds[1]);
    char dev[64];
    snprintf(dev, sizeof dev, "/dev/fd/%d", fds[0]);
    CHECK(t, wr_read_file(&wr_default_allocator, dev, 4, &data,
                          &len) == EFBIG && len == 5 && data == NULL);
    close(fds[0]);
}

int main(void)
{
    check_counts t = {0};
    test_backtrace_bounds(&t);
    test_clock(&t);
    test_utf8(&t);
    test_read_file(&t);
    return check_report(&t);
}
