#include "read_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

uint8_t *read_whole_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *data = NULL;
    size_t cap = 0, used = 0;
    int error = 0;
    for (;;) {
        if (used == cap) {
            size_t grown = cap ? cap * 2 : 65536;
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
        if (n == 0) {
            if (ferror(f))
                error = errno ? errno : EIO;
            break;
        }
    }
    fclose(f);
    if (error) {
        free(data);
        errno = error;
        return NULL;
    }
    *len = used;
    return data;
}
