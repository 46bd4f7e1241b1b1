/* Tables generated from the internal op lists of ops.h. */
#include "interp/ops.h"

#define WR_IOP(name, format) [IOP_##name] = WR_WORDS_##format,
const uint8_t wr_iop_words[IOP_COUNT] = {WR_IOPS()};
#undef WR_IOP

#define WR_IOP(name, format) [IOP_##name] = #name,
const char *const wr_iop_names[IOP_COUNT] = {[IOP_NONE] = "none", WR_IOPS()};
#undef WR_IOP
