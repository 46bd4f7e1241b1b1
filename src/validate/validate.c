#include "decode/module.h"

/* Placeholder until the validator lands: accepts every decoded module. */
wr_error *wr_validate(wr_module *module)
{
    (void)module;
    return NULL;
}
