/* Text processing over n KiB of generated words: word count, a hash table of distinct words,
 * and search-and-replace into a second buffer. Byte loads and stores, branches, hashing. */
#include "kernel.h"

#define TEXT_MAX (8u << 20)
#define TABLE_SIZE 4096 /* a power of two larger than the number of distinct words */

static const char *const dictionary[] = {
    "the",   "quick", "brown",   "fox",   "jumps", "over",   "lazy",   "dog",
    "a",     "wasm",  "runtime", "reads", "bytes", "and",    "then",   "runs",
    "them",  "in",    "sandbox", "with",  "care",  "for",    "every",  "trap",
    "there", "other", "these",   "those", "theme", "thesis", "athena", "breathe",
};
#define DICTIONARY_WORDS (sizeof dictionary / sizeof dictionary[0])

static char text[TEXT_MAX];
static char replaced[TEXT_MAX + TEXT_MAX / 2];
static uint32_t table_hash[TABLE_SIZE];
static uint32_t table_count[TABLE_SIZE];

static uint32_t generate(uint32_t len)
{
    uint32_t seed = 0xC0FFEE, pos = 0;
    for (;;) {
        const char *word = dictionary[kernel_rand(&seed) % DICTIONARY_WORDS];
        uint32_t word_len = 0;
        while (word[word_len])
            word_len++;
        if (pos + word_len + 1 > len)
            break;
        for (uint32_t i = 0; i < word_len; i++)
            text[pos++] = word[i];
        uint32_t r = kernel_rand(&seed) % 16;
        text[pos++] = r == 0 ? '\n' : r == 1 ? '.' : ' ';
    }
    return pos;
}

static int is_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Counts words, and how often each distinct word occurs (open addressing on its FNV-1a hash). */
static uint32_t count_words(uint32_t len, uint32_t *distinct)
{
    for (uint32_t i = 0; i < TABLE_SIZE; i++)
        table_hash[i] = table_count[i] = 0;
    uint32_t words = 0;
    *distinct = 0;
    for (uint32_t i = 0; i < len;) {
        if (!is_letter(text[i])) {
            i++;
            continue;
        }
        uint32_t hash = 2166136261u;
        while (i < len && is_letter(text[i]))
            hash = (hash ^ (uint8_t)text[i++]) * 16777619u;
        hash |= 1; /* 0 marks an empty slot */
        uint32_t slot = hash & (TABLE_SIZE - 1);
        while (table_hash[slot] && table_hash[slot] != hash)
            slot = (slot + 1) & (TABLE_SIZE - 1);
        if (!table_hash[slot]) {
            table_hash[slot] = hash;
            ++*distinct;
        }
        table_count[slot]++;
        words++;
    }
    return words;
}

/* Replaces every "the" with "THE!" (longer, so the output shifts) and returns the new length. */
static uint32_t replace_all(uint32_t len)
{
    uint32_t out = 0;
    for (uint32_t i = 0; i < len;) {
        if (i + 3 <= len && text[i] == 't' && text[i + 1] == 'h' && text[i + 2] == 'e') {
            replaced[out++] = 'T';
            replaced[out++] = 'H';
            replaced[out++] = 'E';
            replaced[out++] = '!';
            i += 3;
        } else {
            replaced[out++] = text[i++];
        }
    }
    return out;
}

uint32_t run(uint32_t n)
{
    uint32_t len = n * 1024u;
    if (len > TEXT_MAX || len / 1024u != n)
        len = TEXT_MAX;
    len = generate(len);
    uint32_t distinct;
    uint32_t words = count_words(len, &distinct);
    uint32_t out_len = replace_all(len);
    uint32_t sum = words * 31u + distinct;
    for (uint32_t i = 0; i < TABLE_SIZE; i++)
        sum = sum * 31u + table_count[i];
    for (uint32_t i = 0; i < out_len; i++)
        sum = sum * 31u + (uint8_t)replaced[i];
    return sum + out_len;
}
