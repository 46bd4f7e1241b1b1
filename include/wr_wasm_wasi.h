/*
 * wr_wasm_wasi.h - WASI preview1 for programs written against wasm.h, in the form wasmtime's
 * wasi.h gave it: a config, a WASI instance built from it in a store, and a lookup that
 * satisfies one import at a time.
 *
 *   wasi_config_t *cfg = wasi_config_new();
 *   wasi_config_inherit_argv(cfg);
 *   wasi_config_inherit_stdout(cfg);
 *   wasi_config_preopen_dir(cfg, "/srv/data", "/data");
 *   wasi_instance_t *wasi = wasi_instance_new(store, "wasi_snapshot_preview1", cfg, &trap);
 *   for each import i of the module:
 *       imports[i] = wasi_instance_bind_import(wasi, importtype[i]);   // or your own extern
 *   instance = wasm_instance_new(store, module, &imports, &trap);
 *   then call the "_start" export; proc_exit(n) ends the call with a trap for which
 *   wr_wasm_trap_exit_code gives n.
 *
 * Stdio that is neither inherited nor set to a file is closed in effect: stdin reads end of
 * file at once and output is discarded.
 */
#ifndef WR_WASM_WASI_H
#define WR_WASM_WASI_H

#include <stdbool.h>
#include <stddef.h>

#include "wasm.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasi_config_t wasi_config_t;

/* A config with nothing set: no arguments or environment, no preopens, stdio closed in effect
 * (see above). NULL only when out of memory. The caller owns it until wasi_instance_new takes
 * it or wasi_config_delete frees it (config may be NULL). One thread at a time. */
WASM_API_EXTERN wasi_config_t *wasi_config_new(void);
WASM_API_EXTERN void wasi_config_delete(wasi_config_t *config);

/* Replace the arguments (argv[0] first). The strings are copied. */
WASM_API_EXTERN bool wasi_config_set_argv(wasi_config_t *config, size_t argc, const char *argv[]);
/* Use this process's own arguments. */
WASM_API_EXTERN void wasi_config_inherit_argv(wasi_config_t *config);
/* Replace the environment with names[i]=values[i]. */
WASM_API_EXTERN bool wasi_config_set_env(wasi_config_t *config, size_t envc, const char *names[],
                                         const char *values[]);
/* Use this process's own environment. */
WASM_API_EXTERN void wasi_config_inherit_env(wasi_config_t *config);

/* A host file as stdin (read) or stdout/stderr (created or truncated when the WASI instance is
 * made); false only when out of memory. */
WASM_API_EXTERN bool wasi_config_set_stdin_file(wasi_config_t *config, const char *path);
WASM_API_EXTERN bool wasi_config_set_stdout_file(wasi_config_t *config, const char *path);
WASM_API_EXTERN bool wasi_config_set_stderr_file(wasi_config_t *config, const char *path);
WASM_API_EXTERN void wasi_config_inherit_stdin(wasi_config_t *config);
WASM_API_EXTERN void wasi_config_inherit_stdout(wasi_config_t *config);
WASM_API_EXTERN void wasi_config_inherit_stderr(wasi_config_t *config);

/* Let the guest see the host directory path as guest_path, and nothing outside it. */
WASM_API_EXTERN bool wasi_config_preopen_dir(wasi_config_t *config, const char *path,
                                             const char *guest_path);

typedef struct wasi_instance_t wasi_instance_t;

/* The WASI functions of module name (only "wasi_snapshot_preview1" is known), in store; takes
 * the config. Returns NULL and sets *trap (when trap is not NULL) when a preopened directory
 * or stdio file cannot be opened. */
WASM_API_EXTERN wasi_instance_t *wasi_instance_new(wasm_store_t *store, const char *name,
                                                   wasi_config_t *config, wasm_trap_t **trap);
/* The functions stay usable until the store is deleted. */
WASM_API_EXTERN void wasi_instance_delete(wasi_instance_t *instance);

/* The WASI function satisfying import, or NULL when it is not one of this instance's module or
 * its type differs. The extern belongs to the WASI instance: do not delete it. */
WASM_API_EXTERN const wasm_extern_t *wasi_instance_bind_import(const wasi_instance_t *instance,
                                                               const wasm_importtype_t *import);

/* Whether trap is the guest calling proc_exit, and then its exit code. */
WASM_API_EXTERN bool wr_wasm_trap_exit_code(const wasm_trap_t *trap, int *code);

#ifdef __cplusplus
}
#endif
#endif
