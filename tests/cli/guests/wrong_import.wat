;; A WASI import with the wrong type: the link error names the type expected and the one given.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func))
  (func (export "_start")))
