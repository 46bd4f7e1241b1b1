/* UTF-8 validation and decoding, one sequence at a time. */
#include "util/utf8.h"

int32_t wr_utf8_decode(const uint8_t *s, size_t len, size_t *n)
{
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    *n = 0;
    if (len == 0)
        return -1;
    uint8_t c = s[0];
    size_t size = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (size == 0 || size > len)
        return -1;
    uint32_t cp = size == 1 ? c : c & (0x7Fu >> size);
    for (size_t k = 1; k < size; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past Unicode's end are not UTF-8. */
    if (cp < min_cp[size] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return -1;
    *n = size;
    return (int32_t)cp;
}

bool wr_utf8_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n;
        if (wr_utf8_decode(s + i, len - i, &n) < 0)
            return false;
        i += n;
    }
    return true;
}
