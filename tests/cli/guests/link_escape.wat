;; Imports that cannot be linked, named with escape sequences: an unknown one, and one of
;; WASI with the wrong type.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func))
  (func (export "_start")))
