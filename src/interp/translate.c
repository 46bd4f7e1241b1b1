#include "decode/module.h"

/* Placeholder until the translator lands. */
wr_error *wr_translate(wr_module *module)
{
    (void)module;
    return NULL;
}

void wr_code_free(struct wr_code *code)
{
    (void)code;
}
