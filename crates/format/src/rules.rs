//! The closed values of the rule book's columns (`data/rules/*.tsv`): `build.rs` refuses a row
//! whose value is not one of them, the engine reads them into these types.

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

#[cfg(test)]
mod tests {
    use super::Family;

    #[test]
    fn every_family_parses_back_from_its_name_and_nothing_else_does() {
        for f in Family::ALL {
            assert_eq!(Family::parse(f.name()), Some(f));
        }
        assert_eq!(Family::parse("Validity"), None);
        assert_eq!(Family::parse(""), None);
        assert_eq!(format!("[{:<8}]", Family::Fktp), "[fktp    ]");
    }
}
