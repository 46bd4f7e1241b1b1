/*
 * The features each script of the 3.0 suite needs, as the suite itself lists them
 * (tools/check-report.json beside its core/ folder), so that wr-spectest can skip the
 * scripts of a feature wr does not implement and report them as such, never silently.
 */
#ifndef SPECTEST_SCRIPT_FEATURES_H
#define SPECTEST_SCRIPT_FEATURES_H

typedef struct spec_features spec_features;

/* The first feature the script at path needs that wr does not implement, or NULL (also
 * for a script of a suite without a report, like the 2.0 one). Loads the suite's report
 * on first use into *cache, which starts NULL. */
const char *spec_missing_feature(spec_features **cache, const char *path);
void spec_features_free(spec_features *cache);

#endif
