#!/bin/sh
# no_direct_alloc.sh LIBWR_A
# Every allocation of libwr goes through its engine's allocator (src/util/alloc.h): no object
# of the library but alloc.c.o (the default allocator) may call the C library's allocator or a
# function that allocates for its caller. Checked on the symbols the objects use, so a call
# hidden in a macro counts too. realpath and getcwd are allowed since libwr passes them a
# buffer; a call that lets them allocate would need an exception here.
set -eu
archive=$1
forbidden='malloc|calloc|realloc|reallocarray|free|strdup|strndup|aligned_alloc|posix_memalign|memalign|valloc|pvalloc|getline|getdelim|asprintf|vasprintf|open_memstream|scandir|canonicalize_file_name|get_current_dir_name|tempnam'
found=$(nm -A -u "$archive" | grep -E " U ($forbidden)(@.*)?\$" | grep -v '^[^:]*:alloc\.c\.o:' || true)
if [ -n "$found" ]; then
    echo "direct allocation outside src/util/alloc.c (use the wr_mem_* helpers):"
    echo "$found"
    exit 1
fi
# The check must see the default allocator's own calls, or it would pass on anything.
if ! nm -A -u "$archive" | grep -q '^[^:]*:alloc\.c\.o: *U realloc$'; then
    echo "no_direct_alloc: alloc.c.o does not call realloc; is $archive libwr.a?"
    exit 1
fi
echo "no direct allocation in libwr outside the default allocator"
