#include "json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deep enough for any command script, shallow enough that recursion cannot exhaust the stack. */
#define JSON_MAX_DEPTH 200

typedef struct parser {
    const char *start, *pos, *end;
    char *err;
    size_t err_size;
    bool failed;
} parser;

static bool fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool fail(parser *p, const char *fmt, ...)
{
    if (p->failed)
        return false;
    p->failed = true;
    if (p->err && p->err_size) {
        int n = snprintf(p->err, p->err_size, "offset %zu: ", (size_t)(p->pos - p->start));
        if (n >= 0 && (size_t)n < p->err_size) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(p->err + n, p->err_size - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return false;
}

static void skip_space(parser *p)
{
    while (p->pos < p->end && (*p->pos == ' ' || *p->pos == '\t' || *p->pos == '\n' || *p->pos == '\r'))
        p->pos++;
}

static void free_contents(json_value *v)
{
    free(v->text);
    for (size_t i = 0; v->kind == JSON_ARRAY && i < v->count; i++)
        free_contents(&v->items[i]);
    for (size_t i = 0; v->kind == JSON_OBJECT && i < v->count; i++) {
        free(v->members[i].key);
        free_contents(&v->members[i].value);
    }
    free(v->items);
    free(v->members);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool read_hex4(parser *p, uint32_t *out)
{
    if (p->end - p->pos < 4)
        return fail(p, "truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(p->pos[i]);
        if (d < 0)
            return fail(p, "bad \\u escape");
        v = v << 4 | (uint32_t)d;
    }
    p->pos += 4;
    *out = v;
    return true;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A \u escape, with a following low surrogate when the first one is high. */
static bool read_unicode_escape(parser *p, uint32_t *cp)
{
    if (!read_hex4(p, cp))
        return false;
    if (*cp >= 0xD800 && *cp <= 0xDBFF && p->end - p->pos >= 6 && p->pos[0] == '\\' && p->pos[1] == 'u') {
        const char *save = p->pos;
        p->pos += 2;
        uint32_t low;
        if (!read_hex4(p, &low))
            return false;
        if (low >= 0xDC00 && low <= 0xDFFF)
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (low - 0xDC00);
        else
            p->pos = save; /* a lone surrogate stays as it is; the next escape is read on its own */
    }
    return true;
}

/* Reads a string starting at its opening quote. Escapes never expand, so the decoded text
 * fits in as many bytes as the source spans. */
static bool read_string(parser *p, char **out, size_t *out_len)
{
    p->pos++;
    size_t span = 0, avail = (size_t)(p->end - p->pos);
    while (span < avail && p->pos[span] != '"')
        span += p->pos[span] == '\\' ? 2 : 1;
    if (span >= avail)
        return fail(p, "unterminated string");
    char *buf = malloc(span + 1);
    if (!buf)
        return fail(p, "out of memory");
    size_t n = 0;
    while (*p->pos != '"') {
        unsigned char c = (unsigned char)*p->pos++;
        if (c < 0x20) {
            free(buf);
            return fail(p, "control character in string");
        }
        if (c != '\\') {
            buf[n++] = (char)c;
            continue;
        }
        char esc = *p->pos++;
        uint32_t cp;
        switch (esc) {
        case '"': buf[n++] = '"'; break;
        case '\\': buf[n++] = '\\'; break;
        case '/': buf[n++] = '/'; break;
        case 'b': buf[n++] = '\b'; break;
        case 'f': buf[n++] = '\f'; break;
        case 'n': buf[n++] = '\n'; break;
        case 'r': buf[n++] = '\r'; break;
        case 't': buf[n++] = '\t'; break;
        case 'u':
            if (!read_unicode_escape(p, &cp)) {
                free(buf);
                return false;
            }
            n += put_utf8(buf + n, cp);
            break;
        default:
            free(buf);
            return fail(p, "bad escape");
        }
    }
    p->pos++;
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return true;
}

static bool is_digit(const parser *p) { return p->pos < p->end && *p->pos >= '0' && *p->pos <= '9'; }

static bool read_digits(parser *p)
{
    if (!is_digit(p))
        return fail(p, "bad number");
    while (is_digit(p))
        p->pos++;
    return true;
}

static bool read_number(parser *p, json_value *v)
{
    const char *begin = p->pos;
    if (*p->pos == '-')
        p->pos++;
    if (p->pos < p->end && *p->pos == '0')
        p->pos++;
    else if (!read_digits(p))
        return false;
    if (p->pos < p->end && *p->pos == '.') {
        p->pos++;
        if (!read_digits(p))
            return false;
    }
    if (p->pos < p->end && (*p->pos == 'e' || *p->pos == 'E')) {
        p->pos++;
        if (p->pos < p->end && (*p->pos == '+' || *p->pos == '-'))
            p->pos++;
        if (!read_digits(p))
            return false;
    }
    size_t len = (size_t)(p->pos - begin);
    v->text = malloc(len + 1);
    if (!v->text)
        return fail(p, "out of memory");
    memcpy(v->text, begin, len);
    v->text[len] = '\0';
    v->len = len;
    v->kind = JSON_NUMBER;
    return true;
}

static bool read_literal(parser *p, const char *word, json_kind kind, json_value *v)
{
    size_t len = strlen(word);
    if ((size_t)(p->end - p->pos) < len || memcmp(p->pos, word, len) != 0)
        return fail(p, "unexpected character");
    p->pos += len;
    v->kind = kind;
    return true;
}

static bool read_value(parser *p, json_value *v, int depth);

/* Grows an array of elem_size-byte elements so that one more fits. */
static bool reserve_one(parser *p, void **array, size_t count, size_t *cap, size_t elem_size)
{
    if (count < *cap)
        return true;
    size_t new_cap = *cap ? *cap * 2 : 4;
    void *grown = realloc(*array, new_cap * elem_size);
    if (!grown)
        return fail(p, "out of memory");
    memset((char *)grown + count * elem_size, 0, (new_cap - count) * elem_size);
    *array = grown;
    *cap = new_cap;
    return true;
}

/* After an element: a comma (not followed by the closing bracket) or the closing bracket,
 * which is left for the caller. */
static bool after_element(parser *p, char close)
{
    skip_space(p);
    if (p->pos < p->end && *p->pos == close)
        return true;
    if (p->pos >= p->end || *p->pos != ',')
        return fail(p, "expected ',' or '%c'", close);
    p->pos++;
    skip_space(p);
    if (p->pos < p->end && *p->pos == close)
        return fail(p, "trailing comma");
    return true;
}

static bool read_array(parser *p, json_value *v, int depth)
{
    v->kind = JSON_ARRAY;
    size_t cap = 0;
    p->pos++;
    skip_space(p);
    while (p->pos < p->end && *p->pos != ']') {
        if (!reserve_one(p, (void **)&v->items, v->count, &cap, sizeof *v->items))
            return false;
        if (!read_value(p, &v->items[v->count], depth + 1)) {
            v->count++; /* so that free_contents sees whatever was built */
            return false;
        }
        v->count++;
        if (!after_element(p, ']'))
            return false;
    }
    if (p->pos >= p->end)
        return fail(p, "unterminated array");
    p->pos++;
    return true;
}

static bool read_object(parser *p, json_value *v, int depth)
{
    v->kind = JSON_OBJECT;
    size_t cap = 0;
    p->pos++;
    skip_space(p);
    while (p->pos < p->end && *p->pos != '}') {
        if (*p->pos != '"')
            return fail(p, "expected a member name");
        if (!reserve_one(p, (void **)&v->members, v->count, &cap, sizeof *v->members))
            return false;
        json_member *m = &v->members[v->count++];
        if (!read_string(p, &m->key, &m->key_len))
            return false;
        skip_space(p);
        if (p->pos >= p->end || *p->pos != ':')
            return fail(p, "expected ':'");
        p->pos++;
        if (!read_value(p, &m->value, depth + 1))
            return false;
        if (!after_element(p, '}'))
            return false;
    }
    if (p->pos >= p->end)
        return fail(p, "unterminated object");
    p->pos++;
    return true;
}

static bool read_value(parser *p, json_value *v, int depth)
{
    if (depth > JSON_MAX_DEPTH)
        return fail(p, "nested too deeply");
    skip_space(p);
    if (p->pos >= p->end)
        return fail(p, "unexpected end");
    switch (*p->pos) {
    case '{': return read_object(p, v, depth);
    case '[': return read_array(p, v, depth);
    case '"':
        v->kind = JSON_STRING;
        return read_string(p, &v->text, &v->len);
    case 't': return read_literal(p, "true", JSON_TRUE, v);
    case 'f': return read_literal(p, "false", JSON_FALSE, v);
    case 'n': return read_literal(p, "null", JSON_NULL, v);
    default:
        if (*p->pos == '-' || (*p->pos >= '0' && *p->pos <= '9'))
            return read_number(p, v);
        return fail(p, "unexpected character");
    }
}

json_value *json_parse(const char *text, size_t len, char *err, size_t err_size)
{
    parser p = {.start = text, .pos = text, .end = text + len, .err = err, .err_size = err_size};
    json_value *root = calloc(1, sizeof *root);
    if (!root) {
        fail(&p, "out of memory");
        return NULL;
    }
    if (read_value(&p, root, 0)) {
        skip_space(&p);
        if (p.pos == p.end)
            return root;
        fail(&p, "trailing characters");
    }
    json_free(root);
    return NULL;
}

void json_free(json_value *value)
{
    if (!value)
        return;
    free_contents(value);
    free(value);
}

const json_value *json_get(const json_value *object, const char *key)
{
    if (!object || object->kind != JSON_OBJECT)
        return NULL;
    size_t key_len = strlen(key);
    for (size_t i = 0; i < object->count; i++) {
        const json_member *m = &object->members[i];
        if (m->key_len == key_len && memcmp(m->key, key, key_len) == 0)
            return &m->value;
    }
    return NULL;
}

const json_value *json_get_string(const json_value *object, const char *key)
{
    const json_value *v = json_get(object, key);
    return v && v->kind == JSON_STRING ? v : NULL;
}

bool json_is_string(const json_value *value, const char *text)
{
    return value && value->kind == JSON_STRING && value->len == strlen(text) &&
           memcmp(value->text, text, value->len) == 0;
}
