/*!
A counting global allocator: the system allocator, counting every allocation and
reallocation, so that a benchmark can print allocations per document and a test can
prove that a path does not allocate.

A program opts in by installing it (once per binary), and reads [`allocations`] before
and after the code it measures:

```
#[global_allocator]
static GLOBAL: sitrep_benchkit::CountingAlloc = sitrep_benchkit::CountingAlloc;

fn main() {
    let before = sitrep_benchkit::allocations();
    let v = vec![1u8; 64];
    assert!(sitrep_benchkit::allocations() > before, "{v:?}");
}
```

The count is for the whole process: measure while no other thread allocates. Without
the installation the count stays at zero.
*/

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting allocations and reallocations (see the module doc).
pub struct CountingAlloc;

// SAFETY: every call is passed on unchanged to the system allocator; the counter is an
// atomic that never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

/// Allocations and reallocations made through [`CountingAlloc`] since the process started.
pub fn allocations() -> usize {
    ALLOCS.load(Ordering::Relaxed)
}
