/* Just enough JSON for the test specifications: objects, arrays, strings, integers. */
#ifndef WASITEST_JSON_H
#define WASITEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum json_kind { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_kind;

typedef struct json json;
struct json {
    json_kind kind;
    double number;
    bool boolean;
    char *string;   /* JSON_STRING: NUL-terminated, may hold NULs before that (len says) */
    size_t len;
    json **items;   /* arrays and objects (values) */
    char **keys;    /* objects */
    size_t count;
};

/* Parse text; NULL on a syntax error or when out of memory. */
json *json_parse(const char *text, size_t len);
void json_free(json *j);
/* The member `key` of an object, or NULL. */
const json *json_get(const json *obj, const char *key);

#endif
