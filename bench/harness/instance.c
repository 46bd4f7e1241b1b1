#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "util/alloc.h"
#include "util/error.h"

wr_error *bench_instance_open(bench_instance *inst, const char *bench_dir,
                              const bench_kernel *kernel, const wr_config *config)
{
    memset(inst, 0, sizeof *inst);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", bench_dir, kernel->wasm);
    wr_error *err = NULL;
    wr_instance *instance = NULL;

    inst->engine = wr_engine_new(config);
    if (!inst->engine) {
        err = wr_error_nomem();
        goto fail;
    }
    double start = bench_wall_seconds();
    err = wr_module_load(inst->engine, path, &inst->module);
    inst->load_seconds = bench_wall_seconds() - start;
    if (err)
        goto fail;
    wr_mem_free(bench_read_file(path, &inst->wasm_bytes));
    inst->store = wr_store_new(inst->engine);
    if (!inst->store) {
        err = wr_error_nomem();
        goto fail;
    }
    err = wr_instance_new(inst->store, inst->module, NULL, 0, &instance);
    if (err)
        goto fail;
    inst->run = wr_instance_func(instance, "run");
    const wr_functype *type = inst->run ? wr_func_type(inst->run) : NULL;
    if (!type || type->nparams != 1 || type->nresults != 1 || type->params[0] != WR_I32 ||
        type->results[0] != WR_I32) {
        err = wr_error_new(WR_ERR_LINK, "%s does not export run: (i32) -> i32", path);
        goto fail;
    }
    return NULL;

fail:
    bench_instance_close(inst);
    return err;
}

wr_error *bench_instance_run(bench_instance *inst, uint32_t n, uint32_t *checksum)
{
    wr_val arg = wr_val_i32((int32_t)n), result;
    wr_error *err = wr_func_call(inst->store, inst->run, &arg, 1, &result, 1);
    if (!err)
        *checksum = (uint32_t)result.of.i32;
    return err;
}

void bench_instance_close(bench_instance *inst)
{
    if (inst->store)
        wr_store_free(inst->store);
    if (inst->module)
        wr_module_free(inst->module);
    if (inst->engine)
        wr_engine_free(inst->engine);
    memset(inst, 0, sizeof *inst);
}
