//! The closed values of the rule book's columns (`data/rules/*.tsv`): `build.rs` refuses a row
//! whose value is not one of them, the engine reads them into these types. Each has one parser,
//! `parse`, shared by both sides.

/// The family of a rule and of its findings, in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "snake_case"))]
pub enum Family {
    /// Code validity.
    Validity,
    /// The principal diagnosis.
    Principal,
    /// Sex and age.
    SexAge,
    /// Duplicate and redundant codes.
    Redundancy,
    /// Diagnosis–procedure consistency.
    DxProcedure,
    /// Clinical evidence for secondary diagnoses.
    Evidence,
    /// Supporting documents.
    Documents,
    /// Primary care (FKTP) and referral.
    Fktp,
    /// Double claims (cross-claim audit).
    DoubleClaim,
    /// Readmissions (cross-claim audit).
    Readmission,
    /// Branch-office audit cohorts.
    Cohort,
}

impl Family {
    /// Every family, in report order.
    pub const ALL: [Family; 11] = [
        Family::Validity,
        Family::Principal,
        Family::SexAge,
        Family::Redundancy,
        Family::DxProcedure,
        Family::Evidence,
        Family::Documents,
        Family::Fktp,
        Family::DoubleClaim,
        Family::Readmission,
        Family::Cohort,
    ];

    /// The name in the rule book and in every output (`dx_procedure`).
    pub fn name(self) -> &'static str {
        match self {
            Family::Validity => "validity",
            Family::Principal => "principal",
            Family::SexAge => "sex_age",
            Family::Redundancy => "redundancy",
            Family::DxProcedure => "dx_procedure",
            Family::Evidence => "evidence",
            Family::Documents => "documents",
            Family::Fktp => "fktp",
            Family::DoubleClaim => "double_claim",
            Family::Readmission => "readmission",
            Family::Cohort => "cohort",
        }
    }

    /// The family of a name; `None` when unknown.
    pub fn parse(s: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.name() == s)
    }
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

/// How serious a finding is (column `level`), most serious first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum Level {
    /// The claim will be rejected or cannot be grouped.
    Error,
    /// The claim is likely to be returned (pending) at verification.
    Warning,
    /// Worth a look.
    Info,
}

impl Level {
    /// Every level, most serious first.
    pub const ALL: [Level; 3] = [Level::Error, Level::Warning, Level::Info];

    /// The name in the rule book and in every output (`warning`).
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }

    /// The level of a name; `None` when unknown.
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == s)
    }
}

/// The care setting of a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum Setting {
    /// Rawat jalan.
    Outpatient,
    /// Rawat inap.
    Inpatient,
}

impl Setting {
    /// Both settings.
    pub const ALL: [Setting; 2] = [Setting::Outpatient, Setting::Inpatient];

    /// The name used in the API and the data tables (`outpatient`, `inpatient`).
    pub fn name(self) -> &'static str {
        match self {
            Setting::Outpatient => "outpatient",
            Setting::Inpatient => "inpatient",
        }
    }

    /// The setting of a data-table name (`outpatient`, `inpatient`).
    pub fn from_name(name: &str) -> Option<Setting> {
        Setting::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// The claims a rule applies to (column `settings`; also the `setting` of the grouper's
/// special CMG options): every claim, or the claims of one [`Setting`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settings {
    /// Every claim (`any`).
    Any,
    /// Inpatient claims (`inpatient`).
    Inpatient,
    /// Outpatient claims (`outpatient`).
    Outpatient,
}

impl Settings {
    /// Every value, in the order the tables document them.
    pub const ALL: [Settings; 3] = [Settings::Any, Settings::Inpatient, Settings::Outpatient];

    /// The one setting it is limited to; `None` for [`Settings::Any`].
    pub fn setting(self) -> Option<Setting> {
        match self {
            Settings::Any => None,
            Settings::Inpatient => Some(Setting::Inpatient),
            Settings::Outpatient => Some(Setting::Outpatient),
        }
    }

    /// The name in the tables (`any`, `inpatient`, `outpatient`).
    pub fn name(self) -> &'static str {
        self.setting().map_or("any", Setting::name)
    }

    /// The value of a name; `None` when unknown.
    pub fn parse(s: &str) -> Option<Settings> {
        Settings::ALL.into_iter().find(|v| v.name() == s)
    }

    /// True when a claim of `setting` is covered (`None`: the claim does not state it, which
    /// only [`Settings::Any`] covers).
    pub fn covers(self, setting: Option<Setting>) -> bool {
        match self.setting() {
            None => true,
            limited => limited == setting,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Family, Level, Setting, Settings};

    #[test]
    fn every_family_parses_back_from_its_name_and_nothing_else_does() {
        for f in Family::ALL {
            assert_eq!(Family::parse(f.name()), Some(f));
        }
        assert_eq!(Family::parse("Validity"), None);
        assert_eq!(Family::parse(""), None);
        assert_eq!(format!("[{:<8}]", Family::Fktp), "[fktp    ]");
    }

    #[test]
    fn every_level_parses_back_from_its_name_and_nothing_else_does() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.name()), Some(l));
        }
        assert_eq!(Level::ALL.map(Level::name), ["error", "warning", "info"]);
        assert!(Level::Error < Level::Warning && Level::Warning < Level::Info);
        for bad in ["Error", "", "warn", " info"] {
            assert_eq!(Level::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn settings_parse_back_from_their_names_and_nothing_else_does() {
        for s in Settings::ALL {
            assert_eq!(Settings::parse(s.name()), Some(s));
        }
        assert_eq!(Settings::ALL.map(Settings::name), ["any", "inpatient", "outpatient"]);
        for bad in ["", "Any", "rawat_inap", "both"] {
            assert_eq!(Settings::parse(bad), None, "{bad:?}");
        }
        for s in Setting::ALL {
            assert_eq!(Setting::from_name(s.name()), Some(s));
        }
    }

    #[test]
    fn a_limited_rule_waits_for_a_stated_setting() {
        let (inp, out) = (Some(Setting::Inpatient), Some(Setting::Outpatient));
        // (rule's settings, claim's setting, covered)
        let cases = [
            (Settings::Any, None, true),
            (Settings::Any, inp, true),
            (Settings::Any, out, true),
            (Settings::Inpatient, None, false),
            (Settings::Inpatient, inp, true),
            (Settings::Inpatient, out, false),
            (Settings::Outpatient, None, false),
            (Settings::Outpatient, inp, false),
            (Settings::Outpatient, out, true),
        ];
        for (rule, claim, covered) in cases {
            assert_eq!(rule.covers(claim), covered, "{rule:?} {claim:?}");
        }
    }
}
