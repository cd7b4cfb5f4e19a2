/*!
The process's allocator: mimalloc, asked for a plain block when the alignment
asked for is one every block has.

`mimalloc::MiMalloc` asks `mi_malloc_aligned` for every allocation, which costs
about twice `mi_malloc` on the small allocations extraction makes by the
thousand (callgrind: ~52 instructions a call against ~25). Every mimalloc
block is aligned to at least a pointer's size, so an allocation aligned to
that or less (strings, vectors of words, spans and references) takes
`mi_malloc`; a larger alignment still takes the aligned call.
*/

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment of every block `mi_malloc` returns (a pointer's size).
const BLOCK_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc, with a plain call for the alignments every block has.
pub struct Mi;

// SAFETY: every call forwards to mimalloc, which returns blocks aligned to at
// least BLOCK_ALIGN, so the plain calls are taken only when `layout.align()`
// is at most that; `dealloc` frees any block of either call (`mi_free` takes
// aligned blocks too).
unsafe impl GlobalAlloc for Mi {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= BLOCK_ALIGN {
            // SAFETY: a plain mimalloc allocation (see the impl's note).
            unsafe { libmimalloc_sys::mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: as `mimalloc::MiMalloc` asks.
            unsafe { libmimalloc_sys::mi_malloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= BLOCK_ALIGN {
            // SAFETY: a plain zeroed mimalloc allocation.
            unsafe { libmimalloc_sys::mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: as `mimalloc::MiMalloc` asks.
            unsafe { libmimalloc_sys::mi_zalloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the GlobalAlloc contract).
        unsafe { libmimalloc_sys::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= BLOCK_ALIGN {
            // SAFETY: `ptr` came from this allocator; the new block keeps the
            // pointer alignment every block has.
            unsafe { libmimalloc_sys::mi_realloc(ptr.cast::<c_void>(), new_size).cast() }
        } else {
            // SAFETY: as `mimalloc::MiMalloc` asks.
            unsafe {
                libmimalloc_sys::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align())
                    .cast()
            }
        }
    }
}
