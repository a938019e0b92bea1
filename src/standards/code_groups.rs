//! The top level of the three code lists credentials are aligned to, for grouping the
//! occupation, industry and program-of-study indexes: SOC 2018 major groups (the first two
//! digits of an O*NET-SOC code), NAICS 2022 sectors (two digits; 31–33, 44–45 and 48–49 are
//! one sector each) and CIP 2020 series (two digits). Provenance in `standards/SOURCES.md`.
//!
//! Only the group titles are bundled, never the full lists: a code's own title comes from the
//! catalog's content (occupations and industries carry one; a CIP code is shown by its code
//! with a link to the NCES entry). A code whose group is not listed here gets "Group NN".

/// SOC 2018 major groups.
pub const SOC_MAJOR_GROUPS: &[(&str, &str)] = &[
    ("11", "Management"),
    ("13", "Business and Financial Operations"),
    ("15", "Computer and Mathematical"),
    ("17", "Architecture and Engineering"),
    ("19", "Life, Physical, and Social Science"),
    ("21", "Community and Social Service"),
    ("23", "Legal"),
    ("25", "Educational Instruction and Library"),
    ("27", "Arts, Design, Entertainment, Sports, and Media"),
    ("29", "Healthcare Practitioners and Technical"),
    ("31", "Healthcare Support"),
    ("33", "Protective Service"),
    ("35", "Food Preparation and Serving Related"),
    ("37", "Building and Grounds Cleaning and Maintenance"),
    ("39", "Personal Care and Service"),
    ("41", "Sales and Related"),
    ("43", "Office and Administrative Support"),
    ("45", "Farming, Fishing, and Forestry"),
    ("47", "Construction and Extraction"),
    ("49", "Installation, Maintenance, and Repair"),
    ("51", "Production"),
    ("53", "Transportation and Material Moving"),
    ("55", "Military Specific"),
];

/// NAICS 2022 sectors; the key is the sector code as the Census Bureau writes it.
pub const NAICS_SECTORS: &[(&str, &str)] = &[
    ("11", "Agriculture, Forestry, Fishing and Hunting"),
    ("21", "Mining, Quarrying, and Oil and Gas Extraction"),
    ("22", "Utilities"),
    ("23", "Construction"),
    ("31-33", "Manufacturing"),
    ("42", "Wholesale Trade"),
    ("44-45", "Retail Trade"),
    ("48-49", "Transportation and Warehousing"),
    ("51", "Information"),
    ("52", "Finance and Insurance"),
    ("53", "Real Estate and Rental and Leasing"),
    ("54", "Professional, Scientific, and Technical Services"),
    ("55", "Management of Companies and Enterprises"),
    (
        "56",
        "Administrative and Support and Waste Management and Remediation Services",
    ),
    ("61", "Educational Services"),
    ("62", "Health Care and Social Assistance"),
    ("71", "Arts, Entertainment, and Recreation"),
    ("72", "Accommodation and Food Services"),
    ("81", "Other Services (except Public Administration)"),
    ("92", "Public Administration"),
];

/// CIP 2020 series.
pub const CIP_SERIES: &[(&str, &str)] = &[
    (
        "01",
        "Agricultural/Animal/Plant/Veterinary Science and Related Fields",
    ),
    ("03", "Natural Resources and Conservation"),
    ("04", "Architecture and Related Services"),
    ("05", "Area, Ethnic, Cultural, Gender, and Group Studies"),
    ("09", "Communication, Journalism, and Related Programs"),
    (
        "10",
        "Communications Technologies/Technicians and Support Services",
    ),
    (
        "11",
        "Computer and Information Sciences and Support Services",
    ),
    ("12", "Culinary, Entertainment, and Personal Services"),
    ("13", "Education"),
    ("14", "Engineering"),
    (
        "15",
        "Engineering/Engineering-Related Technologies/Technicians",
    ),
    ("16", "Foreign Languages, Literatures, and Linguistics"),
    ("19", "Family and Consumer Sciences/Human Sciences"),
    ("22", "Legal Professions and Studies"),
    ("23", "English Language and Literature/Letters"),
    (
        "24",
        "Liberal Arts and Sciences, General Studies and Humanities",
    ),
    ("25", "Library Science"),
    ("26", "Biological and Biomedical Sciences"),
    ("27", "Mathematics and Statistics"),
    ("28", "Military Science, Leadership and Operational Art"),
    ("29", "Military Technologies and Applied Sciences"),
    ("30", "Multi/Interdisciplinary Studies"),
    ("31", "Parks, Recreation, Leisure, Fitness, and Kinesiology"),
    ("32", "Basic Skills and Developmental/Remedial Education"),
    ("33", "Citizenship Activities"),
    ("34", "Health-Related Knowledge and Skills"),
    ("35", "Interpersonal and Social Skills"),
    ("36", "Leisure and Recreational Activities"),
    ("37", "Personal Awareness and Self-Improvement"),
    ("38", "Philosophy and Religious Studies"),
    ("39", "Theology and Religious Vocations"),
    ("40", "Physical Sciences"),
    ("41", "Science Technologies/Technicians"),
    ("42", "Psychology"),
    (
        "43",
        "Homeland Security, Law Enforcement, Firefighting and Related Protective Services",
    ),
    ("44", "Public Administration and Social Service Professions"),
    ("45", "Social Sciences"),
    ("46", "Construction Trades"),
    ("47", "Mechanic and Repair Technologies/Technicians"),
    ("48", "Precision Production"),
    ("49", "Transportation and Materials Moving"),
    ("50", "Visual and Performing Arts"),
    ("51", "Health Professions and Related Programs"),
    (
        "52",
        "Business, Management, Marketing, and Related Support Services",
    ),
    ("53", "High School/Secondary Diplomas and Certificates"),
    ("54", "History"),
    ("60", "Health Professions Residency/Fellowship Programs"),
    ("61", "Medical Residency/Fellowship Programs"),
];

/// The NAICS sector a code belongs to: its first two digits, with the three sectors that
/// span several two-digit codes joined as the Census Bureau writes them.
pub fn naics_sector(code: &str) -> String {
    let two = code.get(..2).unwrap_or(code);
    match two {
        "31" | "32" | "33" => "31-33".into(),
        "44" | "45" => "44-45".into(),
        "48" | "49" => "48-49".into(),
        _ => two.into(),
    }
}

/// The title of group `key` in `table`, or "Group NN" for a key the table does not list.
pub fn title(table: &[(&str, &str)], key: &str) -> String {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| t.to_string())
        .unwrap_or_else(|| format!("Group {key}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_unique() {
        for table in [SOC_MAJOR_GROUPS, NAICS_SECTORS, CIP_SERIES] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0), "{table:?}");
        }
    }

    #[test]
    fn sectors_spanning_several_codes_are_one() {
        assert_eq!(naics_sector("332710"), "31-33");
        assert_eq!(naics_sector("45"), "44-45");
        assert_eq!(naics_sector("541511"), "54");
        assert_eq!(title(NAICS_SECTORS, "31-33"), "Manufacturing");
        assert_eq!(title(SOC_MAJOR_GROUPS, "99"), "Group 99");
    }
}
