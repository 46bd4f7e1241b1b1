#include <limits.h>
#include <stdlib.h>

#include "wasi/abi.h"
#include "wasi/state.h"

/* A call may not name more buffers than this (IOV_MAX on Linux). */
enum { MAX_IOVECS = 1024 };

uint16_t guest_iovecs(const guest_mem *m, uint64_t iovs, uint64_t count, struct iovec **out)
{
    if (count > MAX_IOVECS)
        return WASI_EINVAL;
    if (!guest_ok(m, iovs, count * IOVEC_SIZE))
        return WASI_EFAULT;
    struct iovec *v = malloc((count ? count : 1) * sizeof *v);
    if (!v)
        return WASI_ENOMEM;
    /* The result is a u32 count, so one call moves at most UINT32_MAX bytes (a short transfer
     * beyond): the buffers past that point are cut, to nothing at the end. */
    uint64_t room = UINT32_MAX;
    for (uint64_t i = 0; i < count; i++) {
        const uint8_t *p = guest_at(m, iovs + i * IOVEC_SIZE);
        uint32_t buf = get_u32(p), len = get_u32(p + 4);
        if (!guest_ok(m, buf, len)) {
            free(v);
            return WASI_EFAULT;
        }
        if (len > room)
            len = (uint32_t)room;
        room -= len;
        v[i] = (struct iovec){.iov_base = len ? guest_at(m, buf) : NULL, .iov_len = len};
    }
    *out = v;
    return 0;
}

uint16_t guest_path(const guest_mem *m, uint64_t ptr, uint64_t len, char **out)
{
    if (!guest_ok(m, ptr, len))
        return WASI_EFAULT;
    if (len >= PATH_MAX)
        return WASI_ENAMETOOLONG;
    const uint8_t *p = guest_at(m, ptr);
    if (len && memchr(p, 0, len))
        return WASI_EINVAL;
    char *s = malloc(len + 1);
    if (!s)
        return WASI_ENOMEM;
    if (len)
        memcpy(s, p, len);
    s[len] = 0;
    *out = s;
    return 0;
}
