/*
 * Shared state and helpers of the binary decoder (src/decode only).
 *
 * Like the format's reference grammar, section contents are read with a cursor bounded by
 * the end of the file, not of the section: a section that reads past its declared end is
 * reported as "section size mismatch" once it is done, so messages match the testsuite's.
 * Every failure stops the cursor; the first one is what wr_decode reports.
 */
#ifndef WR_DECODE_DECODER_H
#define WR_DECODE_DECODER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/module.h"
#include "util/reader.h"
#include "util/utf8.h"

typedef struct {
    wr_module *m;
    wr_reader r;
    const char *section;    /* name of the section being read, for errors */
    size_t section_end;     /* one past the current section's last byte */
    wr_error_kind err_kind; /* kind of r.err once set (malformed unless said otherwise) */
    uint32_t nfunc_decls;   /* count of the function section */
    uint32_t nbodies;       /* count of the code section */
} wr_decoder;

/* Stop decoding with an error of the given kind at a file offset. */
static inline void decode_stop(wr_decoder *d, wr_error_kind kind, size_t pos, const char *reason)
{
    if (!d->r.err) {
        d->r.err = reason;
        d->r.err_pos = pos;
        d->err_kind = kind;
    }
    d->r.pos = d->r.end;
}

static inline void decode_fail(wr_decoder *d, size_t pos, const char *reason)
{
    decode_stop(d, WR_ERR_MALFORMED, pos, reason);
}

static inline bool decode_ok(const wr_decoder *d) { return d->r.err == NULL; }

/* calloc for n items, or NULL after stopping the decoder with "out of memory". */
void *wr_decode_alloc(wr_decoder *d, size_t n, size_t item_size);

/* A count of items; fails unless that many one-byte items fit in the rest of the section,
 * so a count never sizes an allocation the input could not fill. */
uint32_t wr_decode_count(wr_decoder *d);

/* A length and that many bytes; returns them (inside the file) and sets *len. */
const uint8_t *wr_decode_bytes(wr_decoder *d, uint32_t *len);
/* The same, checked to be UTF-8. */
const uint8_t *wr_decode_name(wr_decoder *d, uint32_t *len);

/* A byte of the type encodings (value types, reference types, the function type form). */
uint8_t wr_decode_type_byte(wr_decoder *d);
wr_valtype wr_decode_valtype(wr_decoder *d);
wr_valtype wr_decode_reftype(wr_decoder *d);
/* A memory's or table's limits with their flags (64-bit ones under 3.0's rules; shared
 * memories fail by name). */
void wr_decode_memtype(wr_decoder *d, wr_memtype *type);
void wr_decode_tabletype(wr_decoder *d, wr_tabletype *type);
void wr_decode_globaltype(wr_decoder *d, wr_globaltype *type);

/* Allocates the index space of one extern kind: its imports, then ndefined entries. */
void wr_decode_index_space(wr_decoder *d, uint8_t kind, uint32_t ndefined);

/* A constant expression up to and including its `end`. */
void wr_decode_constexpr(wr_decoder *d, wr_constexpr *expr);

/* One function per section; each reads the whole section body. */
void wr_decode_type_section(wr_decoder *d);
/* Sets every type's equivalence class (canon), once the type section is read (types.c). */
void wr_decode_type_classes(wr_decoder *d);
void wr_decode_import_section(wr_decoder *d);
void wr_decode_function_section(wr_decoder *d);
void wr_decode_table_section(wr_decoder *d);
void wr_decode_memory_section(wr_decoder *d);
void wr_decode_global_section(wr_decoder *d);
void wr_decode_export_section(wr_decoder *d);
void wr_decode_start_section(wr_decoder *d);
void wr_decode_element_section(wr_decoder *d);
void wr_decode_datacount_section(wr_decoder *d);
/* Exception tags (tags.c): the section, and the index space of imported plus ndefined tags. */
void wr_decode_tag_section(wr_decoder *d);
void wr_decode_tag_space(wr_decoder *d, uint32_t ndefined);
/* A tag's type as written in the tag section and in imports: attribute 0, then a type index. */
uint32_t wr_decode_tag_type(wr_decoder *d);
void wr_decode_code_section(wr_decoder *d);
void wr_decode_data_section(wr_decoder *d);

/* The `name` custom section (payload from pos to end). Names are optional, so when they
 * are malformed (or memory is short) they are dropped and decoding goes on. */
void wr_decode_name_section(wr_decoder *d, size_t pos, size_t end);

#endif
