/*
 * The path walk both file systems share (see path_walk.h). What keeps a guest inside its
 * preopen is written here, check by check:
 *   - the file system's primitives only ever see one plain name at a time: never '/', "."
 *     or "..", which this file handles itself;
 *   - ".." pops the walk's own stack of directories, so it can never go above `start`,
 *     whatever the directories or the symlinks on the way say;
 *   - a symlink is expanded as text into the rest of the path and walked by the same loop,
 *     from the directory that holds it, so it gets no power a typed path would not have;
 *     an absolute target has nothing to be resolved against in a sandbox (ENOTCAPABLE);
 *   - every count is bounded: symlinks per walk (ELOOP), the target's length.
 * Handles: start belongs to the caller and is never released here; every handle on the
 * stack was made by the walk and is released exactly once, unless it is the answer.
 */
#include "wasi/path_walk.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "wasi/abi.h"

/* a + "/" + b + c (no slash when a is empty: a target at the top of the walk). */
static char *join3(const wr_allocator *al, const char *a, size_t alen, const char *b, const char *c)
{
    size_t blen = strlen(b), clen = strlen(c);
    char *s = wr_mem_alloc(al, alen + blen + clen + 2, 1);
    if (!s)
        return NULL;
    memcpy(s, a, alen);
    size_t n = alen;
    if (alen)
        s[n++] = '/';
    memcpy(s + n, b, blen);
    memcpy(s + n + blen, c, clen + 1);
    return s;
}

/* The directories entered below start, innermost last; start itself is never on it, so an
 * empty stack means "at start" and a ".." there would climb out. */
typedef struct dir_stack {
    const wr_allocator *a;
    walk_dir *v;
    size_t n, cap;
} dir_stack;

static bool push(dir_stack *s, walk_dir d)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        walk_dir *bigger = wr_mem_realloc(s->a, s->v, cap, sizeof *bigger);
        if (!bigger)
            return false;
        s->v = bigger;
        s->cap = cap;
    }
    s->v[s->n++] = d;
    return true;
}

/* Resolve a directory path beneath start one component at a time; *out is a new handle. */
static uint16_t walk_components(const walk_ops *ops, const wr_allocator *a, walk_dir start,
                                const char *path,
                                walk_dir *out)
{
    dir_stack stack = {.a = a};
    char *work = wr_mem_strdup(a, path);
    if (!work)
        return WASI_ENOMEM;
    uint16_t err = 0;
    int links = 0;
    char *p = work;
    while (*p && !err) {
        size_t n = strcspn(p, "/");
        char *next = p[n] ? p + n + 1 : p + n;
        if (n == 0 || (n == 1 && p[0] == '.')) { /* "a//b", "a/./b": no step */
            p = next;
            continue;
        }
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            /* Only ever back to a directory this walk entered: never asked of the file
             * system, which could name a parent outside the preopen. */
            if (stack.n == 0)
                err = WASI_ENOTCAPABLE;
            else
                ops->release(a, stack.v[--stack.n]);
            p = next;
            continue;
        }
        p[n] = 0;
        walk_dir child;
        char *target = NULL;
        bool is_other = false;
        err = ops->child(a, stack.n ? stack.v[stack.n - 1] : start, p, &child, &target, &is_other);
        if (err)
            break;
        if (is_other) { /* a file where a directory must be */
            err = WASI_ENOTDIR;
        } else if (target) {
            /* The target replaces the link in the remaining text and is walked from the
             * directory holding the link (the stack top), as the kernel does. */
            if (++links > WALK_MAX_SYMLINKS)
                err = WASI_ELOOP;
            else if (target[0] == '/')
                err = WASI_ENOTCAPABLE;
            char *expanded = err ? NULL : join3(a, target, strlen(target), next, "");
            wr_mem_free(target);
            if (!err && !expanded)
                err = WASI_ENOMEM;
            if (!err) {
                wr_mem_free(work);
                work = p = expanded;
            }
        } else if (!push(&stack, child)) {
            ops->release(a, child);
            err = WASI_ENOMEM;
        } else {
            p = next;
        }
    }
    if (!err) {
        if (stack.n)
            *out = stack.v[--stack.n];
        else
            err = ops->retain(a, start, out);
    }
    while (stack.n)
        ops->release(a, stack.v[--stack.n]);
    wr_mem_free(stack.v);
    wr_mem_free(work);
    return err;
}

/* The kernel's resolver (openat2 with RESOLVE_BENEATH) where the file system has one, else
 * the component walk: both must answer alike (fuzz/fuzz_wasi_path.c compares them). */
static uint16_t resolve_dir(const walk_ops *ops, const wr_allocator *a, walk_dir start,
                            const char *path,
                            walk_dir *out)
{
    if (ops->resolve_dir) {
        uint16_t err = ops->resolve_dir(a, start, *path ? path : ".", out);
        if (err != WASI_ENOSYS)
            return err;
    }
    return walk_components(ops, a, start, path, out);
}

static bool is_dot_or_dotdot(const char *s)
{
    return s[0] == '.' && (s[1] == 0 || (s[1] == '.' && s[2] == 0));
}

uint16_t wr_wasi_walk_lookup(const walk_ops *ops, const wr_allocator *a, walk_dir start,
                             const char *path,
                     bool follow, walk_result *out)
{
    *out = (walk_result){0};
    if (!*path) /* POSIX: the empty path names nothing */
        return WASI_ENOENT;
    if (path[0] == '/') /* a sandbox has no root to start from */
        return WASI_ENOTCAPABLE;
    char *cur = wr_mem_strdup(a, path);
    if (!cur)
        return WASI_ENOMEM;
    /* Each round resolves everything but the last component to a directory; a symlink there
     * that must be followed is spliced into the text and the round starts again. */
    for (int links = 0;; links++) {
        size_t len = strlen(cur);
        bool trailing = false;
        /* "a/" must be a directory; the flag says so to the caller's operation. cur[0] is
         * never '/' (refused above, and no round makes one), so this never empties it. */
        while (len > 1 && cur[len - 1] == '/') {
            cur[--len] = 0;
            trailing = true;
        }
        char *slash = strrchr(cur, '/');
        char *last = slash ? slash + 1 : cur;
        const char *name;
        walk_dir parent;
        uint16_t err;
        if (is_dot_or_dotdot(last)) {
            /* Keep ".." out of the last component: the resolver checks it. */
            err = resolve_dir(ops, a, start, cur, &parent);
            name = ".";
        } else {
            if (slash)
                *slash = 0;
            err = resolve_dir(ops, a, start, slash ? cur : "", &parent);
            name = last;
        }
        /* A name no directory can hold, refused before a file system sees it, so that both
         * say the same whatever the operation. */
        if (!err && strlen(name) > WALK_NAME_MAX) {
            ops->release(a, parent);
            err = WASI_ENAMETOOLONG;
        }
        if (err) {
            wr_mem_free(cur);
            return err;
        }
        char target[WALK_TARGET_MAX];
        long n = -1;
        /* POSIX follows a symlink before a trailing slash even when not asked to. */
        if ((follow || trailing) && strcmp(name, ".") != 0)
            n = ops->read_link(a, parent, name, target, sizeof target);
        if (n < 0) { /* not a symlink, or not to be followed: the caller's operation decides */
            *out = (walk_result){parent, name, trailing, cur};
            return 0;
        }
        ops->release(a, parent);
        /* A target that did not fit was cut, an empty one names nothing (POSIX). */
        err = n >= WALK_TARGET_MAX ? WASI_ENAMETOOLONG
            : links >= WALK_MAX_SYMLINKS ? WASI_ELOOP
            : n > 0 && target[0] == '/' ? WASI_ENOTCAPABLE
            : n == 0 ? WASI_ENOENT : 0;
        if (err) {
            wr_mem_free(cur);
            return err;
        }
        target[n] = 0;
        char *next = join3(a, cur, slash ? strlen(cur) : 0, target, trailing ? "/" : "");
        wr_mem_free(cur);
        if (!next)
            return WASI_ENOMEM;
        cur = next;
    }
}

void wr_wasi_walk_done(const walk_ops *ops, const wr_allocator *a, walk_result *r)
{
    if (r->buf)
        ops->release(a, r->parent);
    wr_mem_free(r->buf);
    *r = (walk_result){0};
}
