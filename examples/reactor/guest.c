/*
 * The demo's guest: a reactor module in freestanding C (no libc), built by build.sh with
 * clang --target=wasm32. Its exports show each way the host can call in:
 *   fib(n)                      plain numbers
 *   malloc/free, title_case     strings placed in guest memory by the host's hooks
 *   word_stats                  the tagged codec (include/wr_guest.h)
 *   divide(a, b)                traps on b == 0
 *   spin()                      never returns
 */
#include "wr_guest.h"

/* ---------------------------------------------------------------- memory
 * A bump allocator that starts over once every block has been freed: enough for a host that
 * frees what it allocates after each call. */

extern uint8_t __heap_base;
static uint8_t *heap_next;
static uint32_t live_blocks;

WR_GUEST_EXPORT("_initialize")
void initialize(void) { heap_next = &__heap_base; }

WR_GUEST_EXPORT("malloc")
void *guest_malloc(uint32_t size)
{
    uintptr_t start = ((uintptr_t)heap_next + 7) & ~(uintptr_t)7;
    uintptr_t end = start + size;
    uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end < start)
        return 0;
    if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) == (uintptr_t)-1)
        return 0;
    heap_next = (uint8_t *)end;
    live_blocks++;
    return (void *)start;
}

WR_GUEST_EXPORT("free")
void guest_free(void *block)
{
    if (block && live_blocks && --live_blocks == 0)
        heap_next = &__heap_base;
}

/* ---------------------------------------------------------------- plain calls */

WR_GUEST_EXPORT("fib")
uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* Not inlined, so that a trap's backtrace shows two frames. */
__attribute__((noinline)) static int32_t quotient(int32_t a, int32_t b) { return a / b; }

WR_GUEST_EXPORT("divide")
int32_t divide(int32_t a, int32_t b) { return quotient(a, b); }

WR_GUEST_EXPORT("spin")
void spin(void)
{
    for (volatile uint32_t i = 0;; i++) {
    }
}

/* ---------------------------------------------------------------- strings in memory */

static int is_letter(uint8_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* Capitalise each word of text[0..len) in place; returns the address of the text. */
WR_GUEST_EXPORT("title_case")
uint8_t *title_case(uint8_t *text, uint32_t len)
{
    int start_of_word = 1;
    for (uint32_t i = 0; i < len; i++) {
        uint8_t c = text[i];
        if (is_letter(c))
            text[i] = start_of_word ? (c & ~0x20) : (c | 0x20);
        start_of_word = !is_letter(c);
    }
    return text;
}

/* ---------------------------------------------------------------- tagged codec */

/* (string text) -> (u32 words, string longest word, u32 array word lengths) */
WR_GUEST_EXPORT("word_stats")
int32_t word_stats(uint8_t *area, uint32_t capacity)
{
    static uint32_t lengths[256];
    static char longest[64];
    wr_guest_reader in = wr_guest_reader_init(area, capacity);
    const char *text;
    uint32_t len;
    if (!wr_guest_read_string(&in, &text, &len) || !wr_guest_at_end(&in))
        return 1;
    uint32_t words = 0, best = 0, best_len = 0;
    for (uint32_t i = 0; i < len;) {
        while (i < len && !is_letter((uint8_t)text[i]))
            i++;
        uint32_t start = i;
        while (i < len && is_letter((uint8_t)text[i]))
            i++;
        if (i == start)
            break;
        if (words == 256)
            return 2; /* more words than this export handles */
        lengths[words++] = i - start;
        if (i - start > best_len) {
            best = start;
            best_len = i - start;
        }
    }
    /* The text lives in the area the results overwrite, so keep the word first. */
    if (best_len > sizeof longest)
        best_len = sizeof longest;
    for (uint32_t i = 0; i < best_len; i++)
        longest[i] = text[best + i];
    wr_guest_writer out = wr_guest_writer_init(area, capacity);
    wr_guest_write_u32(&out, words);
    wr_guest_write_string(&out, longest, best_len);
    wr_guest_write_u32_array(&out, lengths, words);
    return wr_guest_finish(&out);
}
