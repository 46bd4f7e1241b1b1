/*
 * A small JSON reader for the test programs: the spec testsuite's wast2json command scripts
 * and the WASI tests' specifications. Malformed JSON is an error with its offset, never a
 * crash. Strings keep their length because export names may hold NUL bytes (\u0000);
 * numbers are kept as their source text so that 64-bit values never pass through a double.
 */
#ifndef WR_TEST_JSON_H
#define WR_TEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum json_kind {
    JSON_NULL,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_kind;

typedef struct json_member json_member;

typedef struct json_value {
    json_kind kind;
    char *text;          /* JSON_STRING (decoded UTF-8) or JSON_NUMBER (as written); NUL-terminated */
    size_t len;          /* bytes in text, not counting the terminator */
    struct json_value *items; /* JSON_ARRAY elements */
    json_member *members;     /* JSON_OBJECT members, in source order */
    size_t count;             /* number of items or members */
} json_value;

struct json_member {
    char *key;
    size_t key_len;
    json_value value;
};

/* Parse a whole document. On failure returns NULL and writes a message with the byte offset
 * into err (which may be NULL). */
json_value *json_parse(const char *text, size_t len, char *err, size_t err_size);
void json_free(json_value *value);

/* The member of an object named key (a NUL-terminated key), or NULL when absent or when
 * value is not an object. */
const json_value *json_get(const json_value *object, const char *key);
/* The member's string, or NULL when absent or not a string. */
const json_value *json_get_string(const json_value *object, const char *key);
bool json_is_string(const json_value *value, const char *text);

#endif
