#!/usr/bin/env bash
# Vendor the dashboard's third-party files into crates/sitrep-serve/assets/vendor/:
# Leaflet (BSD-2-Clause), Leaflet.markercluster (MIT), topojson-client (ISC) and the
# world-atlas country outlines (ISC; the data is Natural Earth's, public domain).
# Pinned versions, fetched with `npm pack` into a temporary directory and checked
# against the registry's integrity hashes (npm does that); the licences are copied
# beside the files. Run from anywhere; rerunning gives the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=crates/sitrep-serve/assets/vendor
PKGS=(leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 world-atlas@2.0.2)
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
( cd "$TMP" && npm pack --silent "${PKGS[@]}" >/dev/null )
for t in "$TMP"/*.tgz; do
  name="$(basename "$t" .tgz)"
  mkdir -p "$TMP/$name"
  tar -xzf "$t" -C "$TMP/$name" --strip-components=1
done
rm -rf "$OUT"
mkdir -p "$OUT/leaflet/images" "$OUT/markercluster" "$OUT/topojson" "$OUT/world-atlas"
L="$TMP/leaflet-1.9.4"
cp "$L/dist/leaflet.js" "$L/dist/leaflet.css" "$OUT/leaflet/"
cp "$L/dist/images/"*.png "$OUT/leaflet/images/"
cp "$L/LICENSE" "$OUT/leaflet/LICENSE"
M="$TMP/leaflet.markercluster-1.5.3"
cp "$M/dist/leaflet.markercluster.js" "$M/dist/MarkerCluster.css" "$M/dist/MarkerCluster.Default.css" "$OUT/markercluster/"
cp "$M/MIT-LICENCE.txt" "$OUT/markercluster/LICENSE"
T="$TMP/topojson-client-3.1.0"
cp "$T/dist/topojson-client.min.js" "$OUT/topojson/"
cp "$T/LICENSE" "$OUT/topojson/LICENSE"
W="$TMP/world-atlas-2.0.2"
cp "$W/countries-50m.json" "$OUT/world-atlas/"
cp "$W/LICENSE" "$OUT/world-atlas/LICENSE"
{
  echo "Vendored by scripts/vendor-dashboard.sh from the npm registry:"
  for p in "${PKGS[@]}"; do echo "  $p"; done
  echo "world-atlas's countries-50m.json is Natural Earth 1:50m Admin 0 (public domain)."
} > "$OUT/README"
( cd "$OUT" && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | xargs sha256sum > SHA256SUMS )
echo "vendored into $OUT:"
du -sh "$OUT"/*
