/*
 * Fuzz target: the reactor's decoder of tagged results, over bytes standing for guest
 * memory. A decode must never read outside the area, and whatever it accepts must encode
 * back to exactly the bytes it read (up to and including the 0xFF end marker).
 */
#include <stdlib.h>
#include <string.h>

#include "reactor/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly `size` bytes, so ASan sees any read past the area. */
    uint8_t *area = malloc(size ? size : 1);
    if (!area)
        return 0;
    if (size)
        memcpy(area, data, size);
    wr_outcome outcome;
    memset(&outcome, 0, sizeof outcome);
    char *msg = NULL;
    if (wr_codec_decode(&wr_default_allocator, area, size, &outcome, &msg)) {
        uint8_t *encoded = NULL;
        size_t encoded_len = 0;
        wr_error *err = wr_codec_encode(&wr_default_allocator, outcome.tagged, outcome.ntagged,
                                        &encoded, &encoded_len);
        if (err)
            abort(); /* the decoder accepted values the encoder rejects */
        if (encoded_len > size || memcmp(encoded, area, encoded_len) != 0)
            abort(); /* decode and encode disagree */
        wr_mem_free(encoded);
        wr_mem_free(outcome.tagged);
        wr_mem_free(outcome.tagged_storage);
    } else {
        wr_mem_free(msg);
    }
    free(area);
    return 0;
}
