#include "json.h"

#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *p, *end;
    int depth;
} parser;

enum { MAX_DEPTH = 64 };

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
        ps->p++;
}

static json *new_value(json_kind kind)
{
    json *j = calloc(1, sizeof *j);
    if (j)
        j->kind = kind;
    return j;
}

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static size_t put_utf8(char *out, unsigned cp)
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
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool read_hex4(parser *ps, unsigned *out)
{
    if (ps->end - ps->p < 4)
        return false;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex(*ps->p++);
        if (h < 0)
            return false;
        v = v << 4 | (unsigned)h;
    }
    *out = v;
    return true;
}

static char *parse_string(parser *ps, size_t *len)
{
    ps->p++; /* the opening quote */
    char *out = malloc((size_t)(ps->end - ps->p) + 1);
    size_t n = 0;
    while (out && ps->p < ps->end && *ps->p != '"') {
        char c = *ps->p++;
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        if (ps->p >= ps->end)
            break;
        c = *ps->p++;
        unsigned cp;
        switch (c) {
        case 'n': out[n++] = '\n'; break;
        case 't': out[n++] = '\t'; break;
        case 'r': out[n++] = '\r'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'u':
            if (!read_hex4(ps, &cp))
                goto fail;
            if (cp >= 0xD800 && cp < 0xDC00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
                unsigned lo;
                ps->p += 2;
                if (!read_hex4(ps, &lo))
                    goto fail;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            n += put_utf8(out + n, cp);
            break;
        default: out[n++] = c; break;
        }
    }
    if (!out || ps->p >= ps->end)
        goto fail;
    ps->p++;
    out[n] = 0;
    *len = n;
    return out;
fail:
    free(out);
    return NULL;
}

static json *parse_value(parser *ps);

static bool append(json *j, char *key, json *item)
{
    json **items = realloc(j->items, (j->count + 1) * sizeof *items);
    if (!items)
        return false;
    j->items = items;
    if (j->kind == JSON_OBJECT) {
        char **keys = realloc(j->keys, (j->count + 1) * sizeof *keys);
        if (!keys)
            return false;
        j->keys = keys;
        keys[j->count] = key;
    }
    items[j->count++] = item;
    return true;
}

static json *parse_container(parser *ps, json_kind kind, char close)
{
    if (++ps->depth > MAX_DEPTH)
        return NULL;
    ps->p++;
    json *j = new_value(kind);
    skip_ws(ps);
    if (j && ps->p < ps->end && *ps->p == close) {
        ps->p++;
        ps->depth--;
        return j;
    }
    while (j) {
        skip_ws(ps);
        char *key = NULL;
        if (kind == JSON_OBJECT) {
            size_t klen;
            if (ps->p >= ps->end || *ps->p != '"' || !(key = parse_string(ps, &klen)))
                break;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p++ != ':') {
                free(key);
                break;
            }
        }
        json *item = parse_value(ps);
        if (!item || !append(j, key, item)) {
            free(key);
            json_free(item);
            break;
        }
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            ps->depth--;
            return j;
        }
        break;
    }
    json_free(j);
    return NULL;
}

static json *parse_value(parser *ps)
{
    skip_ws(ps);
    if (ps->p >= ps->end)
        return NULL;
    char c = *ps->p;
    if (c == '{')
        return parse_container(ps, JSON_OBJECT, '}');
    if (c == '[')
        return parse_container(ps, JSON_ARRAY, ']');
    if (c == '"') {
        json *j = new_value(JSON_STRING);
        if (j && !(j->string = parse_string(ps, &j->len))) {
            free(j);
            return NULL;
        }
        return j;
    }
    static const struct { const char *word; json_kind kind; bool value; } words[] = {
        {"true", JSON_BOOL, true}, {"false", JSON_BOOL, false}, {"null", JSON_NULL, false}};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i].word);
        if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, words[i].word, n) == 0) {
            ps->p += n;
            json *j = new_value(words[i].kind);
            if (j)
                j->boolean = words[i].value;
            return j;
        }
    }
    char *endp;
    char buf[64];
    size_t n = (size_t)(ps->end - ps->p) < sizeof buf - 1 ? (size_t)(ps->end - ps->p) : sizeof buf - 1;
    memcpy(buf, ps->p, n);
    buf[n] = 0;
    double v = strtod(buf, &endp);
    if (endp == buf)
        return NULL;
    ps->p += endp - buf;
    json *j = new_value(JSON_NUMBER);
    if (j)
        j->number = v;
    return j;
}

json *json_parse(const char *text, size_t len)
{
    parser ps = {text, text + len, 0};
    json *j = parse_value(&ps);
    skip_ws(&ps);
    if (j && ps.p != ps.end) {
        json_free(j);
        return NULL;
    }
    return j;
}

void json_free(json *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->count; i++) {
        json_free(j->items[i]);
        if (j->keys)
            free(j->keys[i]);
    }
    free(j->items);
    free(j->keys);
    free(j->string);
    free(j);
}

const json *json_get(const json *obj, const char *key)
{
    if (!obj || obj->kind != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->count; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}
