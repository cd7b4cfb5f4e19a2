/*!
Proves that resolving a name in the index does not allocate: a counting global
allocator (this test binary only) counts allocations while
`Gazetteer::lookup_key` looks pre-keyed names up and iterates their ids.
*/

use sitrep_geo::key::name_key;
use sitrep_geo::Gazetteer;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn lookup_key_does_not_allocate() {
    let Some(gaz) = Gazetteer::shared() else {
        panic!("embedded gazetteer failed to load");
    };
    let keys: Vec<String> = [
        "Kabul",
        "Springfield",
        "Mazar-i-Sharif",
        "No Such Place Here",
    ]
    .iter()
    .map(|n| name_key(n))
    .collect();
    // Only this thread allocates in this test binary while we count.
    let before = ALLOCS.load(Ordering::SeqCst);
    let mut ids = 0usize;
    let mut sum = 0u64;
    for _ in 0..1000 {
        for k in &keys {
            for (i, alt) in gaz.lookup_key(k) {
                ids += 1;
                sum += u64::from(i) + u64::from(alt);
            }
        }
    }
    let allocs = ALLOCS.load(Ordering::SeqCst) - before;
    assert!(ids >= 3000, "expected hits, got {ids} ({sum})");
    assert_eq!(allocs, 0, "lookup_key allocated {allocs} times");
}
