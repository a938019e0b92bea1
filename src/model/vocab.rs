//! Controlled vocabularies: every enum a content file may name, with the word authors write,
//! the label readers see, and the CTDL term it stands for — in one place, so the loader's
//! error messages, the HTML and the JSON-LD emitters can never disagree about a value.

use serde::Serialize;

/// Defines a vocabulary enum: `Variant => ("content word", "Label", "ctdl:Term")`.
macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($key:literal, $label:literal, $term:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used in content files.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The label shown to readers.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The CTDL class or concept, as a compact IRI.
            pub fn ctdl(self) -> &'static str {
                match self { $($name::$variant => $term),+ }
            }

            pub fn parse(word: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.key() == word)
            }

            /// Every accepted content word, for "expected one of" messages.
            pub fn keys() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.key()).collect()
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }
    };
}

vocab!(
    /// A CTDL credential class (`ceterms:Credential` and its subclasses).
    CredentialType {
        Badge => ("Badge", "Badge", "ceterms:Badge"),
        DigitalBadge => ("DigitalBadge", "Digital Badge", "ceterms:DigitalBadge"),
        OpenBadge => ("OpenBadge", "Open Badge", "ceterms:OpenBadge"),
        MicroCredential => ("MicroCredential", "Micro-credential", "ceterms:MicroCredential"),
        Certificate => ("Certificate", "Certificate", "ceterms:Certificate"),
        CertificateOfCompletion => ("CertificateOfCompletion", "Certificate of Completion", "ceterms:CertificateOfCompletion"),
        ApprenticeshipCertificate => ("ApprenticeshipCertificate", "Apprenticeship Certificate", "ceterms:ApprenticeshipCertificate"),
        JourneymanCertificate => ("JourneymanCertificate", "Journeyman Certificate", "ceterms:JourneymanCertificate"),
        MasterCertificate => ("MasterCertificate", "Master Certificate", "ceterms:MasterCertificate"),
        Certification => ("Certification", "Certification", "ceterms:Certification"),
        License => ("License", "License", "ceterms:License"),
        Diploma => ("Diploma", "Diploma", "ceterms:Diploma"),
        SecondarySchoolDiploma => ("SecondarySchoolDiploma", "Secondary School Diploma", "ceterms:SecondarySchoolDiploma"),
        GeneralEducationDevelopment => ("GeneralEducationDevelopment", "General Education Development (GED)", "ceterms:GeneralEducationDevelopment"),
        Degree => ("Degree", "Degree", "ceterms:Degree"),
        AssociateDegree => ("AssociateDegree", "Associate Degree", "ceterms:AssociateDegree"),
        AssociateOfArtsDegree => ("AssociateOfArtsDegree", "Associate of Arts", "ceterms:AssociateOfArtsDegree"),
        AssociateOfScienceDegree => ("AssociateOfScienceDegree", "Associate of Science", "ceterms:AssociateOfScienceDegree"),
        AssociateOfAppliedArtsDegree => ("AssociateOfAppliedArtsDegree", "Associate of Applied Arts", "ceterms:AssociateOfAppliedArtsDegree"),
        AssociateOfAppliedScienceDegree => ("AssociateOfAppliedScienceDegree", "Associate of Applied Science", "ceterms:AssociateOfAppliedScienceDegree"),
        BachelorDegree => ("BachelorDegree", "Bachelor's Degree", "ceterms:BachelorDegree"),
        BachelorOfArtsDegree => ("BachelorOfArtsDegree", "Bachelor of Arts", "ceterms:BachelorOfArtsDegree"),
        BachelorOfScienceDegree => ("BachelorOfScienceDegree", "Bachelor of Science", "ceterms:BachelorOfScienceDegree"),
        MasterDegree => ("MasterDegree", "Master's Degree", "ceterms:MasterDegree"),
        MasterOfArtsDegree => ("MasterOfArtsDegree", "Master of Arts", "ceterms:MasterOfArtsDegree"),
        MasterOfScienceDegree => ("MasterOfScienceDegree", "Master of Science", "ceterms:MasterOfScienceDegree"),
        DoctoralDegree => ("DoctoralDegree", "Doctoral Degree", "ceterms:DoctoralDegree"),
        ProfessionalDoctorate => ("ProfessionalDoctorate", "Professional Doctorate", "ceterms:ProfessionalDoctorate"),
        ResearchDoctorate => ("ResearchDoctorate", "Research Doctorate", "ceterms:ResearchDoctorate"),
        SpecialistDegree => ("SpecialistDegree", "Specialist Degree", "ceterms:SpecialistDegree"),
        QualityAssuranceCredential => ("QualityAssuranceCredential", "Quality Assurance Credential", "ceterms:QualityAssuranceCredential"),
    }
);

impl CredentialType {
    /// The coarse family used for map styling and filters.
    pub fn family(self) -> &'static str {
        use CredentialType::*;
        match self {
            Badge | DigitalBadge | OpenBadge => "badge",
            MicroCredential => "micro",
            Certificate
            | CertificateOfCompletion
            | ApprenticeshipCertificate
            | JourneymanCertificate
            | MasterCertificate => "certificate",
            Certification | License | QualityAssuranceCredential => "certification",
            _ => "degree",
        }
    }
}

vocab!(
    /// `ceterms:CredentialStatus` concepts.
    CredentialStatus {
        Active => ("active", "Active", "credentialStat:Active"),
        Deprecated => ("deprecated", "Deprecated", "credentialStat:Deprecated"),
        Suspended => ("suspended", "Suspended", "credentialStat:Suspended"),
        Probationary => ("probationary", "Probationary", "credentialStat:Probationary"),
        Ceasing => ("ceasing", "Ceasing", "credentialStat:Ceasing"),
        TeachOut => ("teach-out", "Teach-out", "credentialStat:TeachOut"),
    }
);

vocab!(
    /// `ceterms:AudienceLevel` concepts.
    AudienceLevel {
        Beginner => ("beginner", "Beginner", "audLevel:BeginnerLevel"),
        Intermediate => ("intermediate", "Intermediate", "audLevel:IntermediateLevel"),
        Advanced => ("advanced", "Advanced", "audLevel:AdvancedLevel"),
        Professional => ("professional", "Professional", "audLevel:ProfessionalLevel"),
        Secondary => ("secondary", "Secondary", "audLevel:SecondaryLevel"),
        Postsecondary => ("postsecondary", "Postsecondary", "audLevel:PostSecondaryLevel"),
        LowerDivision => ("lower-division", "Lower division", "audLevel:LowerDivisionLevel"),
        UpperDivision => ("upper-division", "Upper division", "audLevel:UpperDivisionLevel"),
        Undergraduate => ("undergraduate", "Undergraduate", "audLevel:UndergraduateLevel"),
        Graduate => ("graduate", "Graduate", "audLevel:GraduateLevel"),
        Associates => ("associates", "Associate degree level", "audLevel:AssociatesDegreeLevel"),
        Bachelors => ("bachelors", "Bachelor's degree level", "audLevel:BachelorsDegreeLevel"),
        Masters => ("masters", "Master's degree level", "audLevel:MastersDegreeLevel"),
        Doctoral => ("doctoral", "Doctoral level", "audLevel:DoctoralDegreeLevel"),
    }
);

vocab!(
    /// `ceterms:Delivery` concepts.
    Delivery {
        Online => ("online", "Online", "deliveryType:OnlineOnly"),
        InPerson => ("in-person", "In person", "deliveryType:InPerson"),
        Blended => ("blended", "Blended", "deliveryType:BlendedDelivery"),
        VariableSite => ("variable-site", "Variable site", "deliveryType:VariableSite"),
    }
);

vocab!(
    /// `ceterms:AssessmentMethod` concepts.
    AssessmentMethod {
        Exam => ("exam", "Exam", "assessMethod:Exam"),
        Artifact => ("artifact", "Artifact (portfolio, project)", "assessMethod:Artifact"),
        Performance => ("performance", "Performance (observed task)", "assessMethod:Performance"),
    }
);

vocab!(
    /// `ceterms:CostType` concepts.
    CostKind {
        Tuition => ("tuition", "Tuition", "costType:Tuition"),
        Application => ("application", "Application fee", "costType:Application"),
        Enrollment => ("enrollment", "Enrollment fee", "costType:EnrollmentFee"),
        Assessment => ("assessment", "Assessment fee", "costType:StandaloneAssessment"),
        Reexamination => ("reexamination", "Re-examination fee", "costType:ReexaminationFee"),
        LearningResource => ("learning-resource", "Learning resources", "costType:LearningResource"),
        Technology => ("technology", "Technology fee", "costType:TechnologyFee"),
        Renewal => ("renewal", "Renewal fee", "costType:RenewalFee"),
        Processing => ("processing", "Processing fee", "costType:ProcessingFee"),
        Aggregate => ("aggregate", "Total cost", "costType:AggregateCost"),
    }
);

vocab!(
    /// `ceterms:CreditUnit` concepts.
    CreditUnit {
        SemesterHours => ("semester-hours", "semester hours", "creditUnit:SemesterHour"),
        QuarterHours => ("quarter-hours", "quarter hours", "creditUnit:QuarterHour"),
        ClockHours => ("clock-hours", "clock hours", "creditUnit:ClockHour"),
        ContactHours => ("contact-hours", "contact hours", "creditUnit:ContactHour"),
        Ceu => ("ceu", "continuing education units", "creditUnit:ContinuingEducationUnit"),
        DegreeCredit => ("degree-credit", "degree credits", "creditUnit:DegreeCredit"),
        CertificateCredit => ("certificate-credit", "certificate credits", "creditUnit:CertificateCredit"),
        CompetencyCredit => ("competency-credit", "competency credits", "creditUnit:CompetencyCredit"),
    }
);

vocab!(
    /// What an organization is; drives its CTDL class and `ceterms:agentType`.
    OrgKind {
        College => ("college", "College", "orgType:TwoYear"),
        University => ("university", "University", "orgType:FourYear"),
        Employer => ("employer", "Employer", "orgType:Business"),
        Accreditor => ("accreditor", "Accreditor", "orgType:QualityAssurance"),
        TrainingProvider => ("training-provider", "Training provider", "orgType:TrainingProvider"),
        CertificationBody => ("certification-body", "Certification body", "orgType:CertificationBody"),
        ProfessionalAssociation => ("professional-association", "Professional association", "orgType:ProfessionalAssociation"),
        Government => ("government", "Government agency", "orgType:Government"),
    }
);

impl OrgKind {
    /// The CTDL organization class: quality-assurance bodies have their own.
    pub fn ctdl_class(self) -> &'static str {
        match self {
            OrgKind::Accreditor => "ceterms:QACredentialOrganization",
            _ => "ceterms:CredentialOrganization",
        }
    }
}

vocab!(
    /// `ceterms:AgentSector` concepts.
    Sector {
        Public => ("public", "Public", "agentSector:Public"),
        PrivateNonProfit => ("private-nonprofit", "Private non-profit", "agentSector:PrivateNonProfit"),
        PrivateForProfit => ("private-for-profit", "Private for-profit", "agentSector:PrivateForProfit"),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for t in CredentialType::ALL {
            assert_eq!(CredentialType::parse(t.key()), Some(*t));
        }
        let mut keys = CostKind::keys();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), CostKind::ALL.len());
        assert_eq!(CredentialStatus::parse("retired"), None);
    }
}
