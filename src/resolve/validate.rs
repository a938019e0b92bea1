//! Checks of single values: identifiers, codes, dates, durations. Each returns the parsed
//! value or the [`Problem`] to report; none knows about files or spans.

use jiff::civil::Date;

use crate::diagnostic::Problem;
use crate::model::{Ctid, Duration, EmailAddress, Link};

pub fn ctid(value: &str) -> Result<Ctid, Problem> {
    let ok = value
        .strip_prefix("ce-")
        .and_then(|u| uuid::Uuid::try_parse(u).ok().map(|p| (u, p)))
        .is_some_and(|(u, p)| u.len() == 36 && p.hyphenated().to_string() == u);
    if ok {
        Ok(Ctid(value.to_string()))
    } else {
        Err(Problem::Malformed {
            what: "CTID",
            value: value.to_string(),
            expected: "`ce-` followed by a lowercase UUID, e.g. ce-5b4c4d8e-7c1a-4f8e-9a55-0d1b6f7c2e11 (`credcat new` makes one)",
        })
    }
}

/// Which kinds of address a URL field accepts. Every URL-valued field names its own set, so
/// the error can say exactly what that field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKinds {
    /// An absolute http(s) URL only (an organization's web site, a framework's source).
    Web,
    /// An absolute http(s) URL or a path on this site starting with `/` (images, evidence).
    WebOrSitePath,
}

impl LinkKinds {
    fn expected(self) -> &'static str {
        match self {
            LinkKinds::Web => "an absolute http(s) URL such as https://example.edu/page, with any space or quote written as %20 or %22",
            LinkKinds::WebOrSitePath => "an absolute http(s) URL such as https://example.edu/logo.png, or a path on this site starting with / such as /images/logo.png (no javascript:, data: or other schemes; spaces and quotes written as %20, %22)",
        }
    }
}

/// A URL from content, checked so that it can go into any attribute, URL context, XML text or
/// JSON-LD value without changing meaning: an http(s) URL with a host, or a site path; never
/// another scheme (`javascript:`, `data:`, `vbscript:` …), never a protocol-relative `//host`,
/// never a character that could close an attribute or start markup.
pub fn link(value: &str, kinds: LinkKinds) -> Result<Link, Problem> {
    let bad = || Problem::Malformed {
        what: "URL",
        value: value.to_string(),
        expected: kinds.expected(),
    };
    if value.is_empty() || value.len() > 2048 || !value.chars().all(is_url_char) {
        return Err(bad());
    }
    if value.starts_with('/') && !value.starts_with("//") && !value.starts_with("/\\") {
        return match kinds {
            LinkKinds::WebOrSitePath => Ok(Link::new_unchecked(value)),
            LinkKinds::Web => Err(bad()),
        };
    }
    let lower = value.to_ascii_lowercase();
    let authority = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    // `http:///x` parses (as http://x/), but nobody writes it meaning that.
    if authority.is_none_or(|a| a.is_empty() || a.starts_with('/')) {
        return Err(bad());
    }
    let parsed = url::Url::parse(value).map_err(|_| bad())?;
    let has_host = parsed.host_str().is_some_and(|h| !h.is_empty());
    // `https://good.example@evil.example/` reads as one host and goes to another.
    let userinfo = !parsed.username().is_empty() || parsed.password().is_some();
    if !has_host || userinfo {
        return Err(bad());
    }
    Ok(Link::new_unchecked(value))
}

/// Characters a URL may hold as written in content: RFC 3986's unreserved, reserved and `%`,
/// minus the apostrophe (it would close a single-quoted attribute), plus non-ASCII letters
/// (IRIs). No space, control character, quote, `<`, `>`, backslash, backtick or brace.
fn is_url_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&()*+,;=%".contains(c)
    } else {
        c.is_alphanumeric()
    }
}

/// An email address shown to the public (an organization's contact), or a recipient's. Checked
/// for the shape a mail client and a `mailto:` link need: one `@`, a non-empty local part of
/// ASCII letters, digits and `. _ + -`, and a domain of letters, digits, dashes and dots
/// with at least one dot. The rarer RFC 5322 characters, quoted local parts and IP-literal
/// domains are refused: no catalog needs them, and they are where injection hides.
pub fn email(value: &str) -> Result<EmailAddress, Problem> {
    let bad = || {
        Problem::Malformed {
        what: "email address",
        value: value.to_string(),
        expected: "an address such as registrar@example.edu (letters, digits and . _ + - before the @, a domain with a dot after it; no spaces or quotes)",
    }
    };
    let (local, domain) = value.split_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok {
        Ok(EmailAddress::new_unchecked(value))
    } else {
        Err(bad())
    }
}

/// A BCP 47 language tag, checked for shape: a 2–3 letter language, then subtags of 2–8
/// letters or digits (script, region, variants).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

pub fn language(tag: &str) -> Result<String, Problem> {
    if is_language_tag(tag) {
        Ok(tag.to_string())
    } else {
        Err(Problem::Malformed {
            what: "language tag",
            value: tag.to_string(),
            expected: "a BCP 47 tag such as en, en-US or es-MX",
        })
    }
}

/// ISO 4217 currency codes in use (2024). A typo such as `UDS` or a symbol such as `$`
/// is caught here instead of becoming a registry record nobody can read.
static CURRENCIES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL";

/// The position of `code` in [`CURRENCIES`], entry by entry. The list is in alphabetical
/// order with fixed-width entries (a unit test checks), so a binary search finds a code
/// without scanning it.
fn currency_index(code: &str) -> Option<usize> {
    if code.len() != 3 {
        return None;
    }
    let (mut lo, mut hi) = (0, CURRENCIES.len().div_ceil(4));
    while lo < hi {
        let mid = (lo + hi) / 2;
        match CURRENCIES[mid * 4..mid * 4 + 3].cmp(code) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// `code` as its entry in the ISO 4217 list: what holds a currency (a cost, and the money
/// of every route through it) then holds no string of its own. With a `String` each, the
/// skewed 100,000 peaked at 1.84 GB; with the list's entries at 1.73 GB.
pub fn currency(code: &str) -> Result<&'static str, Problem> {
    currency_index(code)
        .map(|i| &CURRENCIES[i * 4..i * 4 + 3])
        .ok_or_else(|| Problem::Malformed {
            what: "currency",
            value: code.to_string(),
            expected: "an ISO 4217 code in capitals, such as USD, CAD or EUR",
        })
}

/// O*NET-SOC (`15-2051.00`) or plain SOC (`15-2051`).
pub fn onet(code: &str) -> Result<String, Problem> {
    let b = code.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = match b.len() {
        7 => digits(0..2) && b[2] == b'-' && digits(3..7),
        10 => digits(0..2) && b[2] == b'-' && digits(3..7) && b[7] == b'.' && digits(8..10),
        _ => false,
    };
    if ok {
        Ok(code.to_string())
    } else {
        Err(Problem::Malformed {
            what: "O*NET-SOC code",
            value: code.to_string(),
            expected: "NN-NNNN.NN (O*NET-SOC, e.g. 15-2051.00) or NN-NNNN (SOC)",
        })
    }
}

/// A CIP 2020 code: two digits, a dot, four digits (`11.0701`).
pub fn cip(code: &str) -> Result<String, Problem> {
    let b = code.as_bytes();
    let ok = b.len() == 7
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b'.'
        && b[3..].iter().all(u8::is_ascii_digit);
    if ok {
        Ok(code.to_string())
    } else {
        Err(Problem::Malformed {
            what: "CIP code",
            value: code.to_string(),
            expected: "NN.NNNN, a 6-digit CIP 2020 code such as 11.0701 (Computer Science); look it up at nces.ed.gov/ipeds/cipcode",
        })
    }
}

pub fn naics(code: &str) -> Result<String, Problem> {
    if (2..=6).contains(&code.len()) && code.chars().all(|c| c.is_ascii_digit()) {
        Ok(code.to_string())
    } else {
        Err(Problem::Malformed {
            what: "NAICS code",
            value: code.to_string(),
            expected: "2 to 6 digits, e.g. 541511",
        })
    }
}

pub fn country(code: &str) -> Result<String, Problem> {
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code.to_string())
    } else {
        Err(Problem::Malformed {
            what: "country code",
            value: code.to_string(),
            expected: "an ISO 3166-1 alpha-2 code in capitals, such as US or CA",
        })
    }
}

/// A date written as a TOML date (`2025-01-15`) or a string (`"2025-01-15"`).
/// One indicator's value: rates are fractions from 0 to 1, the median a positive number of
/// weeks, the earnings lift a relative change from -1 (earnings lost) to 10.
pub fn indicator(indicator: crate::model::Indicator, x: f64) -> Result<f64, Problem> {
    use crate::model::Indicator;
    let (ok, expected) = match indicator {
        Indicator::MedianWeeksToComplete => (
            x.is_finite() && x > 0.0 && x <= 520.0,
            "a number of weeks above 0 (at most 520)",
        ),
        Indicator::EarningsLift => (
            x.is_finite() && (-1.0..=10.0).contains(&x),
            "a relative change from -1 to 10, e.g. 0.12 for earnings 12% higher",
        ),
        _ => (
            (0.0..=1.0).contains(&x),
            "a fraction from 0 to 1, e.g. 0.82 for 82%",
        ),
    };
    if ok {
        Ok(x)
    } else {
        Err(Problem::Malformed {
            what: indicator.key(),
            value: x.to_string(),
            expected,
        })
    }
}

/// A cohort's period: `2023`, `2023-H1`, `2023-Q3`, or `2023-01-01/2023-06-30`.
pub fn period(value: &str) -> Result<crate::model::Period, Problem> {
    use crate::model::Period;
    let bad = || {
        Problem::Malformed {
        what: "outcomes period",
        value: value.to_string(),
        expected: "a year (2023), a half (2023-H1, 2023-H2), a quarter (2023-Q1 … 2023-Q4) or a date range (2023-01-01/2023-06-30)",
    }
    };
    let year = |y: &str| -> Option<i16> {
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .then(|| y.parse().ok())
            .flatten()
            .filter(|y| *y >= 1900)
    };
    if let Some((a, b)) = value.split_once('/') {
        let start: Date = a.parse().map_err(|_| bad())?;
        let end: Date = b.parse().map_err(|_| bad())?;
        if end < start || a.len() != 10 || b.len() != 10 {
            return Err(Problem::Malformed {
                what: "outcomes period",
                value: value.to_string(),
                expected: "a date range START/END with END on or after START, both YYYY-MM-DD",
            });
        }
        return Ok(Period::Range { start, end });
    }
    if let Some(y) = year(value) {
        return Ok(Period::Year { year: y });
    }
    let (y, part) = value.split_once('-').ok_or_else(bad)?;
    let y = year(y).ok_or_else(bad)?;
    match part {
        "H1" | "H2" => Ok(Period::Half {
            year: y,
            half: part.as_bytes()[1] - b'0',
        }),
        "Q1" | "Q2" | "Q3" | "Q4" => Ok(Period::Quarter {
            year: y,
            quarter: part.as_bytes()[1] - b'0',
        }),
        _ => Err(bad()),
    }
}

pub fn date(value: &toml::Value) -> Result<Date, Problem> {
    let text = match value {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let bad = || Problem::Malformed {
        what: "date",
        value: text.clone(),
        expected: "a calendar date YYYY-MM-DD, such as 2025-01-15",
    };
    if text.len() != 10 {
        return Err(bad());
    }
    text.parse::<Date>().map_err(|_| bad())
}

/// An ISO 8601 duration with years, months, weeks, days and hours (`P1Y6M`, `P8W`, `PT40H`).
pub fn duration(text: &str) -> Result<Duration, Problem> {
    let bad = || Problem::Malformed {
        what: "ISO 8601 duration",
        value: text.to_string(),
        expected:
            "P followed by amounts such as P8W (8 weeks), P3M (3 months), P1Y6M, PT40H (40 hours)",
    };
    let rest = text.strip_prefix('P').ok_or_else(bad)?;
    let mut d = Duration {
        iso: text.to_string(),
        years: 0.0,
        months: 0.0,
        weeks: 0.0,
        days: 0.0,
        hours: 0.0,
    };
    let mut in_time = false;
    let mut number = String::new();
    let mut any = false;
    for c in rest.chars() {
        match c {
            'T' if !in_time && number.is_empty() => in_time = true,
            '0'..='9' | '.' => number.push(c),
            unit => {
                let n: f64 = number.parse().map_err(|_| bad())?;
                number.clear();
                any = true;
                match (in_time, unit) {
                    (false, 'Y') => d.years = n,
                    (false, 'M') => d.months = n,
                    (false, 'W') => d.weeks = n,
                    (false, 'D') => d.days = n,
                    (true, 'H') => d.hours = n,
                    _ => return Err(bad()),
                }
            }
        }
    }
    if !any || !number.is_empty() {
        return Err(bad());
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_take_web_urls_and_site_paths_only() {
        use LinkKinds::*;
        for ok in [
            "https://example.edu/a?b=c&d=e#f",
            "http://example.edu",
            "https://ex.edu/caf%C3%A9",
            "https://ex.edu/café",
        ] {
            assert!(link(ok, Web).is_ok(), "{ok}");
        }
        assert!(link("/images/x.svg", WebOrSitePath).is_ok());
        assert!(link("/images/x.svg", Web).is_err());
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "//evil.example/x.png",
            "/\\evil.example/x.png",
            "https://example.edu/\"onmouseover=\"alert(1)",
            "https://example.edu/'x",
            "https://example.edu/a b",
            "https://example.edu/<x>",
            "https://good.example@evil.example/",
            "https://",
            "http:///x",
            "ftp://example.edu/x",
            "mailto:a@b.example",
            "",
            "images/x.svg",
        ] {
            assert!(link(bad, WebOrSitePath).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_have_one_plain_shape() {
        for ok in ["registrar@example.edu", "first.last+tag@mail.example.co.uk"] {
            assert!(email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "@",
            "a@",
            "@b.example",
            "a@b",
            "\"a b\"@example.edu",
            "a b@example.edu",
            "a@example.edu\" onclick=\"x",
            "a<b>@example.edu",
            "a@@example.edu",
            "a..b@example.edu",
            "a@-x.example",
            "a@[127.0.0.1]",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ctids() {
        assert!(ctid("ce-5b4c4d8e-7c1a-4f8e-9a55-0d1b6f7c2e11").is_ok());
        assert!(ctid("ce-5B4C4D8E-7c1a-4f8e-9a55-0d1b6f7c2e11").is_err());
        assert!(ctid("5b4c4d8e-7c1a-4f8e-9a55-0d1b6f7c2e11").is_err());
        assert!(ctid("ce-5b4c4d8e7c1a4f8e9a550d1b6f7c2e11").is_err());
    }

    #[test]
    fn currency_list_is_sorted_and_fixed_width() {
        let codes: Vec<&str> = CURRENCIES.split(' ').collect();
        assert!(codes.iter().all(|c| c.len() == 3));
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert!(codes.iter().all(|c| currency(c).is_ok()));
    }

    #[test]
    fn a_currency_is_the_list_s_own_entry() {
        let listed = currency(&String::from("EUR")).unwrap();
        assert_eq!(listed, "EUR");
        let list = CURRENCIES.as_bytes().as_ptr_range();
        assert!(
            list.contains(&listed.as_ptr()),
            "EUR is the list's own entry"
        );
        for bad in ["XQZ", "US", "usd", "USDX", ""] {
            assert!(currency(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes() {
        assert!(onet("15-2051.00").is_ok() && onet("15-2051").is_ok());
        assert!(onet("152051").is_err() && onet("15-2051.0").is_err());
        assert!(naics("541511").is_ok() && naics("54151a").is_err());
        assert!(cip("11.0701").is_ok() && cip("52.0201").is_ok());
        for bad in [
            "11.07", "110701", "11-0701", "1.07011", "11.070a", "11.07011", "",
        ] {
            assert!(cip(bad).is_err(), "{bad}");
        }
        assert!(currency("USD").is_ok() && currency("usd").is_err() && currency("UDS").is_err());
        assert!(
            is_language_tag("en-US")
                && is_language_tag("zh-Hant-TW")
                && !is_language_tag("english")
        );
    }

    #[test]
    fn dates_and_durations() {
        assert!(date(&toml::Value::String("2025-02-30".into())).is_err());
        assert!(date(&toml::Value::String("2025-2-3".into())).is_err());
        assert_eq!(
            date(&toml::Value::String("2024-02-29".into()))
                .unwrap()
                .day(),
            29
        );
        let d = duration("P1Y6M").unwrap();
        assert_eq!((d.years, d.months), (1.0, 6.0));
        assert_eq!(duration("PT40H").unwrap().describe(), "40 hours");
        assert!(duration("8 weeks").is_err() && duration("P").is_err() && duration("P8").is_err());
    }
}
