/*
 * Values in the wast2json encoding: {"type": "i32", "value": "42"}, floats as their bit
 * patterns, "nan:canonical" / "nan:arithmetic" patterns, v128 lanes, and references where
 * externref "N" stands for a host pointer of our choosing.
 */
#ifndef SPECTEST_VALUES_H
#define SPECTEST_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "json.h"
#include "wr.h"

/* An argument value. On failure writes the reason into err. */
bool spec_value_parse(const json_value *value, wr_val *out, char *err, size_t err_size);
/* Whether a result matches an expected value, including NaN patterns. */
bool spec_value_matches(const json_value *expected, wr_val actual);
/* Text forms for failure messages: the expected value as written, and an actual value
 * (a v128 shown in the lane shape of like, an expected value). */
void spec_value_describe(const json_value *expected, char *buf, size_t size);
void spec_val_describe(wr_val value, const json_value *like, char *buf, size_t size);

#endif
