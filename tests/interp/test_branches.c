/*
 * Fused compare-and-branch instructions against C's comparisons: every i64 and f64
 * comparison feeding br_if (the branch taken when true) and if (taken when false, the
 * negated form), with a slot operand, an immediate, and a constant too wide to fuse; the
 * f64 operands include NaN, infinities and both zeros.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "modules.h"
#include "wr.h"

static int f64_cmp(const char *op, double x, double y)
{
    if (!strcmp(op, "eq"))
        return x == y;
    if (!strcmp(op, "ne"))
        return x != y;
    if (!strcmp(op, "lt"))
        return x < y;
    if (!strcmp(op, "gt"))
        return x > y;
    if (!strcmp(op, "le"))
        return x <= y;
    return x >= y;
}

static int i64_cmp(const char *op, int64_t x, int64_t y)
{
    uint64_t ux = (uint64_t)x, uy = (uint64_t)y;
    static const char *const names[] = {"eq",   "ne",   "lt_s", "lt_u", "gt_s",
                                        "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
    const int results[] = {x == y, x != y, x < y,  ux < uy, x > y,
                           ux > uy, x <= y, ux <= uy, x >= y, ux >= uy};
    for (int i = 0; i < 10; i++)
        if (!strcmp(op, names[i]))
            return results[i];
    return -1;
}

/* Calls name(a, b) and compares with expected; counts the outcome. */
static void check(check_counts *t, wr_store *store, wr_instance *inst, const char *name, wr_val a,
                  wr_val b, int expected)
{
    wr_func *f = wr_instance_func(inst, name);
    wr_val args[2] = {a, b}, r;
    wr_error *err = f ? wr_func_call(store, f, args, 2, &r, 1) : NULL;
    check_at(t, f && !err && r.of.i32 == expected, __FILE__, __LINE__, "%s(%#llx, %#llx) != %d%s%s", name,
             (unsigned long long)a.of.i64, (unsigned long long)b.of.i64, expected, err ? ": " : "",
             err ? wr_error_message(err) : "");
    wr_error_free(err);
}

int main(void)
{
    check_counts counts = {0}, *t = &counts;
    wr_engine *engine = wr_engine_new(NULL);
    wr_module *m = NULL;
    wr_error *err = wr_module_new(engine, fused_wasm, sizeof fused_wasm, &m);
    wr_store *store = wr_store_new(engine);
    wr_instance *inst = NULL;
    if (!err)
        err = wr_instance_new(store, m, NULL, 0, &inst);
    if (!CHECK_OK(t, err))
        return check_report(t);
    static const double fs[] = {NAN, -INFINITY, -1.5, -0.0, 0.0, 1.5, 2.0, INFINITY};
    static const char *const fops[] = {"eq", "ne", "lt", "gt", "le", "ge"};
    char name[32];
    for (size_t o = 0; o < 6; o++) {
        for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
            for (size_t j = 0; j < sizeof fs / sizeof fs[0]; j++) {
                wr_val a = wr_val_f64(fs[i]), b = wr_val_f64(fs[j]);
                int want = f64_cmp(fops[o], fs[i], fs[j]);
                snprintf(name, sizeof name, "br_f64_%s", fops[o]);
                check(t, store, inst, name, a, b, want);
                snprintf(name, sizeof name, "if_f64_%s", fops[o]);
                check(t, store, inst, name, a, b, want);
            }
            if (o < 2)
                continue;
            wr_val a = wr_val_f64(fs[i]), unused = wr_val_f64(0);
            int want = f64_cmp(fops[o], fs[i], 1.5);
            snprintf(name, sizeof name, "brimm_f64_%s", fops[o]);
            check(t, store, inst, name, a, unused, want);
            snprintf(name, sizeof name, "ifimm_f64_%s", fops[o]);
            check(t, store, inst, name, a, unused, want);
        }
    }
    static const int64_t is[] = {INT64_MIN, -6, -5, -4, 0, 5, 0x100000000, INT64_MAX};
    static const char *const iops[] = {"eq",   "ne",   "lt_s", "lt_u", "gt_s",
                                       "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
    for (size_t o = 0; o < 10; o++) {
        for (size_t i = 0; i < sizeof is / sizeof is[0]; i++) {
            wr_val a = wr_val_i64(is[i]);
            for (size_t j = 0; j < sizeof is / sizeof is[0]; j++) {
                wr_val b = wr_val_i64(is[j]);
                int want = i64_cmp(iops[o], is[i], is[j]);
                snprintf(name, sizeof name, "br_i64_%s", iops[o]);
                check(t, store, inst, name, a, b, want);
                snprintf(name, sizeof name, "if_i64_%s", iops[o]);
                check(t, store, inst, name, a, b, want);
            }
            snprintf(name, sizeof name, "brimm_i64_%s", iops[o]);
            check(t, store, inst, name, a, a, i64_cmp(iops[o], is[i], -5));
            snprintf(name, sizeof name, "ifbig_i64_%s", iops[o]);
            check(t, store, inst, name, a, a, i64_cmp(iops[o], is[i], 0x100000000));
        }
    }
    wr_store_free(store);
    wr_module_free(m);
    wr_engine_free(engine);
    return check_report(t);
}
