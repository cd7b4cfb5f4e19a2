/*!
The named rules of extraction: each rule of sentence analysis
([`crate::sentence`]), casualty figures ([`crate::casualties`]) and assembly
([`crate::assemble`]) has a name here, with a doc comment saying what class of
text it handles. A rule is recorded where it fires (on the roled actor, the
figure, the sentence's facts or the event's field), and `sitrep extract
--explain` prints it, so that "why this event?" has an answer by rule name.

Each rule has its own section of examples in `data/corpus/` (a `# rule: NAME`
heading over the lines that show it, in `sentences.tsv` or `events.tsv`); a test
checks that every name of [`ALL`] has one and that each of its lines fires it.
Rules are variants of [`Rule`]; a [`RuleSet`] records which fired without
allocating.
*/

macro_rules! rules {
    ($( $(#[doc = $d:literal])* $name:ident = $s:literal; )*) => {
        /// A named rule (see the module docs); [`Rule::name`] is its name.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Rule {
            $( $(#[doc = $d])* $name, )*
        }
        /// Every rule name, in the order of [`Rule`].
        pub const ALL: &[&str] = &[$($s),*];
    };
}

impl Rule {
    /// The rule's name, as `--explain` prints it and `data/corpus/` heads its examples.
    pub fn name(self) -> &'static str {
        ALL.get(self as usize).copied().unwrap_or("?")
    }
}

/// A set of rules that fired (one bit per rule: no allocation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleSet([u64; RULE_WORDS]);

/// Words of 64 bits in a [`RuleSet`].
const RULE_WORDS: usize = 4;

// Every rule has its bit.
const _: () = assert!(ALL.len() <= RULE_WORDS * 64);

impl RuleSet {
    /// Record that `r` fired.
    pub fn add(&mut self, r: Rule) {
        let i = r as u8 as usize;
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1u64 << (i % 64);
        }
    }
    /// Whether `r` fired.
    pub fn has(&self, r: Rule) -> bool {
        self.bit(r as u8 as usize)
    }
    fn bit(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }
    /// The names of the rules that fired, in the order of [`Rule`].
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        ALL.iter()
            .enumerate()
            .filter(|(i, _)| self.bit(*i))
            .map(|(_, n)| *n)
    }
}

rules! {
    // ---- sentence analysis: is the act asserted?
    /// A trigger word inside an actor's or a place's name is part of the name
    /// ("the Bomb Disposal Unit"), not an act; one that ends an actor phrase is
    /// the act ("Russian shelling"). So is one inside a date: a month's name
    /// ("on 12 March") is no march.
    TRIGGER_IN_NAME = "trigger-in-name";
    /// A modality cue of `modality.tsv` in scope of the trigger (negated,
    /// future, hypothetical, generic, accidental, threatened) keeps the act from
    /// being asserted ("there was no attack", "plans to attack").
    MODALITY_CUE = "modality-cue";
    /// An accident cue told after an act with a doer named before it, right
    /// after a `topic` word of `sentence-words.tsv` ("after a traffic
    /// accident"), is what the act followed, not a death with no attacker:
    /// "residents beat a police officer after a traffic accident".
    ACCIDENT_AS_CAUSE = "accident-as-cause";
    /// "to attack", "to carry out attacks": an infinitive is an intention, not
    /// an act.
    INFINITIVE_INTENT = "infinitive-intent";
    /// "Families fleeing attacks by insurgents reached the coast", "thousands
    /// fled the fighting": an act named as what people fled (a `flight` word
    /// of `sentence-words.tsv` before the trigger, only articles and
    /// `flight_link` words between) is the cause of their flight, told
    /// elsewhere if at all, not an act at the sentence's place or date.
    FLED_ACT = "fled-act";
    /// "The conflict has killed more than 300,000 people", "a war that has
    /// killed thousands", "the insurgency, now in its tenth year, has killed
    /// 40,000": the toll of a war as a whole (a `conflict` word of
    /// `sentence-words.tsv` as the subject of a kill word in the perfect) is
    /// background, not an act.
    CONFLICT_TOLL = "conflict-toll";
    /// "Miners blocked the highway to protest against a mining law": a
    /// protest word in the infinitive after a deed of protest told before it
    /// in its clause (a `protest_deed` word of `sentence-words.tsv`: gathered,
    /// blocked, marched) is what the deed was, not an intention: the protest
    /// is asserted.
    PROTEST_PURPOSE = "protest-purpose";
    /// "A military helicopter crashed near Kidal": a trigger phrase that holds
    /// an accident cue of `modality.tsv` whole ("military helicopter crashed"
    /// over "helicopter crashed") names what the accident is, an act of its
    /// own (the loss of a military aircraft, ACLED's strategic development
    /// "other"); the cue still keeps every other trigger of its sentence
    /// ("killing its two pilots") from being asserted.
    ACCIDENT_AS_ACT = "accident-as-act";
    /// "relatives of kidnapped workers", "headquarters in captured town": a
    /// one-word participle trigger right after a determiner or preposition
    /// (`attributive` and `participle_suffix` of `sentence-words.tsv`)
    /// describes a noun; it tells no act, violent or of a place taken
    /// ("rebels set up headquarters in captured mining town").
    ATTRIBUTIVE_PARTICIPLE = "attributive-participle";
    /// "Police arrested three kidnapping suspects", "a bombing case": an
    /// act word right before an `accused_noun` of `sentence-words.tsv` (a
    /// suspect, a gang, a case, a trial) names what people are accused of or
    /// what a case is about; it tells no act.
    ACT_OF_ACCUSED = "act-of-accused";
    /// A verb of `triggers.tsv` with the `crowd` cue ("beat", "set upon")
    /// names an act only when a crowd (civilians, a mob, protesters) does
    /// it: right before it or with only a post-modifier between ("residents
    /// of a village in Chiapas beat a police officer"); "Liverpool beat
    /// Everton" tells none.
    CROWD_VERB = "crowd-verb";
    /// "Riot police beat peaceful student protesters": a verb of a crowd's
    /// violence done by police or soldiers to protesters named right after
    /// it is force used on a protest (protest with intervention, or
    /// excessive force by the protest rules).
    FORCE_ON_CROWD = "force-on-crowd";
    /// A word of attack whose doer is a crowd (civilians, a mob, protesters:
    /// right before it or with only a post-modifier between), with no armed
    /// actor (soldiers, police, armed groups) in its sentence, names a riot:
    /// "villagers attacked the house of a forest officer" is mob violence,
    /// "protesters stormed the governor's office" a violent demonstration;
    /// "villagers were attacked by gunmen" stays the attack.
    CROWD_ATTACK = "crowd-attack";
    /// A verb of `triggers.tsv` with the `subject` cue, a headline's present
    /// tense that is also a noun ("storm", "march", "torch"), names an act
    /// only right after an actor, its doer: "GUNMEN STORM VILLAGE IN
    /// NORTHERN BURKINA FASO"; "a storm hit the coast" tells none.
    SUBJECT_VERB = "subject-verb";
    /// A verb of `triggers.tsv` with the `base` cue ("established",
    /// "opened", "built") names an act only when what it sets up is a base:
    /// a `base` word of `sentence-words.tsv` among the next four words of its
    /// clause, before an `object_end` word ("Turkish forces established a
    /// military outpost near Batifa", "REBELS SET UP NEW CAMP"; "set up a
    /// committee" tells none).
    BASE_OBJECT = "base-object";
    /// A verb of `triggers.tsv` with the `forces` cue ("deployed",
    /// "dispatched", "withdrawing") names a movement of forces only when what
    /// it moves is a force: a `forces_moved` word of `sentence-words.tsv`
    /// among the next words of its clause, before an `object_end` word ("the
    /// ministry was deploying 2,000 more soldiers to the border", "began
    /// withdrawing its contingent"; "deployed a new app" tells none).
    FORCES_OBJECT = "forces-object";
    /// A verb of `triggers.tsv` with the `arms` cue ("intercepted") names
    /// disrupted weapons use only when what it stops is a weapon: an `arms`
    /// word of `sentence-words.tsv` among its object words ("air defences
    /// intercepted two missiles"; "gunmen intercepted their vehicle" tells no
    /// weapon stopped).
    ARMS_OBJECT = "arms-object";
    /// A verb of `triggers.tsv` with the `swap` cue ("exchanged", "swapped")
    /// names an agreement only when what it exchanges is a `swapped` word of
    /// `sentence-words.tsv` (prisoners, bodies) among its next four words:
    /// "the two sides exchanged 95 prisoners of war"; one with the `pact`
    /// cue ("signed") only when it is a `pact` word (accord, declaration,
    /// truce) and an actor is named in the sentence: "the army and the M23
    /// signed a declaration of principles"; one with the `accord` cue
    /// ("agreed") only with "to" and an act of peace a few words on ("agreed
    /// on Monday to withdraw"). What is swapped is no act of its
    /// own: "exchanged hostages for detainees" tells no abduction.
    PACT_OBJECT = "pact-object";
    /// What a word of taking a place takes decides the act (the words after
    /// it in its clause, up to an `object_end` word of `sentence-words.tsv`):
    /// a person held (`captive`: "police recaptured two escaped prisoners",
    /// "troops captured a Boko Haram commander") makes it an arrest; a seat
    /// of power or a prize (`not_territory`: "the opposition retook control
    /// of parliament") no act; a place (`territory`, or a place named:
    /// "rebels captured the last junta base") makes a bare "captured" or
    /// "took control" a battle in which the place was overtaken (not when
    /// the sentence tells it handed over: "entered the city after the
    /// troops withdrew"). A word with
    /// the `territory` cue ("seized") names an act only with a place; a
    /// battle word with it ("overran") is territory overtaken when it takes a
    /// place ("overran an army outpost"), not a site guarded (`guard_site`:
    /// "overran a police post") nor men ("overran the guards"): a clash.
    CAPTURE_OBJECT = "capture-object";
    /// A verb of `triggers.tsv` with the `custody` cue ("held", "holding")
    /// names an arrest only when police or soldiers (the nearest actor before
    /// it in its clause) hold people (a `person` word of `casualty-nouns.tsv`
    /// or a `captive` word among its next five words): "Soldiers held a local
    /// journalist for hours at a checkpoint near Bamenda"; "police held a
    /// press conference" and "rebels held the town" tell none.
    CUSTODY_OBJECT = "custody-object";
    /// A word of `triggers.tsv` with the `group` cue (a new leader, a merger,
    /// forces joined) names a change to a group only when an armed actor is
    /// named in its sentence, or an `armed_group` word of `sentence-words.tsv`
    /// ("a splinter faction of the rebel group"): "JNIM and a local militia joined forces near
    /// Bandiagara"; "two banks announced they were merging" tells none.
    GROUP_ACTOR = "group-actor";
    /// A battle word of taking in the passive ("the army base in Tessit was
    /// overrun by militants"): what was taken stands before it, from its
    /// clause's start to the `be_aux` word right before it; a place (a
    /// `territory` word or a place named, no `guard_site` word) makes it
    /// territory overtaken, as the active "overran the army base".
    CAPTURE_SUBJECT = "capture-subject";
    /// A verb of `triggers.tsv` with the `expel` cue ("drove", "pushed",
    /// "cleared") names a place taken by force only when, among the next
    /// words of its clause, fighters (an armed actor, or a `forces` or
    /// `attacker` word of `casualty-nouns.tsv`) stand before an
    /// `expel_from` word of `sentence-words.tsv` that a place follows ("drove
    /// the militants out of Palma"), or a place stands before an `expel_of`
    /// word that fighters follow ("cleared the village of insurgents"). The
    /// takers' side then sets the sub-type, as for any taking.
    EXPEL_OBJECT = "expel-object";
    /// "police arrested two men over the bombing", "the sides agreed to a truce
    /// after days of fighting": with no casualty figure, a violent word joined
    /// to a non-violent act before it by a `topic` word of `sentence-words.tsv`
    /// is what the act is about, not an act told; so is the weapon named right
    /// after an act that takes it out of use ("intercepted a missile"), or
    /// the force named right before it, its doer ("the air force downed 18
    /// drones"), and
    /// an arrest joined so to a protest ("protested against the arrest of
    /// their leader": a protest, not one broken up).
    TOPIC_OF_QUIET_ACT = "topic-of-quiet-act";
    /// "Troops retook the town after the rebels pulled out following days of
    /// drone strikes": with no casualty figure after it, a clause opened by a
    /// `preamble` word of `sentence-words.tsv` ("after", "following", "amid")
    /// tells what came before or around the act; a higher-priority trigger in
    /// it gives way in the typing to a strong (or non-violent) act word told
    /// before it ("established a new base following the departure of the
    /// mission"); not a fight, in which the act was done.
    ACT_BEFORE_PREAMBLE = "act-before-preamble";
    /// "An unexploded mortar round detonated, killing three": with people
    /// killed or hurt, a word of a weapon disrupted told with a blast names
    /// what went off; the blast is the act.
    BLAST_DESPITE_DISRUPTION = "blast-despite-disruption";
    /// Every figure of a sentence lies in what a non-violent act told before
    /// it is about ("students protested against the killing of a classmate"):
    /// the grievance's toll, not the sentence's; the figures go, and the
    /// violent word is then the protest's topic.
    TOLL_OF_TOPIC = "toll-of-topic";
    /// "Police arrested 15 suspects during a raid in Quetta", "soldiers
    /// raided a hideout and seized rifles": with no casualty figure, a raid
    /// (a weak word of attack) by police or soldiers told with their arrest or
    /// seizure is how the arrest or seizure was made, not an attack.
    RAID_OF_QUIET_ACT = "raid-of-quiet-act";
    /// "Wagner announced it would withdraw its fighters from Mali": a group's
    /// change or withdrawal to come, told by its own side, is the
    /// announcement, a change to the group's activity, not a future act.
    ANNOUNCED_CHANGE = "announced-change";
    /// "Protesters stoned police during a strike called by the unions": with
    /// no casualty figure, a strike word with no weapon of its own, told with
    /// a protest or riot word, is the crowd's strike (or what it protests),
    /// not an attack from the air.
    STRIKE_OF_CROWD = "strike-of-crowd";
    /// "Leaders of the farmers' protest signed a deal with the government",
    /// "striking nurses agreed to end their walkout": an agreement told by a
    /// verb of signing or agreeing, where the protest is told only by nouns
    /// (who signed, what the deal ended), is the event; a protest told by its
    /// own verb ("thousands rallied after the government signed a truce")
    /// stays the act.
    PACT_ENDS_PROTEST = "pact-ends-protest";
    /// "The town of X fell into the hands of the rebels", "the camp fell to
    /// JNIM": a verb of a place falling (the `fall` cue of `triggers.tsv`)
    /// names the taking only with a place or a territory word before it in
    /// its clause and an actor within a few words after it; "the death toll
    /// in X fell to 30" names none.
    PLACE_FELL = "place-fell";
    /// "More than 8,000 civilians were killed in Mali last year", "gang
    /// violence killed 4,000 people in Haiti in 2023": kill words alone, in
    /// a sentence that names no armed actor, dated only by a year or longer,
    /// at a country, a province or no place, count a period's dead (a
    /// statistic), not one act ("gunmen killed 12 villagers in Borno in
    /// 2023" is a recalled act).
    PERIOD_TOLL = "period-toll";
    /// "Two hostages held by al-Shabaab were freed", "the army released 300
    /// detained fighters": where captives are released (a verb of release
    /// with the `swap` cue, told), the words that say how they were held
    /// (hostages, held, abducted, detained) describe them and tell no act; an
    /// abduction with its armed doer right before it ("gunmen abducted 20
    /// villagers and later freed five") stays the act.
    RELEASE_OF_CAPTIVES = "release-of-captives";
    /// A non-violent act (a protest, a strategic development) needs no toll to
    /// stand as an event: its word with a day (even the day it was announced),
    /// a place, an armed actor, or a headline tells it ("the two groups said
    /// on Sunday they had merged", "militias agreed to a truce in Ituri").
    QUIET_ACT_TOLD = "quiet-act-told";
    /// "X threatened to attack", "Al-Shabaab will attack the base": a threat
    /// (or a future act with a named armed group as its subject) by an armed
    /// actor becomes a `statement` event.
    THREAT_BY_ARMED_ACTOR = "threat-by-armed-actor";
    /// "the deadliest attack in the town since 2019": after a `comparison`
    /// word of `sentence-words.tsv`, a background cue ("since", "in recent
    /// years") tells the earlier act compared with, not the sentence's own: it
    /// keeps only the triggers after it from being asserted.
    COMPARISON_NOT_BACKGROUND = "comparison-not-background";
    /// "The army is fighting rebels around Bunia", "clashes are common": an
    /// ongoing or habitual state of fighting with no date of its own is not an
    /// event (an `ongoing` cue of `modality.tsv`, in force only in an undated
    /// sentence).
    ONGOING_UNDATED = "ongoing-undated";
    // ---- sentence analysis: how the sentence relates to others
    /// "the attack", "Friday's attack", "claimed the bombing": a definite
    /// reference to an act already told.
    ANAPHOR = "anaphor";
    /// The rest of a sentence cut at "came two days after", ", a day after": an
    /// earlier act told as background, dated from the act told before it when
    /// the gap is given; a gap that opens the sentence ("Two days after the
    /// raid on A, gunmen …") tells the earlier act up to its comma, dated from
    /// the act told after it.
    SEQUEL = "sequel";
    /// "Separately, …", "In another incident, …": a new act; so is an act
    /// done by "another group of" attackers, wherever it stands in the sentence.
    SEPARATE = "separate";
    /// "killed in another airstrike", "in another deadly raid": a `distinct`
    /// word of `sentence-words.tsv` right before an act word (at most one
    /// modifier between) tells an act other than those told: a new act.
    ANOTHER_ACT = "another-act";
    /// "… four days earlier", "last month, …": a `recalled` cue of `roles.tsv`
    /// tells an incident before the report's own act: a new act if told by a
    /// strong word or placed, told as background (dated from the act before it
    /// when the gap is given; at its place after "in the same district").
    RECALLED_INCIDENT = "recalled-incident";
    /// "The incident, which occurred on Wednesday", "The assault took place on
    /// Tuesday and was claimed by …": no act of its own (or only a word that
    /// refers back), but it dates the act told before.
    DATES_TOLD = "dates-told";
    /// "X denied involvement": a denial by a named armed actor becomes a
    /// `statement` event.
    DENIAL = "denial";
    // ---- sentence analysis: is it an event of its own?
    /// A raid by police or the army with no one hurt and no other perpetrator
    /// is law enforcement: not specific enough to be an event.
    ENFORCEMENT_RAID = "enforcement-raid";
    /// "the 2014 kidnapping", "in 2019, gunmen killed": an act dated only by an
    /// earlier year is history, not an event, unless it has a toll.
    HISTORICAL_ACT = "historical-act";
    /// "Two regional banks announced their merger", "the carmaker opened a
    /// new headquarters": a strategic development done by a company, bank or
    /// club (a `business` word of `sentence-words.tsv` at most six words
    /// before the act's word in its clause) with no armed actor in the
    /// sentence is business, not a development of a conflict.
    BUSINESS_SUBJECT = "business-subject";
    /// "Police arrested a woman suspected of stealing cars": an arrest told
    /// with a `theft` word of `sentence-words.tsv` in its sentence and no
    /// armed actor but the police or soldiers who make it is ordinary crime
    /// (the word is read for arrests only: a mob that beats a man accused of
    /// stealing is still mob violence).
    THEFT_ARREST = "theft-arrest";
    /// "Rockets carrying sarin struck a suburb on Monday", "troops dropped
    /// bombs containing chlorine on a village": a chemical agent's word told
    /// with the weapon that carried it (a word of explosions), or with an
    /// attack by a named armed actor, tells a chemical attack as a strong
    /// word does (a day, a place or a doer is enough); alone ("chlorine
    /// leaked") it needs a toll or a place and a day.
    CHEMICAL_CARRIED = "chemical-carried";
    /// A strong word of the act under a weaker word of higher priority
    /// ("Warplanes bombed a hospital in Karenni state on Sunday": "warplanes"
    /// types it, "bombed" tells it) tells the act as it would alone.
    STRONG_WORD_TELLS = "strong-word-tells";
    /// A riot or a strike from afar told by a weak word with its named doer,
    /// a place (even a country) and a day, and no toll: "A mob set fire to
    /// the homes of Christians in a village in Upper Egypt on Sunday",
    /// "Hezbollah fired dozens of rockets at northern Israel on Monday".
    NAMED_DOER_PLACE_DAY = "named-doer-place-day";
    /// An act told by a weak word with its named doer, a target and a day,
    /// in a sentence with no place of its own, right after a sentence of the
    /// same paragraph that sets the scene ("Tension has been high in Kidal
    /// for weeks. Rebels attacked an army post on Tuesday."): told, at that
    /// place.
    PLACE_FROM_CONTEXT = "place-from-context";
    /// A fight told by its two sides and a place finer than a country, with
    /// no day or toll: "heavy fighting was reported between the army and
    /// the rebels in Kayin state", "militiamen clashed with troops near
    /// Beni". Two sides are what a fight is; a place makes it one fight.
    BATTLE_SIDES_PLACE = "battle-sides-place";
    /// A demonym right before a `place_noun` word of `sentence-words.tsv`
    /// names a place of its country, not an actor's origin: "MOB ATTACKS
    /// CHURCHES IN PAKISTANI TOWN", "a Nigerian village" (not "the Malian
    /// capital", a city the report names elsewhere).
    DEMONYM_PLACE = "demonym-place";
    // ---- sentence analysis: place and date
    /// The place of the act: the finest of the sentence's places of the
    /// nearest one's country, a country naming the doer ("a US drone strike")
    /// or a place people came from ("labourers from Bihar") ranked last.
    PLACE_NEAREST_FINEST = "place-nearest-finest";
    /// The date of the act: the expression nearest the trigger within twelve
    /// words, opening the sentence, or the sentence's only day; never one that
    /// dates the telling ("said Friday").
    DATE_NEAR_ACT = "date-near-act";
    /// "X on Friday claimed the bombing that killed 31 … on Wednesday",
    /// "claimed responsibility on Friday for …": a day told next to a claim
    /// (before it with only the claimant between, or right after it) dates
    /// the claim, not the act; another date of the sentence then dates the act
    /// even in an event told before (as [`Rule::DATES_TOLD`]).
    DATE_NOT_CLAIM_DAY = "date-not-claim-day";
    /// "The army said on Saturday it had retaken the town", "X claimed on
    /// Friday the bombing of …": an act whose sentences date only its telling
    /// or its claim was on or before that day: the week up to it (not the week
    /// up to publication).
    DATE_BEFORE_TELLING = "date-before-telling";
    // ---- sentence analysis: roles of actors
    /// "Residents beat a thief to death": civilians right before a verb of mob
    /// violence, or with only a post-modifier between ("residents of the
    /// village lynched"), did the act.
    ROLE_MOB = "role-mob";
    /// Civilians named in the sentence are its victims.
    ROLE_CIVILIANS_VICTIMS = "role-civilians-victims";
    /// "junta airstrikes", "Russian shelling": the actor right before a strike
    /// from afar is its agent; a named group right before any act word ("an
    /// al-Shabaab siege") too.
    ROLE_STRIKE_AGENT = "role-strike-agent";
    /// "X denied involvement": the actor before a denial cue takes no role.
    ROLE_DENIER = "role-denier";
    /// "X claimed responsibility", "claimed by X", "X claimed the bombing", "X
    /// said it killed nine soldiers": the claimant.
    ROLE_CLAIMANT = "role-claimant";
    /// "Police said they had arrested two suspects in the killing of …": the
    /// actor right before a claim cue that tells its own measure (an arrest,
    /// a seizure, a bomb defused) did that measure; it claims no violent act.
    ROLE_OWN_MEASURE = "role-own-measure";
    /// "Militants were accused of killing …", "the group has been blamed for
    /// …": the one a passive blame cue falls on (a `be_aux` word right before
    /// the cue) is the alleged perpetrator, not the accuser.
    ROLE_ACCUSED = "role-accused";
    /// "Police said that …", "officials blamed …": the one who alleges.
    ROLE_ACCUSER = "role-accuser";
    /// "the bomber was a member of X": a doer's group named by a membership cue
    /// is the alleged perpetrator.
    ROLE_MEMBER_OF_DOER = "role-member-of-doer";
    /// "X said", "according to X": the one who reports.
    ROLE_REPORTER = "role-reporter";
    /// "a Taliban spokesman said", "the army's chief spokesperson, X, said":
    /// the actor right before a `speaker` title (at most two words between, no
    /// clause punctuation) speaks for itself and is no party to the act; so
    /// does an actor in the genitive before a `title` of office within three
    /// words, when a report cue follows ("the Taliban's deputy police chief,
    /// X, said").
    ROLE_SPEAKER_TITLE = "role-speaker-title";
    /// "killed nine soldiers", "the convoy was ambushed": the object of a kill,
    /// wound or attack word is the target.
    ROLE_HARMED = "role-harmed";
    /// "Officials accused X of …", "…, blaming the OLA": the one blamed by an
    /// accusation is the alleged perpetrator.
    ROLE_BLAMED = "role-blamed";
    /// "an attack on X", "targeting X": a target cue before the actor.
    ROLE_TARGET_CUE = "role-target-cue";
    /// "killed by X", "carried out by X": the agent after "by".
    ROLE_AGENT_BY = "role-agent-by";
    /// "detained by police": the agent of an arrest right before "by" is not
    /// the act's, when the act told is another ("a man who had been detained
    /// by police was shot"); of the arrest told it is the arresting force.
    ROLE_ARREST_AGENT = "role-arrest-agent";
    /// "M23 rebels seized the town amid shelling by the army": the agent after
    /// "by" of a word told in a clause opened by a `preamble` word after the
    /// act did what came around it: no role in the act.
    ROLE_PREAMBLE_AGENT = "role-preamble-agent";
    /// "the villagers were ordered by the military to dig trenches": the
    /// agent of an order or a telling ("command_by" of roles.tsv) is no party
    /// to the act told with it.
    ROLE_COMMAND_AGENT = "role-command-agent";
    /// "suspected X fighters": the suspected perpetrator; in an arrest
    /// ("police arrested 14 suspected IS members"), the arrested: its target.
    ROLE_SUSPECTED = "role-suspected";
    /// "attacked X": the actor right after an attack word is its target.
    ROLE_ATTACK_OBJECT = "role-attack-object";
    /// The first armed actor before the act's word is its subject: the
    /// perpetrator (generic police or army only in battles and strikes; not
    /// across a cue of a future or threatened act: "asked the army to explore
    /// options for air strikes on the group behind the attack").
    ROLE_SUBJECT = "role-subject";
    /// Actors joined to the subject by a list's words ("Kenyan and Somali
    /// police arrested …", "US and Iraqi soldiers raided …") are subjects too:
    /// perpetrators with it; in a battle with no one harmed or targeted
    /// ("Rebels and soldiers exchanged fire"), the other side: participants.
    ROLE_JOINED_SUBJECT = "role-joined-subject";
    /// "Police killed a student during a peaceful protest", "soldiers shot
    /// five people protesting a curfew": generic police or soldiers before a
    /// killing or beating that the sentence tells with a protest word are its
    /// doers (ACLED's excessive force against protesters), not its reporters.
    ROLE_FORCES_AT_PROTEST = "role-forces-at-protest";
    /// "Troops killed 12 militants", "police shot dead three gunmen": generic
    /// soldiers or police before a kill or wound word whose object is
    /// fighters of a non-state group are a side of the fight, its
    /// perpetrator (ACLED's first actor), not its reporters.
    ROLE_FORCES_AGAINST_FIGHTERS = "role-forces-against-fighters";
    /// "Soldiers killed a herder near X", "police shot dead two traders":
    /// generic soldiers or police right before the act's word, with the harm
    /// told after it (a figure, or civilians), are its doers, not its
    /// reporters or victims.
    ROLE_FORCES_HARM_CIVILIANS = "role-forces-harm-civilians";
    /// "… were kidnapped on Friday when gunmen attacked the school": an armed
    /// actor right before another act word of the sentence is that word's
    /// subject, the perpetrator.
    ROLE_CLAUSE_SUBJECT = "role-clause-subject";
    /// In a battle, an actor after the act's word is a participant, one named
    /// inside the act's phrase too when another actor stands before it
    /// ("rebels overran an army post": the army).
    ROLE_BATTLE_SIDE = "role-battle-side";
    /// "a landmine planted by the Houthis killed three, the government said": a
    /// named group's act told on the word of the state it fights is alleged,
    /// and the state is the accuser.
    STATE_SOURCE_ALLEGES = "state-source-alleges";
    /// "X said its fighters carried out the raid": an accuser whom the same
    /// sentence names as the perpetrator speaks of its own act: it claims it.
    SELF_ALLEGED_CLAIM = "self-alleged-claim";
    /// "the army said it killed 20 militants": a state's forces or police
    /// speaking of their own side's act are its perpetrator.
    STATE_OWN_ACT = "state-own-act";
    /// A figure in the complement of "X claimed that", "X said that" is X's
    /// figure; else the source the sentence names ("officials said").
    FIGURE_GIVEN_BY = "figure-given-by";
    // ---- casualty figures
    /// "25 people were killed", "two dead": a count, then the casualty word.
    FIGURE_COUNT_THEN_WORD = "figure-count-then-word";
    /// "killing 25", "wounded two policemen": a casualty word, then the count.
    FIGURE_WORD_THEN_COUNT = "figure-word-then-count";
    /// "a pharmacist was killed", "killing her husband", "Mr Ahmed was shot
    /// dead", "killing him": a phrase naming one person counts one; not the subject of a verb
    /// that counts its own victims ("a police convoy ... killed six" counts six).
    FIGURE_ONE_PERSON = "figure-one-person";
    /// "Eight soldiers and a civilian driver were killed": counts joined by
    /// "and" (or a list) to a linked count are counted with it.
    FIGURE_CONJOINED = "figure-conjoined";
    /// "two attackers were killed": a count of the attackers themselves is kept
    /// apart from the victims.
    FIGURE_ATTACKERS = "figure-attackers";
    /// "the death toll rose to 30": a revised toll replaces earlier figures.
    FIGURE_TOLL_REVISION = "figure-toll-revision";
    /// "three soldiers also died": more victims besides those counted before.
    FIGURE_ALSO = "figure-also";
    // ---- assembly: which sentences make one event
    /// A specific sentence with an asserted act that joins no event starts one;
    /// not a definite reference ("the blast") with no date and no toll of its
    /// own after the first event ("police in X were put on alert after the
    /// blast" is no second blast, wherever X is).
    EVENT_NEW = "event-new";
    /// A sentence referring back ("the attack") or naming the same place with a
    /// compatible date joins the event it is about.
    EVENT_JOIN_RELATED = "event-join-related";
    /// The next sentence or two, with no date or place of its own: the same
    /// story, that of the event the last sentence with an act went to (an act
    /// recalled in passing, "… came 48 hours after X", leaves it where it was,
    /// save for the sentence right after it).
    EVENT_JOIN_FOLLOWS = "event-join-follows";
    /// A sentence with no act of its own adds its figures, claim or date to the
    /// event just told.
    EVENT_ADD_FACTS = "event-add-facts";
    /// Asserted but unanchored sentences told before any event: their actors
    /// join the next event if it follows closely.
    EVENT_PENDING_ACTORS = "event-pending-actors";
    /// An undated standfirst or sub-headline told before the lead: the lead
    /// (the first dated act, of the same type and a compatible place) joins it.
    EVENT_LEAD_JOINS_STANDFIRST = "event-lead-joins-standfirst";
    /// "On Monday, a day after the bombing, …": a reference back dated after
    /// the act tells its aftermath (toll, scene, reaction): it joins the act,
    /// whose date stays.
    EVENT_LATER_TELLING = "event-later-telling";
    /// A photo caption (a paragraph with a `caption` cue of `sources.tsv`)
    /// starts no event of its own: it may only join one.
    EVENT_NOT_FROM_CAPTION = "event-not-from-caption";
    /// "Bombs hit buses in A, B and C": several places coordinated under one
    /// act's word make one event per place, with the act's date, type and
    /// actors; the shared toll stays in `casualty_claims`.
    EVENT_PER_SITE = "event-per-site";
    // ---- assembly: fields
    /// Type: the highest-priority asserted trigger of the event's sentences;
    /// a word that says only "explosion" ("the blast") keeps the kind an
    /// earlier word of the same type named ("planted a bomb").
    TYPE_TOP_TRIGGER = "type-top-trigger";
    /// Sub-event type: the top word says only "explosion"; a lower word of the
    /// same type names the kind.
    SUB_FROM_LOWER_WORD = "sub-from-lower-word";
    /// A generic attack on soldiers or police, one whose only dead are the
    /// attackers, or one by soldiers or police on an armed group ("troops
    /// killed nine Boko Haram fighters"), is a battle (armed clash).
    TYPE_ATTACK_ON_FORCES = "type-attack-on-forces";
    /// An abduction told with a killing in the same sentence is coded as the
    /// attack, the graver act: "bandits abducted 20 villagers, killing one
    /// man who resisted"; not a hostage-taking or hijack (a trigger with the
    /// `held` cue), people held where they were, which stays an abduction.
    TYPE_KILLING_OVER_ABDUCTION = "type-killing-over-abduction";
    /// "Last month, a similar attack in X killed 20 people": an act told only
    /// by a generic word after a word of likeness (`similar` of
    /// sentence-words.tsv) is of the type of the report's first event.
    TYPE_OF_SIMILAR = "type-of-similar";
    /// An attack whose only perpetrators are a mob, protesters or civilians is
    /// a riot.
    TYPE_MOB_RIOT = "type-mob-riot";
    /// A clash or attack told with a crowd's arms (a `crowd_arms` cue of
    /// `roles.tsv`: "with sticks and stones", "armed with machetes"), with
    /// no armed group doing or fighting it and no soldiers or police doing it,
    /// is a riot: mob violence ("Hindu and Muslim groups clashed with stones
    /// and sticks"), or a violent demonstration when a protest is told or
    /// the state is struck or fought.
    TYPE_CROWD_ARMS = "type-crowd-arms";
    /// "hurled crude bombs at a party office", "lobbed an explosive device
    /// into the market": a bomb or explosive thrown by hand (a `thrown` cue of
    /// `roles.tsv` at most three words before the explosive's word, in its
    /// clause) is ACLED's grenade, not a remote explosive.
    TYPE_THROWN_BOMB = "type-thrown-bomb";
    /// Property destroyed or looted with no one hurt is looting/property
    /// destruction (a strategic development) when an organised armed actor
    /// does it and no crowd or protest is told ("insurgents torched a
    /// church"), a riot when a crowd does it or a protest or riot word tells
    /// it ("protesters burned the party office").
    TYPE_CROWD_DESTRUCTION = "type-crowd-destruction";
    /// Force used on protesters by anyone but a crowd ("police shot dead 17
    /// protesters"), or a killing by soldiers or police told with a protest
    /// ("security forces shot two people during a peaceful march"), is
    /// ACLED's excessive force against protesters, a protest event.
    TYPE_FORCE_ON_PROTESTERS = "type-force-on-protesters";
    /// Force used on a crowd that rioted (a riot word told in the event's
    /// sentences: "threw stones at officers", "torched the police post"; or
    /// rioters among those struck) is ACLED's violent demonstration, not
    /// excessive force against protesters, which is force on peaceful ones.
    TYPE_RIOT_MET_BY_FORCE = "type-riot-met-by-force";
    /// A place taken by the state's own forces (perpetrator or claimant; a
    /// state's forces of the place's country, or of no known country), or by
    /// a foreign state's forces backing it against a non-state group, is
    /// regained, not overtaken: "the army captured the town from M23".
    TYPE_STATE_REGAINS = "type-state-regains";
    /// A battle typed as a clash by a word of fighting above the words of
    /// taking, whose sentences tell a place taken by force, is the taking
    /// (ACLED codes the change of control): "the army took back the hilltop
    /// base after a night of clashes".
    TYPE_PLACE_TAKEN = "type-place-taken";
    /// A place taken by a foreign state's forces (their country is not the
    /// place's) with no non-state group named as the loser is overtaken, as
    /// by a non-state group (ACLED): "Eritrean troops captured Adigrat".
    TYPE_FOREIGN_CAPTURE = "type-foreign-capture";
    /// A place taken with the other side's withdrawal told in the event's
    /// sentences (a word of non-violent transfer: "withdrew", "abandoned"),
    /// and no fighting word and no toll, is ACLED's non-violent transfer of
    /// territory, not a battle: "jihadists took control of the town after
    /// the soldiers withdrew".
    TYPE_TAKEN_UNOPPOSED = "type-taken-unopposed";
    /// A place the gazetteer does not resolve, captured by a state's forces
    /// named by their country with no non-state group named as the loser:
    /// whose the place is cannot be told, so the word of capturing keeps its
    /// own sub-type (overtaken), a battle: "Russian forces captured
    /// Sievierodonetsk". Taken back ("retook") it stays regained.
    TYPE_UNPLACED_CAPTURE = "type-unplaced-capture";
    /// A word of taking back ("retook", "recaptured") names the state's
    /// regaining; taken back by non-state armed men with no own state's
    /// forces among the takers, the place is overtaken: "Fano militiamen recaptured the town from federal troops".
    TYPE_NON_STATE_RETAKES = "type-non-state-retakes";
    /// Fatalities and injuries: the first figure the story gives, the last
    /// revision of the toll, a larger total naming its parts, plus figures told
    /// as more victims; the perpetrator's figures stay claims.
    TOLL_FIRST_FIGURE = "toll-first-figure";
    /// Only fighters died ("troops killed nine militants"): they are the toll.
    TOLL_FIGHTERS_ONLY = "toll-fighters-only";
    /// "deaths and injuries of dozens": at least one of each.
    TOLL_BOTH_AT_LEAST_ONE = "toll-both-at-least-one";
    /// A vague first figure ("dozens wounded") yields to a precise one for the
    /// same count ("17 were being treated") (docs/casualties.md).
    TOLL_PRECISE_OVER_VAGUE = "toll-precise-over-vague";
    /// Sources that give disagreeing precise figures for the whole count: the
    /// lowest (docs/casualties.md).
    TOLL_LOWEST_OF_SOURCES = "toll-lowest-of-sources";
    /// A later sentence gives a lower precise figure of the same victims
    /// ("more than 30 people were killed … 27 people died"): the lowest
    /// (docs/casualties.md).
    TOLL_LOWEST_OF_FIGURES = "toll-lowest-of-figures";
    /// A battle's dead on both sides are summed ("11 guerrillas died … two
    /// soldiers were killed": 13) (docs/casualties.md).
    TOLL_SIDES_SUMMED = "toll-sides-summed";
    /// A figure told of several acts ("11 civilians were killed in two
    /// airstrikes", "across the north last week") yields to a lower whole
    /// figure of one that a later sentence of the event gives ("… killing 10
    /// villagers") (docs/casualties.md).
    TOLL_PART_OF_COMBINED = "toll-part-of-combined";
    /// Location: the finest place of the event's sentences.
    LOCATION_OF_SENTENCES = "location-of-sentences";
    /// Location: no place in the event's sentences (or only its country): the
    /// first place of the report's body, else the dateline.
    LOCATION_FALLBACK = "location-fallback";
    /// Location: no place at all: the report's country.
    LOCATION_COUNTRY = "location-country";
    /// Date: the date chosen in the event's first dated sentence (a finer day
    /// within a coarser range replaces it).
    DATE_OF_SENTENCES = "date-of-sentences";
    /// "A bomb hit a mosque in X. Earlier on Thursday, a roadside bomb …": an act
    /// told with a `same_day` cue ("earlier on", "later that day") is on the
    /// day of the act told before it; whichever of the two has no date of its
    /// own takes the other's. So does an act that answers the one told before
    /// it (the forces' strike on or fight with its attackers, told right after
    /// it: "Soldiers repelled the attackers after a two-hour gun battle, killing
    /// 12 of them") with no date of its own.
    DATE_SAME_DAY = "date-same-day";
    /// Date: "X struck Y on Saturday, a day after Z": counted from the act told
    /// before it ("Two days after Z, X struck Y on Saturday": after it).
    DATE_FROM_PREVIOUS = "date-from-previous";
    /// Date: an act of the report told with no date words of its own, of the
    /// type of the report's first act, in its country, told after it and not
    /// recalled ("Bombs hit three churches on Sunday. … At least 25 killed in
    /// the blast at X"): a part of that act, on its day.
    DATE_OF_SERIES = "date-of-series";
    /// Date: "last Friday" for a recalled act in a report whose own act fell
    /// on a Friday: the Friday of the week before (seven days back).
    DATE_LAST_WEEKDAY = "date-last-weekday";
    /// Date: the text gives no date for the event and the report has no
    /// publication date: unresolved.
    DATE_UNKNOWN = "date-unknown";
    /// Date: the text gives no date for the event, the report has a publication
    /// date: the week up to publication for the report's own act, "on or before
    /// publication" for a recalled one (`date.basis: publication`).
    DATE_FROM_PUBLICATION = "date-from-publication";
    /// Actors: the roles the sentences gave, a named perpetrator outranking
    /// "gunmen", a claimant with no other perpetrator made perpetrator.
    ACTORS_OF_SENTENCES = "actors-of-sentences";
    /// A claim of every act told before it ("X claimed responsibility for
    /// both attacks", a `claim_all` cue of roles.tsv next to a claim cue): its
    /// claimants claim each violent event told before it that has none.
    CLAIM_OF_ALL = "claim-of-all";
    /// An air or drone strike or shelling with no actor of its own takes the
    /// perpetrator of the report's nearest other strike from afar.
    PERPETRATOR_SIBLING_STRIKE = "perpetrator-sibling-strike";
    /// An air strike no one is named for, in a report naming the forces of the
    /// country where it fell: theirs, suspected.
    PERPETRATOR_AIR_POWER = "perpetrator-air-power";
    /// An unattributed bombing or battle in a report naming exactly one rebel
    /// group: that group, suspected; not a group the report tells denying it,
    /// nor one that claimed another act of the report and not this one.
    PERPETRATOR_ONLY_GROUP = "perpetrator-only-group";
    /// "The assault targeted a checkpoint, with the assailants fleeing": an act
    /// with no perpetrator whose sentences name its doers only by an attacker
    /// word no rule gave a role ("assailants", "gunmen", "bandits"): they are
    /// its perpetrator (the unidentified armed group).
    PERPETRATOR_UNNAMED_ATTACKERS = "perpetrator-unnamed-attackers";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_record_rules() {
        let mut s = RuleSet::default();
        assert!(!s.has(Rule::ROLE_MOB));
        s.add(Rule::ROLE_MOB);
        s.add(Rule::PERPETRATOR_ONLY_GROUP);
        assert!(s.has(Rule::ROLE_MOB));
        assert_eq!(
            s.names().collect::<Vec<_>>(),
            vec!["role-mob", "perpetrator-only-group"]
        );
        assert_eq!(Rule::ANAPHOR.name(), "anaphor");
    }

    #[test]
    fn names_are_unique_and_plain() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(
                a.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{a}"
            );
            assert!(!ALL[..i].contains(a), "{a} twice");
        }
    }
}
