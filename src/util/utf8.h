/* UTF-8 validation, shared by the decoder (names) and the reactor's codec (strings). */
#ifndef WR_UTIL_UTF8_H
#define WR_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether s[0..len) is well-formed UTF-8: no overlong forms, surrogates or code points past
 * U+10FFFF, and no sequence cut off at the end. */
bool wr_utf8_valid(const uint8_t *s, size_t len);

#endif
