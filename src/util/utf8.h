/* UTF-8 validation, shared by the decoder (names) and the reactor's codec (strings), and
 * decoding, for wr's escaping of names. */
#ifndef WR_UTIL_UTF8_H
#define WR_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether s[0..len) is well-formed UTF-8: no overlong forms, surrogates or code points past
 * U+10FFFF, and no sequence cut off at the end. */
bool wr_utf8_valid(const uint8_t *s, size_t len);
/* The code point of the one sequence at s (len bytes available) with its length in *n, or
 * -1 (and *n 0) when it is not UTF-8 by the rules above. */
int32_t wr_utf8_decode(const uint8_t *s, size_t len, size_t *n);

#endif
