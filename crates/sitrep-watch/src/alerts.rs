/*!
Alert rules: which stored events alert, when they alert again, and how.

An event matches a rule when every condition the rule gives holds (country,
admin1 name or code, bounding box, type, sub-type, actor id or name, one of the
words in the report, at least `min_fatalities` killed, counting the best figure or
else the lower bound). A matching event alerts once; it alerts again only when a
revision raises its toll to one of the rule's `thresholds` not reached before (the
alert's *level* is how many thresholds its toll has reached, remembered in the
state file).

An alert is one JSON object: the rule, the reason, an `alert_id` (rule, event and
level: a receiver can drop repeats), the event record, its revision and sources,
and the evidence (the sentences of the report that triggered it). It goes to a JSON
Lines file (appended and flushed to disk), a webhook (POST), or a command (`sh -c`,
the JSON on its standard input).
*/

use crate::config::AlertRule;
use serde_json::json;
use sitrep_core::Event;
use std::io::Write;

/// The toll an alert compares: the best figure, else the lower bound.
pub fn toll(ev: &Event) -> Option<u32> {
    ev.fatalities.best.or(ev.fatalities.low)
}

fn any_eq(list: &[String], v: Option<&str>) -> bool {
    list.is_empty() || v.is_some_and(|v| list.iter().any(|x| x.eq_ignore_ascii_case(v)))
}

/// Whether an event, told by `report` (the text of the document being coded),
/// matches the rule.
pub fn matches(rule: &AlertRule, ev: &Event, report: &str) -> bool {
    let loc = &ev.location;
    if !any_eq(&rule.country, loc.country.as_deref()) {
        return false;
    }
    let admin1_ok = rule.admin1.is_empty()
        || any_eq(&rule.admin1, loc.admin1.as_deref())
        || any_eq(&rule.admin1, loc.admin1_code.as_deref());
    if !admin1_ok {
        return false;
    }
    if let Some([w, s, e, n]) = rule.bbox {
        match (loc.lon, loc.lat) {
            (Some(x), Some(y)) if x >= w && x <= e && y >= s && y <= n => {}
            _ => return false,
        }
    }
    if !any_eq(&rule.event_type, Some(ev.event_type.as_str())) {
        return false;
    }
    if !any_eq(&rule.sub_type, ev.sub_event_type.as_deref()) {
        return false;
    }
    if !rule.actor.is_empty()
        && !ev
            .actors
            .iter()
            .any(|a| any_eq(&rule.actor, Some(&a.id)) || any_eq(&rule.actor, Some(&a.name)))
    {
        return false;
    }
    if !rule.words.is_empty() {
        let low = report.to_lowercase();
        if !rule.words.iter().any(|w| low.contains(&w.to_lowercase())) {
            return false;
        }
    }
    if let Some(min) = rule.min_fatalities {
        if toll(ev).is_none_or(|t| t < min) {
            return false;
        }
    }
    true
}

/// How many of the rule's thresholds a toll has reached.
pub fn level(rule: &AlertRule, toll: Option<u32>) -> u32 {
    let t = toll.unwrap_or(0);
    rule.thresholds.iter().filter(|&&th| t >= th).count() as u32
}

/// Whether to alert, given the level last alerted (`None`: never): the new level
/// and the reason.
pub fn decide(
    rule: &AlertRule,
    ev: &Event,
    report: &str,
    last: Option<u32>,
) -> Option<(u32, String)> {
    if !matches(rule, ev, report) {
        return None;
    }
    let lvl = level(rule, toll(ev));
    match last {
        None => Some((lvl, "new event".to_string())),
        Some(p) if lvl > p => {
            let th = rule
                .thresholds
                .iter()
                .filter(|&&th| toll(ev).unwrap_or(0) >= th)
                .max()
                .copied()
                .unwrap_or(0);
            Some((
                lvl,
                format!(
                    "revised toll {} reached the threshold {th}",
                    toll(ev).unwrap_or(0)
                ),
            ))
        }
        Some(_) => None,
    }
}

/// The alert's JSON.
pub fn payload(
    rule: &AlertRule,
    reason: &str,
    lvl: u32,
    stored: &sitrep_store::StoredEvent,
    evidence: &[String],
) -> serde_json::Value {
    json!({
        "alert": rule.name,
        "alert_id": format!("{}:{}:{}", rule.name, stored.event.id, lvl),
        "reason": reason,
        "level": lvl,
        "event_id": stored.event.id,
        "revision": stored.revision,
        "n_sources": stored.n_sources,
        "evidence": evidence,
        "event": stored.event,
    })
}

/// Deliver one alert to the rule's sink.
pub fn deliver(
    rule: &AlertRule,
    body: &serde_json::Value,
    fetcher: &mut crate::fetch::Fetcher,
) -> Result<(), String> {
    let line = body.to_string();
    if let Some(path) = &rule.file {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        f.write_all(format!("{line}\n").as_bytes())
            .and_then(|_| f.sync_data())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    if let Some(url) = &rule.webhook {
        return fetcher
            .post_json(url, &line)
            .map_err(|e| format!("webhook {url}: {e}"));
    }
    if let Some(cmd) = &rule.command {
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .env("SITREP_ALERT", &rule.name)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("command {cmd:?}: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            // A command that does not read its input is not an error.
            let _ = stdin.write_all(line.as_bytes());
        }
        let st = child.wait().map_err(|e| format!("command {cmd:?}: {e}"))?;
        return if st.success() {
            Ok(())
        } else {
            Err(format!("command {cmd:?} exited with {st}"))
        };
    }
    Err(format!(
        "alert {:?} has no file, webhook or command",
        rule.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(country: &str, killed: Option<u32>) -> Event {
        let mut ev: Event = serde_json::from_value(json!({
            "schema": "sitrep.event/1", "id": "e1", "event_type": "battles",
            "date": {"start": null, "end": null, "precision": "unknown"},
            "location": {"precision": "country"},
            "actors": [], "fatalities": {}, "injuries": {}, "casualty_claims": [],
            "attribution": {"status": "unattributed", "claimed_by": [], "alleged_by": []},
            "modality": "asserted", "sources": [], "confidence": 0.5
        }))
        .unwrap();
        ev.location.country = Some(country.into());
        ev.location.lat = Some(2.0);
        ev.location.lon = Some(45.0);
        ev.fatalities.best = killed;
        ev
    }

    #[test]
    fn rules_match_on_every_condition_given() {
        let r = AlertRule {
            name: "so".into(),
            country: vec!["SO".into()],
            bbox: Some([40.0, -2.0, 52.0, 12.0]),
            words: vec!["checkpoint".into()],
            min_fatalities: Some(5),
            ..AlertRule::default()
        };
        let text = "A bomb hit a Checkpoint.";
        assert!(matches(&r, &event("SO", Some(6)), text));
        assert!(!matches(&r, &event("KE", Some(6)), text));
        assert!(!matches(&r, &event("SO", Some(4)), text));
        assert!(!matches(&r, &event("SO", None), text));
        assert!(!matches(&r, &event("SO", Some(6)), "A bomb hit a market."));
        let typed = AlertRule {
            event_type: vec!["riots".into()],
            ..AlertRule::default()
        };
        assert!(!matches(&typed, &event("SO", Some(6)), text));
    }

    #[test]
    fn an_event_alerts_once_and_again_only_past_a_threshold() {
        let r = AlertRule {
            name: "x".into(),
            min_fatalities: Some(5),
            thresholds: vec![20, 50],
            ..AlertRule::default()
        };
        let d = |k, last| decide(&r, &event("SO", Some(k)), "", last).map(|(l, _)| l);
        assert_eq!(d(3, None), None);
        assert_eq!(d(8, None), Some(0));
        assert_eq!(d(12, Some(0)), None);
        assert_eq!(d(25, Some(0)), Some(1));
        assert_eq!(d(30, Some(1)), None);
        assert_eq!(d(60, Some(1)), Some(2));
    }
}
