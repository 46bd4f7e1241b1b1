/* How the translator spells scalar operators in C (ops.c). */
#ifndef WR_COMPILE_OPS_H
#define WR_COMPILE_OPS_H

#include <stdint.h>

typedef struct wrc_opspell {
    const char *expr;    /* printf template over the operands, or NULL */
    const char *trap_fn; /* else: numeric.h function returning a trap kind */
    const char *ctype;   /* ... and the C type of its result */
} wrc_opspell;

/* NULL for opcodes that are not plain scalar operators. */
const wrc_opspell *wrc_opspell_single(uint8_t op);
const wrc_opspell *wrc_opspell_fc(uint32_t op);

#endif
