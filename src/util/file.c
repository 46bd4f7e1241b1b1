/* Reading a whole file into memory, bounded by a size limit. */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

enum { FIRST_CHUNK = 64 * 1024 };

/* The buffer for a file of known size (+1 to see EOF at once), or the first chunk of a
 * stream; never more than limit bytes. */
static size_t first_capacity(FILE *f, size_t limit)
{
    struct stat st;
    size_t cap = FIRST_CHUNK;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= FIRST_CHUNK &&
        (uint64_t)st.st_size < SIZE_MAX)
        cap = (size_t)st.st_size + 1;
    return cap < limit ? cap : limit;
}

/* The size of a regular file larger than max, so that it is refused before it is read;
 * 0 otherwise. */
static size_t size_over(FILE *f, size_t max)
{
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size <= max)
        return 0;
    return (uint64_t)st.st_size < SIZE_MAX ? (size_t)st.st_size : SIZE_MAX;
}

int wr_read_file(const wr_allocator *a, const char *path, size_t max, uint8_t **out, size_t *len)
{
    return wr_read_file_checked(a, path, max, NULL, NULL, out, len);
}

int wr_read_file_checked(const wr_allocator *a, const char *path, size_t max,
                         bool (*check)(const uint8_t *head, size_t len, void *ctx), void *ctx,
                         uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno ? errno : EIO;
    size_t over = size_over(f, max);
    if (over) {
        fclose(f);
        *len = over;
        return EFBIG;
    }
    /* At most max + 1 bytes are read: one more than allowed is enough to know. */
    size_t limit = max < SIZE_MAX ? max + 1 : SIZE_MAX;
    uint8_t *data = NULL;
    size_t cap = 0, used = 0;
    int error = 0;
    for (;;) {
        if (used == cap) {
            size_t grown = cap ? (cap <= limit / 2 ? cap * 2 : limit) : first_capacity(f, limit);
            uint8_t *bigger = grown > cap ? wr_mem_realloc(a, data, grown, 1) : NULL;
            if (!bigger) {
                error = ENOMEM;
                break;
            }
            data = bigger;
            cap = grown;
        }
        size_t n = fread(data + used, 1, cap - used, f);
        bool first = used == 0;
        used += n;
        /* fread fills the buffer unless the file ends, so the check sees a whole head. */
        if (first && check && !check(data, used, ctx)) {
            error = ECANCELED;
            break;
        }
        if (used > max) {
            error = EFBIG;
            break;
        }
        if (n == 0) {
            if (ferror(f))
                error = errno ? errno : EIO;
            break;
        }
    }
    fclose(f);
    *len = used;
    if (error) {
        wr_mem_free(data);
        return error;
    }
    *out = data;
    return 0;
}
