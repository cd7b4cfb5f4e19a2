/*!
Proves that resolving a name in the index does not allocate: a counting global
allocator (this test binary only) counts allocations while
`Gazetteer::lookup_key` looks pre-keyed names up and iterates their ids.
*/

use sitrep_benchkit::{allocations, CountingAlloc};
use sitrep_geo::key::name_key;
use sitrep_geo::Gazetteer;

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

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
    // The count is for the whole process, and the test harness's main thread
    // may still be allocating (its bookkeeping of the test it just started)
    // when this test begins: the embedded gazetteer loads without any work,
    // so nothing delays the count. Each pass is counted apart and the quietest
    // one kept: a look-up that allocates would allocate in every pass.
    let mut ids = 0usize;
    let mut sum = 0u64;
    let mut allocs = usize::MAX;
    for _ in 0..3 {
        let before = allocations();
        for _ in 0..1000 {
            for k in &keys {
                for (i, alt) in gaz.lookup_key(k) {
                    ids += 1;
                    sum += u64::from(i) + u64::from(alt);
                }
            }
        }
        allocs = allocs.min(allocations() - before);
    }
    assert!(ids >= 9000, "expected hits, got {ids} ({sum})");
    assert_eq!(allocs, 0, "lookup_key allocated {allocs} times");
}
