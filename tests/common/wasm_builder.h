/*
 * Writing WebAssembly binary modules byte by byte, for the tests, the benchmarks' module
 * generator and the differential fuzzer's generator. A wbuf grows as needed and remembers
 * that an allocation failed (or that it would pass WBUF_MAX) instead of reporting each one:
 * check `failed` once, after building. Sections are built in a wbuf of their own and then
 * copied into the module with wbuf_section.
 *
 *   wbuf mod = {0}, s = {0};
 *   wbuf_header(&mod);
 *   WBUF_BYTES(&s, 1, 0x60, 0, 0);      types: () -> ()
 *   wbuf_section(&mod, 1, &s);          section ids: decode/module.h names them
 *   wbuf_reset(&s);                     for the next section
 *   WBUF_SECTION(&mod, 3, 1, 0);        a section of literal bytes
 *   ... use mod.data, mod.len unless mod.failed ...
 *   wbuf_free(&s);
 *   wbuf_free(&mod);
 *
 * Ownership: a wbuf owns its data; wbuf_free releases it. Not thread-safe (one builder per
 * thread).
 */
#ifndef WR_TEST_WASM_BUILDER_H
#define WR_TEST_WASM_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most a builder holds: far above any module the tests or generators make. */
#define WBUF_MAX ((size_t)1 << 30)

typedef struct wbuf {
    uint8_t *data;
    size_t len, cap;
    bool failed; /* an allocation failed or WBUF_MAX was reached: the contents are incomplete */
} wbuf;

void wbuf_bytes(wbuf *b, const void *bytes, size_t n);
void wbuf_byte(wbuf *b, uint8_t byte);
/* LEB128, unsigned and signed. */
void wbuf_uleb(wbuf *b, uint64_t v);
void wbuf_sleb(wbuf *b, int64_t v);
/* A name: its length as LEB128, then its bytes. */
void wbuf_name(wbuf *b, const char *s);
/* IEEE 754 values in the format's little-endian order. */
void wbuf_f32(wbuf *b, float v);
void wbuf_f64(wbuf *b, double v);
/* Empties b and writes the magic number and version 1: the start of every module. */
void wbuf_header(wbuf *b);
/* Appends contents with its size first, as a function body or a section's payload is
 * written; a failure in contents fails b too. */
void wbuf_sized(wbuf *b, const wbuf *contents);
/* Appends section id with contents (size first); a failure in contents fails the module too.
 * contents is left as it was, so the same contents can make several sections. */
void wbuf_section(wbuf *module, uint8_t id, const wbuf *contents);
/* Appends section id holding the n bytes at bytes. */
void wbuf_section_bytes(wbuf *module, uint8_t id, const void *bytes, size_t n);
/* Empties b, keeping its storage. */
void wbuf_reset(wbuf *b);
void wbuf_free(wbuf *b);

/* Appends literal bytes: WBUF_BYTES(b, 0x41, 0x00, 0x0B). */
#define WBUF_BYTES(b, ...) \
    wbuf_bytes((b), (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

/* Appends a section of literal bytes: WBUF_SECTION(b, 3, 1, 0) declares one function of type 0. */
#define WBUF_SECTION(b, id, ...)                                      \
    wbuf_section_bytes((b), (id), (const uint8_t[]){__VA_ARGS__}, \
                       sizeof((const uint8_t[]){__VA_ARGS__}))

#endif
