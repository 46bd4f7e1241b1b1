#include "decode/module.h"

/* Placeholder until the translator lands. */
wr_error *wr_translate(wr_module *module)
{
    (void)module;
    return NULL;
}
