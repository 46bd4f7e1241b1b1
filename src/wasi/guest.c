/* Guest memory the decoder leaves to the handlers: iovec arrays and paths. */
#include <limits.h>
#include <stdlib.h>

#include "util/alloc.h"
#include "wasi/handlers.h"

/* A call may not name more buffers than this (IOV_MAX on Linux). */
enum { MAX_IOVECS = 1024 };

uint16_t wr_wasi_guest_iovecs(const wr_allocator *a, const guest_mem *m, guest_iovs iovs,
                              struct iovec **out)
{
    uint64_t count = iovs.count;
    if (count > MAX_IOVECS)
        return WASI_EINVAL;
    if (!guest_ok(m, iovs.ptr, count * IOVEC_SIZE))
        return WASI_EFAULT;
    struct iovec *v = wr_mem_alloc(a, count ? count : 1, sizeof *v);
    if (!v)
        return WASI_ENOMEM;
    /* The result is a u32 count, so one call moves at most UINT32_MAX bytes (a short transfer
     * beyond): the buffers past that point are cut, to nothing at the end. */
    uint64_t room = UINT32_MAX;
    for (uint64_t i = 0; i < count; i++) {
        const uint8_t *p = guest_at(m, iovs.ptr + i * IOVEC_SIZE);
        uint32_t buf = get_u32(p), len = get_u32(p + 4);
        if (!guest_ok(m, buf, len)) {
            wr_mem_free(v);
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

uint16_t wr_wasi_guest_path(const wr_allocator *a, guest_buf path, char **out)
{
    if (path.len >= PATH_MAX)
        return WASI_ENAMETOOLONG;
    if (path.len && memchr(path.p, 0, path.len))
        return WASI_EINVAL;
    char *s = wr_mem_alloc(a, (size_t)path.len + 1, 1);
    if (!s)
        return WASI_ENOMEM;
    if (path.len)
        memcpy(s, path.p, path.len);
    s[path.len] = 0;
    *out = s;
    return 0;
}
