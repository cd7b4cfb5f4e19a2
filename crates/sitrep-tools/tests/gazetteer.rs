/*!
The gazetteer builder is deterministic and the shipped files are what it makes:
two builds from `../shared/gazetteer-src` give byte-identical `places.tsv` and
`names.tsv`, equal to `data/gazetteer/` (skipped with a message when the
sources are absent).
*/

use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn builder_is_deterministic() {
    let src = repo_root().join("../shared/gazetteer-src");
    if !src.join("cities500.txt.gz").exists() {
        eprintln!("skipping: {} is absent", src.display());
        return;
    }
    let curated = repo_root().join("data/gazetteer");
    let tmp = std::env::temp_dir().join(format!("sitrep-geo-build-{}", std::process::id()));
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    for d in [&a, &b] {
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
        for f in [
            "places-extra.tsv",
            "aliases-extra.tsv",
            "admin-suffixes.txt",
        ] {
            std::fs::copy(curated.join(f), d.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        }
        sitrep_tools::gazetteer::build(&src, d).unwrap_or_else(|e| panic!("build: {e}"));
    }
    for f in ["places.tsv", "names.tsv"] {
        let x = std::fs::read(a.join(f)).unwrap_or_default();
        let y = std::fs::read(b.join(f)).unwrap_or_default();
        assert!(!x.is_empty());
        assert!(x == y, "{f} differs between two builds");
        // And the shipped file is what the builder makes.
        let shipped = std::fs::read(curated.join(f)).unwrap_or_default();
        assert!(x == shipped, "shipped {f} is stale: rerun build-gazetteer");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
