/*!
Places: gazetteer entries, their mentions in text, and location precision.

[`GeoPrecision`] follows the contract; its mapping to ACLED `geo_precision` and
UCDP `where_prec` is given by [`GeoPrecision::acled_geo_precision`] and
[`GeoPrecision::ucdp_where_prec`].
*/

use crate::Span;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What kind of gazetteer entry a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    Country,
    Admin1,
    Admin2,
    /// A populated place (GeoNames feature class P).
    Populated,
    /// A neighbourhood, airport, camp, valley, border crossing… (curated extras).
    Site,
}

/// A gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub geonames_id: Option<u64>,
    pub kind: PlaceKind,
    /// GeoNames feature code (`PPLA`, `ADM2`, `AIRP`…), where known.
    pub feature_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub admin1: Option<String>,
    /// GeoNames admin1 code, `AF.30`.
    pub admin1_code: Option<String>,
    pub admin2: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// How precisely a location is known (contract `location.precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GeoPrecision {
    /// The named place itself.
    Point,
    /// Near a named place ("near X", "outside X", "north of X").
    NearPoint,
    /// Only the district (admin2) is known.
    Admin2,
    /// Only the province/state (admin1) is known.
    Admin1,
    Country,
    #[default]
    Unknown,
}

impl GeoPrecision {
    /// ACLED `geo_precision`: 1 the place, 2 near it / part of a region, 3 a larger region.
    pub fn acled_geo_precision(self) -> Option<u8> {
        match self {
            GeoPrecision::Point => Some(1),
            GeoPrecision::NearPoint | GeoPrecision::Admin2 => Some(2),
            GeoPrecision::Admin1 | GeoPrecision::Country => Some(3),
            GeoPrecision::Unknown => None,
        }
    }
    /// UCDP GED `where_prec`: 1 exact, 2 within 25 km, 3 admin2, 4 admin1, 6 country.
    pub fn ucdp_where_prec(self) -> Option<u8> {
        match self {
            GeoPrecision::Point => Some(1),
            GeoPrecision::NearPoint => Some(2),
            GeoPrecision::Admin2 => Some(3),
            GeoPrecision::Admin1 => Some(4),
            GeoPrecision::Country => Some(6),
            GeoPrecision::Unknown => None,
        }
    }
    /// Lower is more precise; used to prefer the finer of two candidates.
    pub fn rank(self) -> u8 {
        match self {
            GeoPrecision::Point => 0,
            GeoPrecision::NearPoint => 1,
            GeoPrecision::Admin2 => 2,
            GeoPrecision::Admin1 => 3,
            GeoPrecision::Country => 4,
            GeoPrecision::Unknown => 5,
        }
    }
}

/// A toponym found in text and resolved to a gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// The name as written (without cue words).
    pub span: Span,
    /// The whole phrase including cue words ("the village of X", "X province").
    pub phrase: Span,
    /// Shared with the gazetteer (and every other mention of the place): cloning
    /// a mention copies no strings. Serialised as the plain [`Place`].
    pub place: Arc<Place>,
    /// Precision a location built from this mention would have.
    pub precision: GeoPrecision,
    /// A demonym ("Afghan") names a country but is never an event place.
    pub demonym: bool,
    /// The name when it did not resolve itself and fell back to a containing unit
    /// ("Hamdard village near Mazar" → the district, keeping "Hamdard").
    pub unresolved_name: Option<String>,
    /// Resolution confidence 0..1.
    pub score: f32,
}

/// Great-circle distance in km between two (lat, lon) points in degrees (the
/// haversine formula on the mean Earth radius, 6371.0088 km): the one distance
/// every crate uses (resolution, assembly, deduplication, scoring).
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_measures_a_degree_of_latitude() {
        let d = haversine_km((10.0, 20.0), (11.0, 20.0));
        assert!((d - 111.2).abs() < 0.5, "{d}");
        assert!(haversine_km((0.0, 0.0), (0.0, 0.0)) < 1e-9);
        assert!((haversine_km((0.0, 0.0), (0.0, 180.0)) - 20015.1).abs() < 1.0);
    }

    /// A mention shares its place (`Arc`) yet serialises with the place inline,
    /// exactly as when it owned it, and reads back.
    #[test]
    fn shared_place_serialises_inline() {
        let place = Place {
            name: "Town".into(),
            geonames_id: Some(42),
            kind: PlaceKind::Populated,
            feature_code: "PPL".into(),
            country: "XX".into(),
            admin1: Some("Province".into()),
            admin1_code: Some("XX.01".into()),
            admin2: None,
            lat: 1.5,
            lon: -2.25,
            population: 1000,
        };
        let m = PlaceMention {
            span: Span::new(0, 4),
            phrase: Span::new(0, 4),
            place: Arc::new(place.clone()),
            precision: GeoPrecision::Point,
            demonym: false,
            unresolved_name: None,
            score: 0.5,
        };
        let json = serde_json::to_value(&m).unwrap_or_default();
        let inline = serde_json::to_value(&place).unwrap_or_default();
        assert_eq!(json.get("place"), Some(&inline));
        let back: Option<PlaceMention> = serde_json::from_value(json).ok();
        assert_eq!(back, Some(m));
    }
}
