/* Opcodes of proposals after WebAssembly 2.0, by feature, so that rejecting one can say
 * which feature the module needs instead of only "illegal opcode". A lookup, not support:
 * an opcode missing here is still rejected, with the plain message. */
#include "validate/later_ops.h"

#include "util/reader.h"

enum { SINGLE = 0, ANY = UINT32_MAX };

static const struct {
    uint8_t prefix;      /* SINGLE for a one-byte opcode */
    uint32_t first, last; /* the opcode, or the range of sub-opcodes after the prefix */
    const char *reason;
} later_ops[] = {
    {SINGLE, 0x06, 0x06, "illegal opcode: legacy exception handling (try) is not supported; "
                   "3.0 has try_table"},
    {SINGLE, 0x07, 0x07, "illegal opcode: legacy exception handling (catch) is not supported; "
                   "3.0 has try_table"},
    {SINGLE, 0x09, 0x09, "illegal opcode: legacy exception handling (rethrow) is not supported; "
                   "3.0 has throw_ref"},
    {SINGLE, 0x18, 0x18, "illegal opcode: legacy exception handling (delegate) is not "
                   "supported; 3.0 has try_table"},
    {SINGLE, 0x19, 0x19, "illegal opcode: legacy exception handling (catch_all) is not "
                   "supported; 3.0 has try_table"},
    {SINGLE, 0xD3, 0xD3, "illegal opcode: garbage collection (ref.eq) is not supported"},
    {0xFB, 0, ANY, "illegal opcode: garbage collection (0xfb instructions) is not supported"},
    {0xFE, 0, ANY, "illegal opcode: threads (atomic instructions) are not supported"},
};

const char *wr_later_op_reason(const uint8_t *bytes, size_t len)
{
    if (len == 0)
        return NULL;
    uint8_t prefix = SINGLE;
    uint32_t op = bytes[0];
    if (op == 0xFB || op == 0xFC || op == 0xFD || op == 0xFE) {
        wr_reader r = {.base = bytes, .pos = 1, .end = len};
        prefix = (uint8_t)op;
        op = wr_read_u32(&r);
        if (r.err)
            op = ANY;
    }
    for (size_t i = 0; i < sizeof later_ops / sizeof later_ops[0]; i++)
        if (later_ops[i].prefix == prefix && op >= later_ops[i].first && op <= later_ops[i].last)
            return later_ops[i].reason;
    return NULL;
}
