/* Tagged calls (fixed and guest-allocated areas, guest errors, malformed output) and hooks. */
#include "harness.h"
#include "reactor/internal.h"

static wr_reactor *tagged_reactor(harness *h, wr_module *m, wr_codec_area area,
                                  wr_guest_error_fn on_error, void *user)
{
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.codec_area = area;
    cfg.guest_error = on_error;
    cfg.guest_error_user = user;
    wr_reactor *r = NULL;
    CHECK_OK(&h->checks, wr_reactor_new(m, &cfg, &r));
    return r;
}

static wr_future *tagged(harness *h, wr_reactor *r, const char *name, const wr_tagged *args,
                         size_t nargs)
{
    wr_future *f = NULL;
    CHECK_OK(&h->checks, wr_reactor_call_tagged(r, name, args, nargs, NULL, &f));
    if (f)
        CHECK(&h->checks, wr_future_wait(f, 10000000000LL));
    return f;
}

static wr_tagged str(const char *s)
{
    wr_tagged t = {.tag = WR_TAG_STRING};
    t.of.str.data = s;
    t.of.str.len = (uint32_t)strlen(s);
    return t;
}

static void concat_and_sums(harness *h, wr_reactor *r)
{
    wr_tagged args[2] = {str("hello, "), str("world")};
    wr_future *f = tagged(h, r, "concat", args, 2);
    CHECK(&h->checks, f && wr_future_status(f) == WR_CALL_OK);
    size_t n = 0;
    const wr_tagged *out = f ? wr_future_tagged(f, &n) : NULL;
    CHECK(&h->checks, n == 2 && out);
    if (n == 2 && out) {
        CHECK(&h->checks, out[0].tag == WR_TAG_STRING && out[0].of.str.len == 12);
        CHECK(&h->checks, strcmp(out[0].of.str.data, "hello, world") == 0);
        CHECK(&h->checks, out[1].tag == WR_TAG_U32 && out[1].of.u32 == 12);
    }
    wr_future_free(f);

    int32_t ints[4] = {1, -2, 30, 400};
    uint32_t words[3] = {1, 2, 0x80000000u};
    wr_tagged sums[3] = {{.tag = WR_TAG_I32_ARRAY}, {.tag = WR_TAG_U32_ARRAY}, {.tag = WR_TAG_I32}};
    sums[0].of.i32s.data = ints;
    sums[0].of.i32s.count = 4;
    sums[1].of.u32s.data = words;
    sums[1].of.u32s.count = 3;
    sums[2].of.i32 = 3;
    f = tagged(h, r, "sums", sums, 3);
    CHECK(&h->checks, f && wr_future_status(f) == WR_CALL_OK);
    out = f ? wr_future_tagged(f, &n) : NULL;
    CHECK(&h->checks, n == 2 && out);
    if (n == 2 && out) {
        CHECK(&h->checks, out[0].tag == WR_TAG_I32 && out[0].of.i32 == 429);
        CHECK(&h->checks, out[1].tag == WR_TAG_U32_ARRAY && out[1].of.u32s.count == 3);
        CHECK(&h->checks, out[1].of.u32s.data[0] == 3 && out[1].of.u32s.data[1] == 6 &&
                              out[1].of.u32s.data[2] == 0x80000000u);
    }
    wr_future_free(f);

    f = tagged(h, r, "seven", NULL, 0);
    out = f ? wr_future_tagged(f, &n) : NULL;
    CHECK(&h->checks, f && wr_future_status(f) == WR_CALL_OK && n == 1 && out && out[0].of.i32 == 7);
    wr_future_free(f);
}

static void test_fixed_area(harness *h)
{
    wr_module *m = load_guest(h, "tagged.wasm");
    wr_reactor *r = m ? tagged_reactor(h, m, WR_CODEC_FIXED, NULL, NULL) : NULL;
    if (r) {
        concat_and_sums(h, r);
        /* Arguments larger than the fixed area are refused at submission, not later. */
        static char big[2000];
        memset(big, 'x', sizeof big - 1);
        wr_tagged args[2] = {str(big), str("")};
        wr_future *f = NULL;
        wr_error *err = wr_reactor_call_tagged(r, "concat", args, 2, NULL, &f);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !f);
        CHECK(&h->checks, err && strstr(wr_error_message(err), "take 2010 bytes, the area holds 1016"));
        wr_error_free(err);
    }
    wr_reactor_free(r);
    wr_module_free(m);
}

/* Results larger than the area say how large they are and what to raise. */
static void test_result_overflow(harness *h)
{
    wr_module *m = load_guest(h, "tagged.wasm");
    for (int mode = 0; mode < 2 && m; mode++) {
        wr_reactor *r = tagged_reactor(h, m, mode ? WR_CODEC_MALLOC : WR_CODEC_FIXED, NULL,
                                       NULL);
        if (!r)
            continue;
        wr_tagged n = {.tag = WR_TAG_U32, .of.u32 = 300};
        wr_future *f = tagged(h, r, "zeros", &n, 1);
        /* 300 elements: tag, count, 1,200 bytes, then the end marker. */
        CHECK(&h->checks, f && wr_future_status(f) == WR_CALL_CODEC);
        const char *msg = f ? wr_future_message(f) : NULL;
        CHECK(&h->checks, msg && strstr(msg, "the results of 'zeros' need 1206 bytes, the area has 1016; "
                                             "raise codec_capacity"));
        wr_future_free(f);
        n.of.u32 = 3;
        f = tagged(h, r, "zeros", &n, 1);
        size_t count = 0;
        const wr_tagged *out = f ? wr_future_tagged(f, &count) : NULL;
        CHECK(&h->checks, out && count == 1 && out[0].of.u32s.count == 3);
        wr_future_free(f);
        wr_reactor_free(r);
    }
    wr_module_free(m);
}

/* An allocated area whose allocator is missing fails wr_reactor_new, once, before any
 * instance is made (this module's _initialize would spin). */
static void test_allocator_checked(harness *h)
{
    wr_module *m = load_guest(h, "spin_init.wasm");
    for (int mode = 0; mode < 2 && m; mode++) {
        wr_reactor_config cfg;
        wr_reactor_config_default(&cfg);
        cfg.codec_area = mode ? WR_CODEC_CABI_REALLOC : WR_CODEC_MALLOC;
        wr_reactor *r = NULL;
        wr_error *err = wr_reactor_new(m, &cfg, &r);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !r);
        CHECK(&h->checks, err && strstr(wr_error_message(err), mode ? "'cabi_realloc'" : "'malloc'"));
        wr_error_free(err);
    }
    wr_module_free(m);
}

static void test_allocated_area(harness *h)
{
    wr_module *m = load_guest(h, "tagged.wasm");
    for (int mode = 0; mode < 2 && m; mode++) {
        wr_reactor *r = tagged_reactor(h, m, mode ? WR_CODEC_CABI_REALLOC : WR_CODEC_MALLOC,
                                       NULL, NULL);
        if (!r)
            continue;
        concat_and_sums(h, r);
        /* Large arguments get a large enough area. */
        static char big[3000];
        memset(big, 'y', sizeof big - 1);
        wr_tagged args[2] = {str(big), str("z")};
        wr_future *f = tagged(h, r, "concat", args, 2);
        size_t n = 0;
        const wr_tagged *out = f ? wr_future_tagged(f, &n) : NULL;
        CHECK(&h->checks, f && wr_future_status(f) == WR_CALL_OK && n == 2 && out &&
                              out[0].of.str.len == 3000 && out[0].of.str.data[2999] == 'z');
        wr_future_free(f);
        /* Every area was given back through "free". */
        wr_future *frees = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "frees", NULL, 0, NULL, &frees));
        CHECK(&h->checks, frees && wr_future_wait(frees, -1) && wr_future_status(frees) == WR_CALL_OK);
        const wr_val *v = frees ? wr_future_results(frees, &n) : NULL;
        CHECK(&h->checks, v && v[0].of.i32 == 4);
        wr_future_free(frees);
        wr_reactor_free(r);
    }
    wr_module_free(m);
}

typedef struct guest_error_log {
    int32_t code;
    char message[64];
    int calls;
} guest_error_log;

static void on_guest_error(wr_hook_ctx *ctx, int32_t code, void *user)
{
    guest_error_log *log = user;
    log->calls++;
    log->code = code;
    size_t n;
    wr_val *args = wr_hook_args(ctx, &n);
    size_t size;
    uint8_t *mem = wr_hook_memory(ctx, &size);
    uint32_t at = n ? (uint32_t)args[0].of.i32 : 0;
    /* The guest left (string message) in the area. */
    if (mem && at + 5 <= size && mem[at] == WR_TAG_STRING) {
        uint32_t len = (uint32_t)mem[at + 1] | (uint32_t)mem[at + 2] << 8;
        if (len < sizeof log->message && at + 5 + len <= size) {
            memcpy(log->message, mem + at + 5, len);
            log->message[len] = 0;
        }
    }
}

static void test_guest_errors(harness *h)
{
    wr_module *m = load_guest(h, "tagged.wasm");
    guest_error_log log = {0};
    wr_reactor *r = m ? tagged_reactor(h, m, WR_CODEC_FIXED, on_guest_error, &log) : NULL;
    if (r) {
        wr_future *f = tagged(h, r, "refuse", NULL, 0);
        CHECK(&h->checks, f && wr_future_status(f) == WR_CALL_GUEST_ERROR && wr_future_code(f) == 42);
        CHECK(&h->checks, f && wr_future_state_of(f) == WR_FUTURE_FAILED);
        CHECK(&h->checks, log.calls == 1 && log.code == 42 && strcmp(log.message, "no thanks") == 0);
        wr_future_free(f);
        /* Bad arguments for concat: the guest says 1. */
        wr_tagged one = {.tag = WR_TAG_I32, .of.i32 = 5};
        f = tagged(h, r, "concat", &one, 1);
        CHECK(&h->checks, f && wr_future_status(f) == WR_CALL_GUEST_ERROR && wr_future_code(f) == 1);
        wr_future_free(f);
        /* Malformed output: each a codec error naming an offset, nothing read past the area. */
        const char *bad[3] = {"overlong", "endless", "badtag"};
        const char *expect[3] = {"offset 0 declares", "offset 1015", "tag 0x09 at offset 5"};
        for (int i = 0; i < 3; i++) {
            f = tagged(h, r, bad[i], NULL, 0);
            CHECK(&h->checks, f && wr_future_status(f) == WR_CALL_CODEC);
            const char *msg = f ? wr_future_message(f) : NULL;
            CHECK(&h->checks, msg && strstr(msg, expect[i]));
            if (msg && !strstr(msg, expect[i]))
                fprintf(stderr, "  message: %s\n", msg);
            wr_future_free(f);
        }
        /* The wrong type or a bad tag is refused at submission. */
        wr_future *none = NULL;
        wr_error *err = wr_reactor_call_tagged(r, "free", NULL, 0, NULL, &none);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !none);
        wr_error_free(err);
        wr_tagged latin1 = str("caf\xe9");
        err = wr_reactor_call_tagged(r, "concat", &latin1, 1, NULL, &none);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !none);
        wr_error_free(err);
        wr_tagged wrong = {.tag = (wr_tag)9};
        err = wr_reactor_call_tagged(r, "concat", &wrong, 1, NULL, &none);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !none);
        wr_error_free(err);
    }
    wr_reactor_free(r);
    wr_module_free(m);
}

/* ---------------------------------------------------------------- hooks */

typedef struct hook_state {
    const char *text;   /* what the store hook places in guest memory */
    uint32_t placed_at;
    int32_t fail_store; /* a non-zero return for the store hook */
    char greeting[8];   /* what the load hook read back */
    uint64_t ids[2];
    bool trap_in_hook;
} hook_state;

static int store_hook(wr_hook_ctx *ctx, void *user)
{
    hook_state *s = user;
    s->ids[0] = wr_hook_call_id(ctx);
    if (s->fail_store)
        return s->fail_store;
    if (s->trap_in_hook) {
        wr_val zero[2] = {wr_val_i32(1), wr_val_i32(0)}, out;
        if (!wr_hook_call(ctx, "div", zero, 2, &out, 1))
            return 0; /* the trap decides the outcome anyway */
    }
    uint32_t len = (uint32_t)strlen(s->text);
    wr_val arg = wr_val_i32((int32_t)len), ptr;
    if (!wr_hook_call(ctx, "malloc", &arg, 1, &ptr, 1))
        return 5;
    size_t size;
    uint8_t *mem = wr_hook_memory(ctx, &size);
    if (!mem || (uint32_t)ptr.of.i32 + len > size)
        return 6;
    memcpy(mem + ptr.of.i32, s->text, len);
    size_t n;
    wr_val *args = wr_hook_args(ctx, &n);
    if (n != 2)
        return 7;
    args[0] = ptr;
    args[1] = wr_val_i32((int32_t)len);
    s->placed_at = (uint32_t)ptr.of.i32;
    return 0;
}

static int load_hook(wr_hook_ctx *ctx, void *user)
{
    hook_state *s = user;
    s->ids[1] = wr_hook_call_id(ctx);
    size_t n;
    wr_val *res = wr_hook_results(ctx, &n);
    if (n != 1)
        return 8;
    res[0].of.i32 += 1000; /* results may be adjusted */
    /* Grow memory from the hook; the view is fetched again afterwards. */
    wr_val pages = wr_val_i32(1), old;
    if (!wr_hook_call(ctx, "grow", &pages, 1, &old, 1))
        return 9;
    size_t size;
    uint8_t *mem = wr_hook_memory(ctx, &size);
    if (size != (size_t)(old.of.i32 + 1) * 65536)
        return 10;
    wr_val at = wr_val_i32(64), len;
    if (!wr_hook_call(ctx, "greet", &at, 1, &len, 1) || len.of.i32 != 2)
        return 11;
    mem = wr_hook_memory(ctx, &size);
    memcpy(s->greeting, mem + 64, 2);
    s->greeting[2] = 0;
    wr_val missing;
    if (wr_hook_call(ctx, "no_such_export", NULL, 0, &missing, 1))
        return 12;
    return 0;
}

static void test_hooks(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        hook_state s = {.text = "abc"};
        wr_call_options opts;
        wr_call_options_default(&opts);
        opts.store_hook = store_hook;
        opts.load_hook = load_hook;
        opts.user = &s;
        wr_val args[2] = {wr_val_i32(0), wr_val_i32(0)};
        wr_future *f = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "sum_bytes", args, 2, &opts, &f));
        CHECK(&h->checks, f && wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_OK);
        size_t n;
        const wr_val *v = f ? wr_future_results(f, &n) : NULL;
        CHECK(&h->checks, v && v[0].of.i32 == 'a' + 'b' + 'c' + 1000);
        CHECK(&h->checks, strcmp(s.greeting, "hi") == 0);
        CHECK(&h->checks, f && s.ids[0] == wr_future_id(f) && s.ids[1] == wr_future_id(f));
        CHECK(&h->checks, s.placed_at >= 4096);
        wr_future_free(f);

        s.fail_store = 77;
        CHECK_OK(&h->checks, wr_reactor_call(r, "sum_bytes", args, 2, &opts, &f));
        CHECK(&h->checks, f && wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_HOOK);
        CHECK(&h->checks, f && wr_future_code(f) == 77 && wr_future_state_of(f) == WR_FUTURE_FAILED);
        wr_future_free(f);

        s.fail_store = 0;
        s.trap_in_hook = true;
        CHECK_OK(&h->checks, wr_reactor_call(r, "sum_bytes", args, 2, &opts, &f));
        CHECK(&h->checks, f && wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_TRAP);
        CHECK(&h->checks, f && wr_future_error(f) &&
                              wr_error_trap_kind(wr_future_error(f)) == WR_TRAP_DIV_ZERO);
        wr_future_free(f);
    }
    basic_teardown(r, m, &env);
}

/* The host decoder on random and truncated bytes, each in a buffer of exactly its size so
 * that AddressSanitizer catches any read past it. */
static void test_decoder_bounds(harness *h)
{
    unsigned seed = 99;
    for (int round = 0; round < 20000; round++) {
        size_t size = (size_t)(round % 64);
        uint8_t *buf = malloc(size ? size : 1);
        if (!buf)
            continue;
        for (size_t i = 0; i < size; i++) {
            seed = seed * 1103515245u + 12345u;
            uint8_t b = (uint8_t)(seed >> 16);
            /* Mostly valid tags and small lengths, so that decoding gets somewhere. */
            buf[i] = (seed >> 8) % 3 ? (uint8_t)(b % 6) : b;
        }
        wr_outcome o = {.status = WR_CALL_PENDING};
        char *msg = NULL;
        if (wr_codec_decode(&wr_default_allocator, buf, size, &o, &msg)) {
            wr_mem_free(o.tagged);
            wr_mem_free(o.tagged_storage);
        } else {
            CHECK(&h->checks, msg && strstr(msg, "offset"));
        }
        wr_mem_free(msg);
        free(buf);
    }
    /* A result string must be UTF-8. */
    static const uint8_t bad_utf8[] = {3, 2, 0, 0, 0, 0xC3, 0x28, 0xFF};
    wr_outcome bad = {.status = WR_CALL_PENDING};
    char *bad_msg = NULL;
    CHECK(&h->checks, !wr_codec_decode(&wr_default_allocator, bad_utf8, sizeof bad_utf8, &bad,
                                       &bad_msg));
    CHECK(&h->checks, bad_msg && strstr(bad_msg, "UTF-8") && strstr(bad_msg, "offset 0"));
    wr_mem_free(bad_msg);
    /* Every prefix of a good encoding short of its end fails. */
    int32_t ints[2] = {7, -7};
    wr_tagged vals[3] = {{.tag = WR_TAG_STRING}, {.tag = WR_TAG_I32_ARRAY}, {.tag = WR_TAG_U32}};
    vals[0].of.str.data = "abc";
    vals[0].of.str.len = 3;
    vals[1].of.i32s.data = ints;
    vals[1].of.i32s.count = 2;
    vals[2].of.u32 = 9;
    uint8_t *enc = NULL;
    size_t len = 0;
    CHECK_OK(&h->checks, wr_codec_encode(&wr_default_allocator, vals, 3, &enc, &len));
    for (size_t cut = 0; enc && cut <= len; cut++) {
        uint8_t *part = malloc(cut ? cut : 1);
        if (!part)
            continue;
        memcpy(part, enc, cut);
        wr_outcome o = {.status = WR_CALL_PENDING};
        char *msg = NULL;
        bool ok = wr_codec_decode(&wr_default_allocator, part, cut, &o, &msg);
        CHECK(&h->checks, ok == (cut == len));
        if (ok) {
            CHECK(&h->checks, o.ntagged == 3 && strcmp(o.tagged[0].of.str.data, "abc") == 0 &&
                                  o.tagged[1].of.i32s.data[1] == -7 && o.tagged[2].of.u32 == 9);
            wr_mem_free(o.tagged);
            wr_mem_free(o.tagged_storage);
        }
        wr_mem_free(msg);
        free(part);
    }
    wr_mem_free(enc);
}

int main(void)
{
    harness h;
    harness_init(&h);
    RUN(&h, test_fixed_area);
    RUN(&h, test_allocated_area);
    RUN(&h, test_result_overflow);
    RUN(&h, test_allocator_checked);
    RUN(&h, test_guest_errors);
    RUN(&h, test_hooks);
    RUN(&h, test_decoder_bounds);
    return harness_finish(&h);
}
