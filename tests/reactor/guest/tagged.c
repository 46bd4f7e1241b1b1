/* Tagged-codec exports for the reactor tests, built with wr_guest.h. */
#include "wr_guest.h"

static uint8_t heap[65536];
static uint32_t heap_used;
static uint32_t frees;

WR_GUEST_EXPORT("malloc")
void *guest_malloc(uint32_t n)
{
    uint32_t start = (heap_used + 7) & ~7u;
    if (n > sizeof heap - start)
        return 0;
    heap_used = start + n;
    return heap + start;
}

WR_GUEST_EXPORT("free")
void guest_free(void *p)
{
    (void)p;
    frees++;
}

WR_GUEST_EXPORT("cabi_realloc")
void *guest_cabi_realloc(void *old, uint32_t old_size, uint32_t align, uint32_t size)
{
    (void)old;
    (void)old_size;
    (void)align;
    return guest_malloc(size);
}

WR_GUEST_EXPORT("frees")
uint32_t guest_frees(void) { return frees; }

/* (string a, string b) -> (string a+b, u32 length) */
WR_GUEST_EXPORT("concat")
int32_t concat(uint8_t *area, uint32_t capacity)
{
    static char joined[4096];
    wr_guest_reader in = wr_guest_reader_init(area, capacity);
    const char *a, *b;
    uint32_t alen, blen;
    if (!wr_guest_read_string(&in, &a, &alen) || !wr_guest_read_string(&in, &b, &blen) ||
        !wr_guest_at_end(&in) || alen + blen > sizeof joined)
        return 1;
    for (uint32_t i = 0; i < alen; i++)
        joined[i] = a[i];
    for (uint32_t i = 0; i < blen; i++)
        joined[alen + i] = b[i];
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_string(&out, joined, alen + blen);
    wr_guest_write_u32(&out, alen + blen);
    return wr_guest_finish(&out);
}

/* (i32 array, u32 array, i32 k) -> (i32 sum of the i32s, u32 array of the u32s times k) */
WR_GUEST_EXPORT("sums")
int32_t sums(uint8_t *area, uint32_t capacity)
{
    static uint32_t scaled[1024];
    wr_guest_reader in = wr_guest_reader_init(area, capacity);
    wr_guest_array ints, words;
    int32_t k;
    if (!wr_guest_read_i32_array(&in, &ints) || !wr_guest_read_u32_array(&in, &words) ||
        !wr_guest_read_i32(&in, &k) || words.count > 1024)
        return 2;
    int32_t total = 0;
    for (uint32_t i = 0; i < ints.count; i++)
        total += (int32_t)wr_guest_array_get(&ints, i);
    for (uint32_t i = 0; i < words.count; i++)
        scaled[i] = wr_guest_array_get(&words, i) * (uint32_t)k;
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_i32(&out, total);
    wr_guest_write_u32_array(&out, scaled, words.count);
    return wr_guest_finish(&out);
}

/* Fails with code 42 and leaves a message string (tagged) in the area. */
WR_GUEST_EXPORT("refuse")
int32_t refuse(uint8_t *area, uint32_t capacity)
{
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_string(&out, "no thanks", 9);
    wr_guest_finish(&out);
    return 42;
}

/* Claims a string far longer than the area. */
WR_GUEST_EXPORT("overlong")
int32_t overlong(uint8_t *area, uint32_t capacity)
{
    (void)capacity;
    area[0] = WR_GUEST_TAG_STRING;
    wr_guest_store_u32(area + 1, 0x7FFFFFF0u);
    return 0;
}

/* Writes values without an end marker up to the end of the area. */
WR_GUEST_EXPORT("endless")
int32_t endless(uint8_t *area, uint32_t capacity)
{
    for (uint32_t i = 0; i < capacity; i++)
        area[i] = (i % 5 == 0) ? WR_GUEST_TAG_U32 : 0;
    return 0;
}

/* An unknown tag after one good value. */
WR_GUEST_EXPORT("badtag")
int32_t badtag(uint8_t *area, uint32_t capacity)
{
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_i32(&out, 5);
    area[out.pos] = 9;
    return 0;
}

/* No arguments at all: returns (i32 7) via the area only. */
WR_GUEST_EXPORT("seven")
int32_t seven(uint8_t *area)
{
    wr_guest_writer out = wr_guest_writer_init(area, 16);
    wr_guest_write_i32(&out, 7);
    return wr_guest_finish(&out);
}

/* (u32 n) -> (u32 array of n zeros): more than the area holds for a large n. */
WR_GUEST_EXPORT("zeros")
int32_t zeros(uint8_t *area, uint32_t capacity)
{
    wr_guest_reader in = wr_guest_reader_init(area, capacity);
    uint32_t n;
    if (!wr_guest_read_u32(&in, &n) || !wr_guest_at_end(&in))
        return 1;
    static const uint32_t none[1024];
    if (n > 1024)
        return 2;
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_u32_array(&out, none, n);
    return wr_guest_finish(&out);
}
