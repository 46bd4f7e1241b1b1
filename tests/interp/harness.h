/* What the interpreter test programs share: the checks (tests/common/check.h) and calling an
 * (i32) -> i32 export. */
#ifndef WR_TESTS_INTERP_HARNESS_H
#define WR_TESTS_INTERP_HARNESS_H

#include "check.h"
#include "wr.h"

/* Calls an (i32) -> i32 export: the error, and the result in *out. */
static inline wr_error *call_i32(wr_store *store, wr_instance *inst, const char *name,
                                 int32_t arg, int32_t *out)
{
    wr_func *f = wr_instance_func(inst, name);
    if (!f)
        return wr_trap_new("no export %s", name);
    wr_val a = wr_val_i32(arg), r;
    wr_error *err = wr_func_call(store, f, &a, 1, &r, 1);
    if (!err)
        *out = r.of.i32;
    return err;
}

#endif
