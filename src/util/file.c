/* Reading a whole file into memory, bounded by a size limit. */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

enum { FIRST_CHUNK = 64 * 1024 };

int wr_read_file(const char *path, size_t max, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno ? errno : EIO;
    uint8_t *data = NULL;
    size_t cap = 0, used = 0;
    int error = 0;
    for (;;) {
        if (used == cap) {
            size_t grown = cap ? cap * 2 : FIRST_CHUNK;
            uint8_t *bigger = grown > cap ? realloc(data, grown) : NULL;
            if (!bigger) {
                error = ENOMEM;
                break;
            }
            data = bigger;
            cap = grown;
        }
        size_t n = fread(data + used, 1, cap - used, f);
        used += n;
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
        free(data);
        return error;
    }
    *out = data;
    return 0;
}
