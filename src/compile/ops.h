/* How the translator spells scalar operators in C (ops.c). */
#ifndef WR_COMPILE_OPS_H
#define WR_COMPILE_OPS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct wrc_opspell {
    const char *expr;    /* printf template over the operands, or NULL */
    const char *trap_fn; /* else: numeric.h function returning a trap kind */
    const char *ctype;   /* ... and the C type of its result */
} wrc_opspell;

/* NULL for opcodes that are not plain scalar operators. */
const wrc_opspell *wrc_opspell_single(uint8_t op);
const wrc_opspell *wrc_opspell_fc(uint32_t op);

typedef struct wrc_simdspell {
    const char *vtype;   /* the generated code's vector type: u8x16 ... f64x2 */
    const char *expr;    /* over x (and y), of that type */
} wrc_simdspell;

typedef struct wrc_lanespell {
    uint8_t width;       /* bytes per lane */
    bool is_signed;      /* extract_lane_s */
} wrc_lanespell;

/* SIMD operators the generated code computes inline, and lane moves (splat, extract,
 * replace); NULL for the rest, which call the interpreter's functions. */
const wrc_simdspell *wrc_simdspell_fd(uint32_t op);
const wrc_lanespell *wrc_lanespell_fd(uint32_t op);

#endif
