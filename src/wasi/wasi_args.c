/* args_* and environ_*: both copy a string vector out the same way. */
#include "wasi/abi.h"
#include "wasi/handlers.h"

static uint16_t sizes_get(char *const *v, size_t n, const guest_mem *m, uint64_t count_ptr,
                          uint64_t size_ptr)
{
    uint64_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += strlen(v[i]) + 1;
    if (bytes > UINT32_MAX)
        return WASI_EOVERFLOW;
    if (!store_u32(m, count_ptr, (uint32_t)n) || !store_u32(m, size_ptr, (uint32_t)bytes))
        return WASI_EFAULT;
    return 0;
}

static uint16_t vector_get(char *const *v, size_t n, const guest_mem *m, uint64_t ptrs,
                           uint64_t buf)
{
    if (!guest_ok(m, ptrs, (uint64_t)n * 4))
        return WASI_EFAULT;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        if (!guest_ok(m, buf, len))
            return WASI_EFAULT;
        memcpy(guest_at(m, buf), v[i], len);
        put_u32(guest_at(m, ptrs + 4 * i), (uint32_t)buf);
        buf += len;
    }
    return 0;
}

uint16_t wasi_args_get(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    return vector_get(w->args, w->nargs, m, a[0], a[1]);
}

uint16_t wasi_args_sizes_get(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    return sizes_get(w->args, w->nargs, m, a[0], a[1]);
}

uint16_t wasi_environ_get(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    return vector_get(w->env, w->nenv, m, a[0], a[1]);
}

uint16_t wasi_environ_sizes_get(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    return sizes_get(w->env, w->nenv, m, a[0], a[1]);
}
