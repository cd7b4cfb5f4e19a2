/*!
How a claim was made, who gave a figure, and denials as statement events.
*/

use chrono::NaiveDate;
use sitrep_core::{AttributionStatus, EventType, Modality};
use sitrep_extract::Extractor;

#[test]
fn claim_medium_figure_source_and_denial() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let ex = Extractor::embedded(today).expect("embedded knowledge");
    let text = "Al-Shabaab said in a statement that it had carried out the bombing in Mogadishu \
                on Saturday that killed 13 people, police said. The Houthis denied involvement \
                in the attack.";
    let doc = ex.prepare(
        "t",
        "t.txt",
        None,
        None,
        NaiveDate::from_ymd_opt(2023, 6, 11),
        text,
    );
    let events = ex.extract(&doc);
    let act = events
        .iter()
        .find(|e| e.event_type == EventType::ExplosionsRemoteViolence)
        .expect("the bombing");
    assert_eq!(act.attribution.status, AttributionStatus::Claimed);
    assert_eq!(act.attribution.claimed_via.as_deref(), Some("statement"));
    assert_eq!(
        act.casualty_claims.first().map(|c| c.by.as_str()),
        Some("police")
    );
    assert_eq!(act.fatalities.low, Some(13));
    let denial = events
        .iter()
        .find(|e| e.sub_event_type.as_deref() == Some("deny"))
        .expect("a denial statement");
    assert_eq!(denial.event_type, EventType::Statement);
    assert_eq!(denial.modality, Modality::Negated);
    assert_eq!(
        denial.actors.first().map(|a| a.id.as_str()),
        Some("houthis")
    );
}

/// A threat is the armed group's own word; another's forecast of what the group
/// could do ("experts warn", "analysts said") is no threat statement.
#[test]
fn a_forecast_by_others_is_no_threat_and_a_groups_own_warning_is() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
    let ex = Extractor::embedded(today).expect("embedded knowledge");
    let threats = |text: &str| {
        let doc = ex.prepare(
            "t",
            "t.txt",
            None,
            None,
            NaiveDate::from_ymd_opt(2024, 3, 5),
            text,
        );
        ex.extract(&doc)
            .iter()
            .filter(|e| e.sub_event_type.as_deref() == Some("threaten"))
            .count()
    };
    assert_eq!(
        threats("Security experts warn that al-Shabaab could launch new raids in Wajir in the coming months."),
        0
    );
    assert_eq!(
        threats("Analysts said the RSF could capture Nyala within weeks."),
        0
    );
    assert_eq!(
        threats("The TTP warned on Monday that it would target police in Bannu."),
        1
    );
}
