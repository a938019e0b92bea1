//! Stage 2, resolve: links the raw records into one immutable [`Catalog`] and checks
//! everything that needs more than one value to check — enum words, codes, dates, references
//! between files, duplicate CTIDs, cycles of prerequisites. Every problem is collected and
//! returned together, each pointing at its file, line and column. Credentials, the bulk of
//! a catalog, are resolved in parallel once each has claimed its CTID and aliases in catalog
//! order (`Resolver::credentials`). [`patch`] brings an already resolved catalog up to date
//! after an edit of credential files, for the dev server.

mod back_refs;
mod patch;
pub mod refs;
pub mod validate;

pub use patch::{patch, NotPatchable, Patch};

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, Problem};
// Addresses are emit's business, but a free page's slug becomes one: the reserved names
// are read from the one list of them.
use crate::emit::urls;
use crate::load::raw::*;
use crate::load::{Loaded, Parsed, Record};
use crate::model::*;
use validate::LinkKinds;

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include credentials marked `draft = true`.
    pub drafts: bool,
}

/// Resolves everything `load` read. Fails with every problem found, load's included.
pub fn resolve(loaded: &Loaded, options: Options) -> Result<Catalog, Diagnostics> {
    let mut r = Resolver::new(loaded, options);
    let catalog = r.run();
    let mut diags = loaded.diagnostics();
    let broken = broken_files(loaded);
    // A file that failed to load is reported once, in itself: references to it from other
    // files are not errors of theirs.
    diags.extend(
        r.diags
            .into_iter()
            .filter(|d| !refers_to_broken(d, &broken)),
    );
    if diags.is_empty() {
        Ok(catalog)
    } else {
        diags.sort();
        Err(diags)
    }
}

/// How deep competencies may nest in a framework. Real frameworks use three or four levels;
/// the limit keeps a generated 10,000-level tree from costing gigabytes of breadcrumbs.
pub const MAX_COMPETENCY_DEPTH: usize = 12;

/// The longest award id: it becomes a folder name in the site.
pub const MAX_AWARD_ID: usize = 100;

/// (kind of reference, slug) of every content file that failed to load.
fn broken_files(loaded: &Loaded) -> std::collections::HashSet<(&'static str, String)> {
    use crate::load::Kind;
    loaded
        .files
        .iter()
        .filter(|(_, f)| f.parsed.is_err())
        .filter_map(|(path, _)| {
            let kind = match Kind::of(path)? {
                Kind::Credential => "credential",
                Kind::Framework => "competency framework",
                Kind::Organization => "organization",
                Kind::Pathway => "pathway",
                Kind::Awards | Kind::Page => return None,
            };
            Some((kind, path.file_stem()?.to_str()?.to_string()))
        })
        .collect()
}

fn refers_to_broken(
    d: &Diagnostic,
    broken: &std::collections::HashSet<(&'static str, String)>,
) -> bool {
    match &d.problem {
        Problem::UnknownReference { kind, name, .. } => {
            let target = if *kind == "competency" {
                ("competency framework", name.split('/').next().unwrap_or(""))
            } else {
                (*kind, name.as_str())
            };
            broken.contains(&(target.0, target.1.to_string()))
        }
        _ => false,
    }
}

struct Resolver<'a> {
    loaded: &'a Loaded,
    diags: Vec<Diagnostic>,
    /// CTID → where it was first seen, to report duplicates.
    ctids: HashMap<String, (PathBuf, String)>,
    creds: Vec<&'a Record<RawCredential>>,
    /// The slugs of the drafts left out, looked up by every reference and `@/` link.
    draft_slugs: HashSet<&'a str>,
    /// Every content file's path, for the `@/` links in every body: a hash lookup, where the
    /// loaded files' ordered map compares paths component by component. A patch, which
    /// looks up a few links, uses that map instead of building this.
    file_paths: Option<HashSet<&'a Path>>,
    frameworks: Vec<&'a Record<RawFramework>>,
    orgs: Vec<&'a Record<RawOrganization>>,
    pathways: Vec<&'a Record<RawPathway>>,
    awards: Vec<(&'a Path, &'a RawAward)>,
    pages: Vec<&'a Record<RawPage>>,
    /// Award id → the file it was first seen in, to report duplicates.
    award_ids: HashMap<&'a str, &'a Path>,
    /// Credential alias → the file that claims it.
    alias_owner: HashMap<String, PathBuf>,
    /// Slug → id of the credentials and organizations references are looked up in; it
    /// becomes the catalog's index.
    index: Cow<'a, Index>,
    cred_ctids: CredentialCtids<'a>,
}

/// A credential's CTID and the aliases it was granted ([`Resolver::claim`]).
struct Claimed {
    ctid: Ctid,
    aliases: Vec<String>,
}

/// Credential CTID → id, for `version.supersedes`.
enum CredentialCtids<'a> {
    /// Built from the records of a full resolve.
    Map(HashMap<&'a str, CredentialId>),
    /// The credentials of the catalog a patch changes: a patch resolves a credential or two,
    /// for which a scan costs less than building a map.
    Scan(&'a [Credential]),
}

impl CredentialCtids<'_> {
    fn get(&self, ctid: &str) -> Option<CredentialId> {
        match self {
            CredentialCtids::Map(map) => map.get(ctid).copied(),
            CredentialCtids::Scan(all) => all.iter().find(|c| c.ctid.0 == ctid).map(|c| c.id),
        }
    }
}

impl<'a> Resolver<'a> {
    /// A resolver with no records, whose references are looked up in `index`.
    fn empty(loaded: &'a Loaded, index: Cow<'a, Index>, cred_ctids: CredentialCtids<'a>) -> Self {
        Resolver {
            loaded,
            diags: Vec::new(),
            ctids: HashMap::new(),
            creds: Vec::new(),
            draft_slugs: HashSet::new(),
            file_paths: None,
            frameworks: Vec::new(),
            orgs: Vec::new(),
            pathways: Vec::new(),
            awards: Vec::new(),
            pages: Vec::new(),
            award_ids: HashMap::new(),
            alias_owner: HashMap::new(),
            index,
            cred_ctids,
        }
    }

    /// A resolver for a part of the credentials, whose claims were made first
    /// ([`Resolver::claim`]): it looks references up as this one does (the index borrowed;
    /// the drafts, file paths and credential CTIDs copied, a few MB at 100,000 credentials),
    /// has no problems reported yet, and holds no records ([`Resolver::credential`] is given
    /// its record).
    fn fork(&self) -> Resolver<'_> {
        let cred_ctids = match &self.cred_ctids {
            CredentialCtids::Map(map) => CredentialCtids::Map(map.clone()),
            CredentialCtids::Scan(all) => CredentialCtids::Scan(all),
        };
        let mut part = Resolver::empty(self.loaded, Cow::Borrowed(&*self.index), cred_ctids);
        part.draft_slugs = self.draft_slugs.clone();
        part.file_paths = self.file_paths.clone();
        part
    }

    /// A resolver for patching `catalog`, which was resolved from `loaded` before a few of
    /// its credential files changed: references are looked up in the catalog itself, so
    /// starting one costs nothing however large the catalog is. It knows no drafts and no
    /// CTIDs seen, so a reference to a draft is reported as unknown and a duplicate CTID not
    /// at all; neither matters, since a patch keeps every CTID and gives way to the full
    /// resolve (which reports the right problem) on any problem.
    fn patching(loaded: &'a Loaded, catalog: &'a Catalog) -> Self {
        Resolver::empty(
            loaded,
            Cow::Borrowed(&catalog.index),
            CredentialCtids::Scan(&catalog.credentials),
        )
    }

    fn new(loaded: &'a Loaded, options: Options) -> Self {
        let mut r = Resolver::empty(
            loaded,
            Cow::Owned(Index::default()),
            CredentialCtids::Map(HashMap::new()),
        );
        for f in loaded.files.values() {
            match &f.parsed {
                Ok(Parsed::Credential(c)) if c.raw.draft && !options.drafts => {
                    r.draft_slugs.insert(c.slug.as_str());
                }
                Ok(Parsed::Credential(c)) => r.creds.push(c),
                Ok(Parsed::Framework(x)) => r.frameworks.push(x),
                Ok(Parsed::Organization(x)) => r.orgs.push(x),
                Ok(Parsed::Pathway(x)) => r.pathways.push(x),
                Ok(Parsed::Awards(path, list)) => {
                    r.awards.extend(list.iter().map(|a| (path.as_path(), a)))
                }
                Ok(Parsed::Page(x)) => r.pages.push(x),
                // Only a build releases records, after its one resolve.
                Ok(Parsed::Released) => debug_assert!(false, "resolving released records"),
                Ok(Parsed::Pending) => debug_assert!(false, "resolving unparsed files"),
                Err(_) => {}
            }
        }
        r.file_paths = Some(loaded.files.keys().map(PathBuf::as_path).collect());
        let creds = r.creds.iter().enumerate();
        let orgs = r.orgs.iter().enumerate();
        r.index = Cow::Owned(Index {
            credentials: creds
                .map(|(i, c)| (c.slug.clone(), CredentialId(i as u32)))
                .collect(),
            organizations: orgs
                .map(|(i, o)| (o.slug.clone(), OrgId(i as u32)))
                .collect(),
        });
        // The first credential with a CTID wins, as in a scan; a duplicate is reported anyway.
        let mut cred_ctids = HashMap::new();
        for (i, c) in r.creds.iter().enumerate() {
            cred_ctids
                .entry(c.raw.ctid.get_ref().as_str())
                .or_insert(CredentialId(i as u32));
        }
        r.cred_ctids = CredentialCtids::Map(cred_ctids);
        r
    }

    fn run(&mut self) -> Catalog {
        let organizations: Vec<Organization> =
            (0..self.orgs.len()).map(|i| self.organization(i)).collect();
        let mut competencies = Vec::new();
        let frameworks: Vec<Framework> = (0..self.frameworks.len())
            .map(|i| self.framework(i, &mut competencies))
            .collect();
        let codes = refs::CompetencyCodes::new(&frameworks, &competencies);
        let claims: Vec<Claimed> = (0..self.creds.len())
            .map(|i| self.claim(self.creds[i]))
            .collect();
        let credentials = self.credentials(claims, &codes);
        let pathways: Vec<Pathway> = (0..self.pathways.len()).map(|i| self.pathway(i)).collect();
        let awards: Vec<Award> = (0..self.awards.len()).map(|i| self.award(i)).collect();
        let pages: Vec<FreePage> = (0..self.pages.len()).map(|i| self.free_page(i)).collect();
        let publisher = self.loaded.config.publisher.as_ref().and_then(|slug| {
            let found = self.index.organizations.get(slug).copied();
            if found.is_none() {
                self.diags.push(Diagnostic::new(
                    crate::config::CONFIG_FILE,
                    None,
                    Problem::UnknownReference {
                        kind: "organization",
                        name: slug.clone(),
                        suggestion: refs::suggest(slug, self.index.organizations.keys()),
                    },
                ));
            }
            found
        });
        let mut catalog = Catalog {
            config: Arc::new(self.loaded.config.clone()),
            index: std::mem::take(&mut self.index).into_owned(),
            credentials,
            frameworks,
            competencies,
            organizations,
            pathways,
            awards,
            pages,
            publisher,
        };
        self.check_cycles(&catalog);
        // Unresolved references left placeholder ids behind; back-links are only
        // meaningful (and only safe to index) when everything resolved.
        if self.diags.is_empty() && self.loaded.diagnostics().is_empty() {
            link_back(&mut catalog);
        }
        catalog
    }

    fn report(&mut self, file: &Path, span: std::ops::Range<usize>, problem: Problem) {
        self.diags.push(Diagnostic::at(file, span, problem));
    }

    /// Runs a value check, reporting its problem at the value's span.
    fn check<T, V>(
        &mut self,
        file: &Path,
        value: &Spanned<V>,
        f: impl FnOnce(&V) -> Result<T, Problem>,
    ) -> Option<T> {
        match f(value.get_ref()) {
            Ok(v) => Some(v),
            Err(p) => {
                self.report(file, value.span(), p);
                None
            }
        }
    }

    /// A credential's earlier slugs: each must be a slug no credential has now and no other
    /// credential claims, or two pages would share one address.
    fn aliases(&mut self, file: &Path, slug: &str, raw: &[Spanned<String>]) -> Vec<String> {
        let mut out = Vec::new();
        for a in raw {
            let alias = a.get_ref();
            let shape_ok = !alias.is_empty()
                && !alias.starts_with('-')
                && alias
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            let problem = if !shape_ok {
                Some(format!("alias `{alias}` is not a slug (lowercase letters, digits and dashes: the file name the credential had)"))
            } else if alias == slug || self.index.credentials.contains_key(alias.as_str()) {
                Some(format!("alias `{alias}` is the slug of a credential in the catalog: its page is there, not a redirect"))
            } else {
                self.alias_owner
                    .get(alias.as_str())
                    .map(|other| format!("alias `{alias}` is also claimed by {}", other.display()))
            };
            match problem {
                Some(message) => self.report(
                    file,
                    a.span(),
                    Problem::Invalid {
                        message,
                        help: "an alias is an earlier file name of this credential, used once in the catalog".into(),
                    },
                ),
                None => {
                    self.alias_owner.insert(alias.clone(), file.to_path_buf());
                    out.push(alias.clone());
                }
            }
        }
        out
    }

    /// Checks a rendered body's `@/` links (`[SQL](@/credentials/sql-fundamentals.md)`): a
    /// link to a file that is not in the catalog is reported at its place in the source. The
    /// catalog keeps the body as written, sharing the record's text; a page writes the links
    /// as site paths (`urls::body_html`).
    fn body(&mut self, file: &Path, html: &BodyHtml) -> BodyHtml {
        for target in urls::at_links(&html.text()) {
            self.internal_link(file, target);
        }
        html.clone()
    }

    /// Reports an `@/` link that names no published page.
    fn internal_link(&mut self, file: &Path, target: &str) {
        let link = urls::at_link(target);
        let exists = match &self.file_paths {
            Some(paths) => paths.contains(link.source.as_path()),
            None => self.loaded.files.contains_key(&link.source),
        };
        let draft = link.page.as_ref().is_some_and(|(kind, slug, _)| {
            *kind == crate::load::Kind::Credential && self.draft_slugs.contains(slug.as_str())
        });
        if link.page.is_some() && exists && !draft {
            return;
        }
        let target = target.replace("&amp;", "&");
        let help = if link.page.is_none() {
            "link to a content file as @/credentials/<file>.md, @/competencies/<file>.md, @/organizations/<file>.md, @/pathways/<file>.md or @/pages/<file>.md".to_string()
        } else if draft {
            "the credential is a draft, so its page is not published: link to it once it is"
                .to_string()
        } else {
            format!("check the file name: there is no {}", link.source.display())
        };
        let span = self
            .loaded
            .text(file)
            .and_then(|text| text.find(&format!("@/{target}")))
            .map_or(0..0, |at| at..at + target.len() + 2);
        self.report(
            file,
            span,
            Problem::Invalid {
                message: format!("the link @/{target} leads nowhere"),
                help,
            },
        );
    }

    fn link(&mut self, file: &Path, value: &Spanned<String>, kinds: LinkKinds) -> Option<Link> {
        self.check(file, value, |v| validate::link(v, kinds))
    }

    fn opt_link(
        &mut self,
        file: &Path,
        value: Option<&Spanned<String>>,
        kinds: LinkKinds,
    ) -> Option<Link> {
        value.and_then(|v| self.link(file, v, kinds))
    }

    fn ctid(&mut self, file: &Path, value: &Spanned<String>, what: String) -> Ctid {
        let Some(ctid) = self.check(file, value, |v| validate::ctid(v)) else {
            return Ctid(value.get_ref().clone());
        };
        match self.ctids.get(&ctid.0) {
            Some((other_file, other_what)) => {
                let other = format!("{other_what} in {}", other_file.display());
                self.report(
                    file,
                    value.span(),
                    Problem::DuplicateCtid {
                        ctid: ctid.0.clone(),
                        other,
                    },
                );
            }
            None => {
                self.ctids
                    .insert(ctid.0.clone(), (file.to_path_buf(), what));
            }
        }
        ctid
    }

    fn vocab<T: Copy>(
        &mut self,
        file: &Path,
        value: &Spanned<String>,
        field: &'static str,
        parse: fn(&str) -> Option<T>,
        keys: fn() -> Vec<&'static str>,
    ) -> Option<T> {
        self.check(file, value, |v| {
            parse(v).ok_or_else(|| Problem::UnknownValue {
                field,
                value: v.clone(),
                allowed: keys(),
            })
        })
    }

    fn vocab_list<T: Copy>(
        &mut self,
        file: &Path,
        values: &[Spanned<String>],
        field: &'static str,
        parse: fn(&str) -> Option<T>,
        keys: fn() -> Vec<&'static str>,
    ) -> Vec<T> {
        values
            .iter()
            .filter_map(|v| self.vocab(file, v, field, parse, keys))
            .collect()
    }

    fn language(&mut self, file: &Path, value: Option<&Spanned<String>>) -> String {
        match value {
            Some(v) => self
                .check(file, v, |s| validate::language(s))
                .unwrap_or_default(),
            None => self.loaded.config.language.clone(),
        }
    }

    fn orgs(&mut self, file: &Path, values: &[Spanned<String>]) -> Vec<OrgId> {
        values
            .iter()
            .filter_map(|v| self.lookup(file, v, "organization", |r| &r.index.organizations))
            .collect()
    }

    fn creds(&mut self, file: &Path, values: &[Spanned<String>]) -> Vec<CredentialId> {
        values.iter().filter_map(|v| self.cred(file, v)).collect()
    }

    fn cred(&mut self, file: &Path, value: &Spanned<String>) -> Option<CredentialId> {
        let name = value.get_ref();
        let known = self.index.credentials.contains_key(name);
        if !known && self.draft_slugs.contains(name.as_str()) {
            self.report(
                file,
                value.span(),
                Problem::Invalid {
                    message: format!("`{name}` is a draft, so it is not published"),
                    help: "build with --drafts to preview, publish the draft, or remove this reference".into(),
                },
            );
            return None;
        }
        self.lookup(file, value, "credential", |r| &r.index.credentials)
    }

    fn lookup<Id: Copy>(
        &mut self,
        file: &Path,
        value: &Spanned<String>,
        kind: &'static str,
        names: fn(&Self) -> &HashMap<String, Id>,
    ) -> Option<Id> {
        let name = value.get_ref();
        match names(self).get(name) {
            Some(id) => Some(*id),
            None => {
                let suggestion = refs::suggest(name, names(self).keys());
                self.report(
                    file,
                    value.span(),
                    Problem::UnknownReference {
                        kind,
                        name: name.clone(),
                        suggestion,
                    },
                );
                None
            }
        }
    }

    fn date(&mut self, file: &Path, value: &Spanned<toml::Value>) -> Option<jiff::civil::Date> {
        self.check(file, value, validate::date)
    }

    /// A free-form page: published at `/<slug>/`, so its slug must not be a section of the
    /// site, and its template must exist.
    fn free_page(&mut self, i: usize) -> FreePage {
        let rec = self.pages[i];
        let (raw, file) = (&rec.raw, rec.file.as_path());
        if urls::RESERVED.contains(&rec.slug.as_str()) {
            self.diags.push(Diagnostic::new(
                file,
                None,
                Problem::Invalid {
                    message: format!(
                        "a page named `{}` would take the address /{}/ that the site uses for its own pages",
                        rec.slug, rec.slug
                    ),
                    help: format!(
                        "rename the file; these names are taken: {}",
                        urls::RESERVED.join(", ")
                    ),
                },
            ));
        }
        let template = match &raw.template {
            None => "page.html".to_string(),
            Some(t) => {
                let name = t.get_ref();
                if !self.loaded.templates.contains_key(name.as_str()) {
                    let known = self
                        .loaded
                        .templates
                        .keys()
                        .filter(|k| !k.starts_with("partials/"));
                    let suggestion = refs::suggest(name, known);
                    self.report(
                        file,
                        t.span(),
                        Problem::Invalid {
                            message: format!("there is no template `{name}`"),
                            help: match suggestion {
                                Some(s) => format!("did you mean `{s}`? A page's template is a file in templates/ or the theme's templates/"),
                                None => "name a file in templates/ (or the theme's templates/), e.g. page.html".into(),
                            },
                        },
                    );
                }
                name.clone()
            }
        };
        FreePage {
            id: FreePageId(i as u32),
            slug: rec.slug.clone(),
            file: rec.file.clone(),
            title: raw.title.get_ref().clone(),
            description: raw.description.clone(),
            nav: raw.nav,
            weight: raw.weight,
            template,
            body_html: self.body(file, &rec.body_html),
        }
    }

    fn organization(&mut self, i: usize) -> Organization {
        let rec = self.orgs[i];
        let (raw, file) = (&rec.raw, rec.file.as_path());
        let ctid = self.ctid(file, &raw.ctid, format!("organization `{}`", rec.slug));
        let kind = self.vocab(
            file,
            &raw.kind,
            "organization kind",
            OrgKind::parse,
            OrgKind::keys,
        );
        let sector = raw
            .sector
            .as_ref()
            .and_then(|s| self.vocab(file, s, "sector", Sector::parse, Sector::keys));
        let url = self.link(file, &raw.url, LinkKinds::Web);
        let email = raw
            .email
            .as_ref()
            .and_then(|e| self.check(file, e, |v| validate::email(v)));
        let logo = self.opt_link(file, raw.logo.as_ref(), LinkKinds::WebOrSitePath);
        let location = raw.location.as_ref().map(|l| Location {
            city: l.city.clone(),
            region: l.region.clone(),
            country: l
                .country
                .as_ref()
                .and_then(|c| self.check(file, c, |v| validate::country(v))),
        });
        Organization {
            id: OrgId(i as u32),
            slug: rec.slug.clone(),
            file: rec.file.clone(),
            ctid,
            name: raw.name.get_ref().clone(),
            kind: kind.unwrap_or(OrgKind::College),
            sector,
            // A placeholder only when the URL was reported: the build stops before emit.
            url: url.unwrap_or_else(|| Link::new_unchecked("https://invalid.example/")),
            email,
            logo,
            summary: raw.summary.clone(),
            description_html: self.body(file, &rec.body_html),
            location,
            owns: vec![],
            offers: vec![],
            accredits: vec![],
            frameworks: vec![],
            pathways: vec![],
        }
    }

    fn framework(&mut self, i: usize, all: &mut Vec<Competency>) -> Framework {
        let rec = self.frameworks[i];
        let (raw, file) = (&rec.raw, rec.file.as_path());
        let id = FrameworkId(i as u32);
        let ctid = self.ctid(file, &raw.ctid, format!("framework `{}`", rec.slug));
        let publisher = raw
            .publisher
            .as_ref()
            .and_then(|p| self.lookup(file, p, "organization", |r| &r.index.organizations));
        let mut level_ids: HashMap<&str, usize> = HashMap::new();
        for (n, level) in raw.levels.iter().enumerate() {
            if level_ids.insert(level.id.get_ref(), n).is_some() {
                self.report(
                    file,
                    level.id.span(),
                    Problem::Duplicate {
                        kind: "level",
                        name: level.id.get_ref().clone(),
                        other: "this file".into(),
                    },
                );
            }
        }
        let mut fw = Framework {
            id,
            slug: rec.slug.clone(),
            file: rec.file.clone(),
            ctid: ctid.clone(),
            name: raw.name.get_ref().clone(),
            publisher,
            language: self.language(file, raw.language.as_ref()),
            summary: raw.summary.clone(),
            description_html: self.body(file, &rec.body_html),
            source_url: self.opt_link(file, raw.source_url.as_ref(), LinkKinds::Web),
            date_created: raw.date_created.as_ref().and_then(|d| self.date(file, d)),
            date_modified: raw.date_modified.as_ref().and_then(|d| self.date(file, d)),
            levels: raw
                .levels
                .iter()
                .map(|l| Level {
                    id: l.id.get_ref().clone(),
                    name: l.name.clone(),
                    description: l.description.clone(),
                })
                .collect(),
            top: vec![],
            all: vec![],
        };
        let mut codes: HashMap<String, ()> = HashMap::new();
        let mut stack: Vec<(&RawCompetency, Option<CompetencyId>, usize)> = raw
            .competencies
            .iter()
            .rev()
            .map(|c| (c, None, 1))
            .collect();
        // Competency code → URL segment, to catch two codes that share one page address.
        let mut slugs: HashMap<String, String> = HashMap::new();
        while let Some((c, parent, depth)) = stack.pop() {
            let cid = CompetencyId(all.len() as u32);
            let code = c.code.get_ref().clone();
            if depth > MAX_COMPETENCY_DEPTH {
                self.report(
                    file,
                    c.code.span(),
                    Problem::Invalid {
                        message: format!(
                            "competency `{code}` is nested {depth} levels deep; at most {MAX_COMPETENCY_DEPTH} are allowed"
                        ),
                        help: "flatten the framework: real frameworks use a handful of levels (domain, competency, sub-competency)".into(),
                    },
                );
                continue;
            }
            let slug = crate::load::markdown::slugify(&code);
            if let Some(other) = slugs.insert(slug.clone(), code.clone()) {
                if other != code {
                    self.report(
                        file,
                        c.code.span(),
                        Problem::Invalid {
                            message: format!(
                                "competency codes `{other}` and `{code}` would share one page address (…/{slug}/)"
                            ),
                            help: "codes are compared with punctuation folded to dashes and letters to lowercase: change one of the two".into(),
                        },
                    );
                }
            }
            let code_ok = !code.is_empty()
                && code
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ".-_".contains(ch));
            if !code_ok {
                self.report(
                    file,
                    c.code.span(),
                    Problem::Malformed {
                        what: "competency code",
                        value: code.clone(),
                        expected: "letters, digits, `.`, `-` and `_`, such as DA.1.2",
                    },
                );
            }
            if codes.insert(code.clone(), ()).is_some() {
                self.report(
                    file,
                    c.code.span(),
                    Problem::Duplicate {
                        kind: "competency code",
                        name: code.clone(),
                        other: "this framework".into(),
                    },
                );
            }
            let comp_ctid = match &c.ctid {
                Some(v) => self.ctid(file, v, format!("competency `{}/{code}`", rec.slug)),
                None => derived_ctid(&ctid, &code),
            };
            let level = c
                .level
                .as_ref()
                .and_then(|l| match level_ids.get(l.get_ref().as_str()) {
                    Some(n) => Some(*n),
                    None => {
                        let names = raw.levels.iter().map(|x| x.id.get_ref());
                        self.report(
                            file,
                            l.span(),
                            Problem::UnknownReference {
                                kind: "level",
                                name: l.get_ref().clone(),
                                suggestion: refs::suggest(l.get_ref(), names),
                            },
                        );
                        None
                    }
                });
            all.push(Competency {
                id: cid,
                framework: id,
                slug,
                code,
                ctid: comp_ctid,
                label: c.label.clone(),
                statement: c.statement.clone(),
                skill: c.skill.clone(),
                level,
                category: c.category.clone(),
                tasks: c.tasks.clone(),
                parent,
                children: vec![],
                certified_by: vec![],
            });
            match parent {
                Some(p) => all[p.index()].children.push(cid),
                None => fw.top.push(cid),
            }
            fw.all.push(cid);
            stack.extend(c.children.iter().rev().map(|ch| (ch, Some(cid), depth + 1)));
        }
        fw
    }

    /// What a credential claims for itself alone, its CTID and its aliases, in catalog
    /// order: the first claim wins and a later one is reported, so these are made one
    /// credential after the other, before the rest ([`Resolver::credential`]) in parallel.
    fn claim(&mut self, rec: &Record<RawCredential>) -> Claimed {
        let (raw, file) = (&rec.raw, rec.file.as_path());
        Claimed {
            ctid: self.ctid(file, &raw.ctid, format!("credential `{}`", rec.slug)),
            aliases: self.aliases(file, &rec.slug, &raw.aliases),
        }
    }

    /// [`Resolver::claim`], then [`Resolver::credential`]: one credential alone (a patch).
    fn claim_and_resolve(
        &mut self,
        id: CredentialId,
        rec: &Record<RawCredential>,
        codes: &refs::CompetencyCodes,
    ) -> Credential {
        let claimed = self.claim(rec);
        self.credential(id, rec, codes, claimed)
    }

    /// Every credential, `claims[i]` being the `i`th one's: claimed one after the other,
    /// resolved in parallel, each part by a [`Resolver::fork`] whose problems follow in
    /// order, so the problems come out as a serial resolve reports them.
    fn credentials(
        &mut self,
        claims: Vec<Claimed>,
        codes: &refs::CompetencyCodes,
    ) -> Vec<Credential> {
        use rayon::prelude::*;
        // A few parts per thread: enough to even out, few enough that each fork's copies
        // (the file paths, the credential CTIDs) cost nothing beside the work.
        let part = claims
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(256);
        let this = &*self;
        let parts: Vec<(Vec<Credential>, Vec<Diagnostic>)> = claims
            .into_par_iter()
            .enumerate()
            .chunks(part)
            .map(|chunk| {
                let mut fork = this.fork();
                let resolved = chunk
                    .into_iter()
                    .map(|(i, claimed)| {
                        fork.credential(CredentialId(i as u32), this.creds[i], codes, claimed)
                    })
                    .collect();
                (resolved, fork.diags)
            })
            .collect();
        let mut credentials = Vec::with_capacity(self.creds.len());
        for (resolved, diags) in parts {
            credentials.extend(resolved);
            self.diags.extend(diags);
        }
        credentials
    }

    /// Resolves one credential, which gets `id` and what it `claimed`: in a full resolve,
    /// and for a patch.
    fn credential(
        &mut self,
        id: CredentialId,
        rec: &Record<RawCredential>,
        codes: &refs::CompetencyCodes,
        claimed: Claimed,
    ) -> Credential {
        let (raw, file) = (&rec.raw, rec.file.as_path());
        let Claimed { ctid, aliases } = claimed;
        let kind = self.vocab(
            file,
            &raw.kind,
            "credential type",
            CredentialType::parse,
            CredentialType::keys,
        );
        let status = self.vocab(
            file,
            &raw.status,
            "status",
            CredentialStatus::parse,
            CredentialStatus::keys,
        );
        let owners: &[Spanned<String>] = raw.owned_by.as_ref().map_or(&[], |o| o.get_ref());
        match &raw.owned_by {
            None => self.report(
                file,
                raw.name.span(),
                Problem::MissingField { field: "owned_by" },
            ),
            Some(list) if list.get_ref().is_empty() => self.report(
                file,
                list.span(),
                Problem::Invalid {
                    message: "owned_by lists no organization".into(),
                    help: "name the organization that owns the credential, e.g. owned_by = [\"northfield-college\"] (its file name under content/organizations/)".into(),
                },
            ),
            Some(_) => {}
        }
        let owned_by = self.orgs(file, owners);
        let offered_by = if raw.offered_by.is_empty() {
            owned_by.clone()
        } else {
            self.orgs(file, &raw.offered_by)
        };
        let accredited_by = self.orgs(file, &raw.accredited_by);
        let competencies = raw
            .competencies
            .iter()
            .filter_map(|c| match codes.find(c.get_ref()) {
                Ok(id) => Some(id),
                Err(problem) => {
                    self.report(file, c.span(), problem);
                    None
                }
            })
            .collect();
        let estimated_hours = raw.estimated_hours.as_ref().and_then(|h| {
            self.check(file, h, |v| {
                (*v > 0.0 && v.is_finite())
                    .then_some(*v)
                    .ok_or(Problem::Malformed {
                        what: "number of hours",
                        value: v.to_string(),
                        expected: "a positive number",
                    })
            })
        });
        let duration = raw
            .duration
            .as_ref()
            .and_then(|d| self.check(file, d, |v| validate::duration(v)));
        let audience_levels = self.vocab_list(
            file,
            &raw.audience_level,
            "audience level",
            AudienceLevel::parse,
            AudienceLevel::keys,
        );
        let delivery = self.vocab_list(
            file,
            &raw.delivery,
            "delivery",
            Delivery::parse,
            Delivery::keys,
        );
        let prerequisites = self.creds(file, &raw.prerequisites);
        let recommended = self.creds(file, &raw.recommended);
        let stacks_into = self.creds(file, &raw.stacks_into);
        for (list, field) in [
            (&raw.prerequisites, "prerequisites"),
            (&raw.stacks_into, "stacks_into"),
            (&raw.recommended, "recommended"),
        ] {
            for v in list.iter().filter(|v| v.get_ref() == &rec.slug) {
                self.report(
                    file,
                    v.span(),
                    Problem::Cycle {
                        relation: field_relation(field),
                        cycle: vec![rec.slug.clone(), rec.slug.clone()],
                    },
                );
            }
        }
        let date_effective = raw.date_effective.as_ref().and_then(|d| self.date(file, d));
        let assessment = raw.assessment.as_ref().map(|a| Assessment {
            methods: self.vocab_list(
                file,
                &a.method,
                "assessment method",
                AssessmentMethod::parse,
                AssessmentMethod::keys,
            ),
            description: a.description.clone(),
            rubric: a.rubric.clone(),
            mastery_threshold: a.mastery_threshold.clone(),
            proctored: a.proctored,
            identity_verified: a.identity_verified,
            retake_policy: a.retake_policy.clone(),
            remediation: a.remediation.clone(),
            validation: a
                .validation
                .iter()
                .filter_map(|v| self.validation(file, v))
                .collect(),
        });
        let costs = raw
            .costs
            .iter()
            .filter_map(|c| self.cost(file, c))
            .collect();
        let credit = raw.credit.as_ref().and_then(|c| {
            let unit = self.vocab(
                file,
                &c.unit,
                "credit unit",
                CreditUnit::parse,
                CreditUnit::keys,
            )?;
            let value = self.check(file, &c.value, |v| non_negative(*v, "credit value"))?;
            Some(Credit { value, unit })
        });
        let occupations = self.coded(file, &raw.occupations, validate::onet);
        let industries = self.coded(file, &raw.industries, validate::naics);
        let mut cip: Vec<String> = raw
            .cip
            .iter()
            .filter_map(|c| self.check(file, c, |v| validate::cip(v)))
            .collect();
        cip.dedup();
        let version = raw.version.as_ref().map(|v| Version {
            identifier: v.identifier.clone(),
            bridge: v.bridge.clone(),
            history: v
                .history
                .iter()
                .filter_map(|h| {
                    Some(VersionEntry {
                        identifier: h.identifier.clone(),
                        date: self.date(file, &h.date)?,
                        changes: h.changes.clone(),
                        bridge: h.bridge.clone(),
                    })
                })
                .collect(),
        });
        let supersedes = raw
            .version
            .as_ref()
            .and_then(|v| v.supersedes.as_ref())
            .and_then(|s| {
                let ctid = self.check(file, s, |v| validate::ctid(v))?;
                Some(match self.cred_ctids.get(&ctid.0) {
                    Some(id) => SupersededRef::InCatalog(id),
                    None => SupersededRef::External(ctid),
                })
            });
        let (summary, series) = match &raw.outcomes {
            Some(RawOutcomesField::Summary(o)) => (Some(&**o), &[][..]),
            Some(RawOutcomesField::Series(list)) => (None, &list[..]),
            None => (None, &[][..]),
        };
        let cohorts = self.cohorts(file, series);
        let governance = raw.governance.as_ref().map(|g| self.governance(file, g));
        let outcomes = summary.and_then(|o| {
            let mut rate = |v: &Option<Spanned<f64>>, what| {
                v.as_ref().and_then(|r| {
                    self.check(file, r, |x| {
                        (0.0..=1.0)
                            .contains(x)
                            .then_some(*x)
                            .ok_or(Problem::Malformed {
                                what,
                                value: x.to_string(),
                                expected: "a fraction from 0 to 1, e.g. 0.82 for 82%",
                            })
                    })
                })
            };
            let pass_rate = rate(&o.pass_rate, "pass rate");
            let completion_rate = rate(&o.completion_rate, "completion rate");
            let employment_rate = rate(&o.employment_rate, "employment rate");
            let median = o
                .median_weeks_to_complete
                .as_ref()
                .and_then(|w| self.check(file, w, |x| non_negative(*x, "number of weeks")));
            Some(Outcomes {
                holders: o.holders,
                pass_rate,
                completion_rate,
                employment_rate,
                median_weeks_to_complete: median,
                as_of: self.date(file, &o.as_of)?,
            })
        });
        Credential {
            aliases,
            id,
            slug: rec.slug.clone(),
            file: rec.file.clone(),
            ctid,
            name: raw.name.get_ref().clone(),
            kind: kind.unwrap_or(CredentialType::Badge),
            status: status.unwrap_or(CredentialStatus::Active),
            language: self.language(file, raw.language.as_ref()),
            owned_by,
            offered_by,
            accredited_by,
            summary: raw.summary.get_ref().clone(),
            description_html: self.body(file, &rec.body_html),
            skills: raw.skills.clone(),
            competencies,
            keywords: raw.keywords.clone(),
            image: self.opt_link(file, raw.image.as_ref(), LinkKinds::WebOrSitePath),
            estimated_hours,
            duration,
            audience_levels,
            delivery,
            prerequisites,
            recommended,
            stacks_into,
            date_effective,
            draft: raw.draft,
            assessment,
            costs,
            credit,
            occupations,
            industries,
            cip,
            version,
            outcomes,
            cohorts,
            governance,
            required_by: vec![],
            recommended_for: vec![],
            stacked_from: vec![],
            in_pathways: vec![],
            superseded_by: None,
            supersedes,
        }
    }

    /// `[[outcomes]]`: each cohort checked, sorted by period; two cohorts of one period and
    /// a series mixing period forms (years with quarters) are errors, since either would make
    /// the chart lie about what follows what.
    fn cohorts(&mut self, file: &Path, series: &[RawCohort]) -> Vec<Cohort> {
        let mut out: Vec<(Cohort, std::ops::Range<usize>)> = Vec::new();
        for raw in series {
            let Some(period) = self.check(file, &raw.period, |v| validate::period(v)) else {
                continue;
            };
            let cohort_size = raw.cohort_size.as_ref().and_then(|n| {
                self.check(file, n, |v| {
                    u64::try_from(*v).map_err(|_| Problem::Malformed {
                        what: "cohort size",
                        value: v.to_string(),
                        expected: "a whole number of learners, 0 or more",
                    })
                })
            });
            let fields = [
                (Indicator::PassRate, &raw.pass_rate),
                (Indicator::CompletionRate, &raw.completion_rate),
                (
                    Indicator::MedianWeeksToComplete,
                    &raw.median_weeks_to_complete,
                ),
                (Indicator::PlacementRate, &raw.placement_rate),
                (Indicator::Performance90Day, &raw.performance_90_day),
                (Indicator::Performance180Day, &raw.performance_180_day),
                (Indicator::Retention90Day, &raw.retention_90_day),
                (Indicator::Retention180Day, &raw.retention_180_day),
                (Indicator::EarningsLift, &raw.earnings_lift),
            ];
            let mut values = Vec::new();
            for (indicator, value) in fields {
                let Some(value) = value else { continue };
                if let Some(v) = self.check(file, value, |x| validate::indicator(indicator, *x)) {
                    values.push((indicator, v));
                }
            }
            if values.is_empty() {
                self.report(
                    file,
                    raw.period.span(),
                    Problem::Invalid {
                        message: format!("the {} cohort has no indicator", period.label()),
                        help: "add at least one of pass_rate, completion_rate, median_weeks_to_complete, placement_rate, performance_90_day, performance_180_day, retention_90_day, retention_180_day, earnings_lift — or remove the cohort".into(),
                    },
                );
            }
            let cohort = Cohort {
                label: period.label(),
                period,
                cohort_size,
                source: raw.source.clone(),
                values,
            };
            out.push((cohort, raw.period.span()));
        }
        if let Some((first, _)) = out.first() {
            let form = first.period.form();
            let first_label = first.label.clone();
            for (c, span) in &out[1..] {
                if c.period.form() != form {
                    self.report(
                        file,
                        span.clone(),
                        Problem::Invalid {
                            message: format!(
                                "period `{}` is a {}, but `{first_label}` is a {form}",
                                c.label,
                                c.period.form()
                            ),
                            help: format!(
                                "write every period of the series as a {form}, so the cohorts share one time axis"
                            ),
                        },
                    );
                }
            }
        }
        out.sort_by_key(|(c, _)| (c.period.start(), c.period.end()));
        for pair in out.windows(2) {
            let (a, b) = (&pair[0].0, &pair[1]);
            if b.0.period.start() <= a.period.end() && b.0.period.form() == a.period.form() {
                self.report(
                    file,
                    b.1.clone(),
                    Problem::Invalid {
                        message: format!(
                            "period `{}` overlaps the cohort `{}`",
                            b.0.label, a.label
                        ),
                        help:
                            "give each cohort its own period; merge the two cohorts if they are one"
                                .into(),
                    },
                );
            }
        }
        out.into_iter().map(|(c, _)| c).collect()
    }

    fn governance(&mut self, file: &Path, g: &RawGovernance) -> Governance {
        let approved_by = g
            .approved_by
            .as_ref()
            .and_then(|v| self.lookup(file, v, "organization", |r| &r.index.organizations));
        let last_reviewed = g.last_reviewed.as_ref().and_then(|d| self.date(file, d));
        let review_every_months = g.review_every_months.as_ref().and_then(|n| {
            self.check(file, n, |v| {
                u32::try_from(*v)
                    .ok()
                    .filter(|m| (1..=120).contains(m))
                    .ok_or(Problem::Malformed {
                        what: "review cadence",
                        value: v.to_string(),
                        expected:
                            "a whole number of months from 1 to 120, e.g. 12 for a yearly review",
                    })
            })
        });
        Governance {
            approved_by,
            last_reviewed,
            review_every_months,
            advisory_board: self.orgs(file, &g.advisory_board),
            recognized_by: self.orgs(file, &g.recognized_by),
            process: g.process.clone(),
            review_span: g
                .last_reviewed
                .as_ref()
                .map(|d| d.span())
                .or_else(|| g.review_every_months.as_ref().map(|n| n.span())),
        }
    }

    fn validation(&mut self, file: &Path, v: &RawValidation) -> Option<Validation> {
        let skill_type = self.vocab(
            file,
            &v.skill_type,
            "skill type",
            SkillType::parse,
            SkillType::keys,
        );
        let methods = self.vocab_list(
            file,
            &v.method,
            "assessment method",
            AssessmentMethod::parse,
            AssessmentMethod::keys,
        );
        let last_validated = v.last_validated.as_ref().and_then(|d| self.date(file, d));
        Some(Validation {
            skill_type: skill_type?,
            methods,
            evidence: v.evidence.clone(),
            last_validated,
        })
    }

    fn cost(&mut self, file: &Path, c: &RawCost) -> Option<Cost> {
        let amount = self.check(file, &c.amount, |v| non_negative(*v, "amount"));
        let currency = self.check(file, &c.currency, |v| validate::currency(v));
        let kind = self.vocab(file, &c.kind, "cost kind", CostKind::parse, CostKind::keys);
        Some(Cost {
            amount: amount?,
            currency: currency?,
            kind: kind?,
            description: c.description.clone(),
        })
    }

    fn coded(
        &mut self,
        file: &Path,
        list: &[RawCoded],
        check: fn(&str) -> Result<String, Problem>,
    ) -> Vec<Coded> {
        list.iter()
            .filter_map(|c| {
                Some(Coded {
                    code: self.check(file, &c.code, |v| check(v))?,
                    title: c.title.clone(),
                })
            })
            .collect()
    }

    fn pathway(&mut self, i: usize) -> Pathway {
        let rec = self.pathways[i];
        let (raw, file) = (&rec.raw, rec.file.as_path());
        let ctid = self.ctid(file, &raw.ctid, format!("pathway `{}`", rec.slug));
        let owned_by = self.orgs(file, &raw.owned_by);
        let destination = self.cred(file, &raw.destination).unwrap_or(CredentialId(0));
        let mut stages = Vec::new();
        for stage in &raw.stages {
            if stage.credentials.get_ref().is_empty() {
                self.report(
                    file,
                    stage.credentials.span(),
                    Problem::Invalid {
                        message: format!("stage `{}` lists no credentials", stage.name),
                        help: "list the credentials that complete the stage, or remove the stage"
                            .into(),
                    },
                );
            }
            let credentials = self.creds(file, stage.credentials.get_ref());
            let require = match &stage.require {
                None => Require::All,
                Some(v) => {
                    match v.get_ref() {
                        toml::Value::String(s) if s == "all" => Require::All,
                        toml::Value::Integer(n)
                            if *n >= 1 && (*n as usize) <= stage.credentials.get_ref().len() =>
                        {
                            Require::AnyOf(*n as u32)
                        }
                        other => {
                            self.report(
                            file,
                            v.span(),
                            Problem::Invalid {
                                message: format!("`require = {other}` does not fit a stage of {} credentials", stage.credentials.get_ref().len()),
                                help: format!("use \"all\" or a number from 1 to {}", stage.credentials.get_ref().len()),
                            },
                        );
                            Require::All
                        }
                    }
                }
            };
            stages.push(Stage {
                name: stage.name.clone(),
                credentials,
                require,
            });
        }
        if raw.stages.is_empty() {
            self.report(
                file,
                raw.name.span(),
                Problem::Invalid {
                    message: "a pathway needs at least one stage".into(),
                    help: "add [[stages]] with name and credentials".into(),
                },
            );
        }
        Pathway {
            id: PathwayId(i as u32),
            slug: rec.slug.clone(),
            file: rec.file.clone(),
            ctid,
            name: raw.name.get_ref().clone(),
            summary: raw.summary.clone(),
            description_html: self.body(file, &rec.body_html),
            owned_by,
            destination,
            stages,
        }
    }

    fn award(&mut self, i: usize) -> Award {
        let (file, raw) = self.awards[i];
        let id = raw.id.get_ref().clone();
        // It names a folder of the site: file systems stop at 255 bytes.
        let id_ok = !id.is_empty()
            && id.len() <= MAX_AWARD_ID
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            self.report(
                file,
                raw.id.span(),
                Problem::Malformed {
                    what: "award id",
                    value: id.clone(),
                    expected: "at most 100 letters, digits, `-` and `_` (it becomes a URL)",
                },
            );
        }
        // Awards are resolved in order: the map holds every earlier id (a scan of the earlier
        // awards was quadratic, 5·10⁹ comparisons at 100,000 awards).
        if let Some(other) = self.award_ids.insert(raw.id.get_ref().as_str(), file) {
            let other = other.display().to_string();
            self.report(
                file,
                raw.id.span(),
                Problem::Duplicate {
                    kind: "award id",
                    name: id.clone(),
                    other,
                },
            );
        }
        let recipient = self.recipient(file, raw);
        let issued = self.date(file, &raw.issued);
        let today = jiff::Zoned::now().date();
        if let Some(d) = issued.filter(|d| *d > today) {
            self.report(
                file,
                raw.issued.span(),
                Problem::Invalid {
                    message: format!("award `{id}` is issued on {d}, after today ({today})"),
                    help: "a badge cannot be awarded before it is earned: use the date it was earned, or add the award on that day".into(),
                },
            );
        }
        let expires = raw.expires.as_ref().and_then(|e| self.date(file, e));
        if let (Some(i), Some(e)) = (issued, expires) {
            if e <= i {
                self.report(
                    file,
                    raw.expires.as_ref().map_or(0..0, |e| e.span()),
                    Problem::Invalid {
                        message: format!("expires ({e}) is not after issued ({i})"),
                        help: "fix one of the two dates".into(),
                    },
                );
            }
        }
        Award {
            id,
            file: file.to_path_buf(),
            credential: self.cred(file, &raw.credential).unwrap_or(CredentialId(0)),
            public_name: (raw.publish_name && !raw.recipient_name.is_empty())
                .then(|| raw.recipient_name.clone()),
            recipient,
            issued: issued.unwrap_or_default(),
            expires,
            evidence_url: self.opt_link(file, raw.evidence_url.as_ref(), LinkKinds::WebOrSitePath),
            evidence_narrative: raw.evidence_narrative.clone(),
            revoked: raw.revoked,
            revocation_reason: raw.revocation_reason.clone(),
        }
    }

    /// The recipient of an award: an email (older files), or the salted hash `credcat issue`
    /// writes. Values are never echoed: they are personal data.
    fn recipient(&mut self, file: &Path, raw: &RawAward) -> Recipient {
        let row = raw.id.span();
        match (
            &raw.recipient_email,
            &raw.recipient_hash,
            &raw.recipient_salt,
        ) {
            (Some(_), Some(h), _) => {
                self.report(
                    file,
                    h.span(),
                    Problem::Invalid {
                        message: "the award names its recipient twice: by email and by hash".into(),
                        help: "keep recipient_hash and recipient_salt and remove recipient_email (the hash is what the badge carries)".into(),
                    },
                );
                Recipient::default()
            }
            (Some(email), None, _) => {
                if validate::email(email.get_ref().trim()).is_err() {
                    self.report(
                        file,
                        email.span(),
                        Problem::Invalid {
                            message: "recipient_email is not an email address".into(),
                            help: "write it as name@example.org (letters, digits and . _ + - before the @, a domain with a dot after it)".into(),
                        },
                    );
                }
                Recipient::Email(Email::new(email.get_ref()))
            }
            (None, Some(hash), Some(salt)) => {
                let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
                let hash_ok = hash
                    .get_ref()
                    .strip_prefix("sha256$")
                    .is_some_and(|h| h.len() == 64 && hex(h));
                if !hash_ok {
                    self.report(
                        file,
                        hash.span(),
                        Problem::Invalid {
                            message: "recipient_hash is not a salted SHA-256 hash".into(),
                            help: "it is `sha256$` and 64 hex digits, as `credcat issue` writes it; re-issue the award from the recipients' CSV".into(),
                        },
                    );
                }
                let salt_ok = (8..=128).contains(&salt.get_ref().len())
                    && salt.get_ref().chars().all(|c| c.is_ascii_alphanumeric());
                if !salt_ok {
                    self.report(
                        file,
                        salt.span(),
                        Problem::Invalid {
                            message: "recipient_salt must be 8 to 128 letters and digits".into(),
                            help: "keep the salt `credcat issue` wrote with the hash: the hash is made with it".into(),
                        },
                    );
                }
                Recipient::Hashed {
                    hash: hash.get_ref().to_ascii_lowercase(),
                    salt: salt.get_ref().clone(),
                }
            }
            (None, Some(hash), None) => {
                self.report(
                    file,
                    hash.span(),
                    Problem::MissingField {
                        field: "recipient_salt",
                    },
                );
                Recipient::default()
            }
            (None, None, _) => {
                self.report(
                    file,
                    row,
                    Problem::MissingField {
                        field: "recipient_email",
                    },
                );
                Recipient::default()
            }
        }
    }

    /// Reports every cycle of prerequisites / stacking, at the reference that closes it.
    fn check_cycles(&mut self, catalog: &Catalog) {
        let graph = crate::derive::stack::StackGraph::build(catalog);
        for cycle in graph.cycles() {
            let (first, second) = (cycle[0], cycle[1 % cycle.len()]);
            let names: Vec<String> = cycle
                .iter()
                .chain(std::iter::once(&first))
                .map(|c| catalog.credential(*c).slug.clone())
                .collect();
            // The edge first → second is written either as second's prerequisite or first's stacks_into.
            let (rec, target) = (self.creds[second.index()], &catalog.credential(first).slug);
            let span = rec
                .raw
                .prerequisites
                .iter()
                .find(|p| p.get_ref() == target)
                .map(|p| p.span())
                .or_else(|| {
                    let rec = self.creds[first.index()];
                    let target = &catalog.credential(second).slug;
                    rec.raw
                        .stacks_into
                        .iter()
                        .find(|p| p.get_ref() == target)
                        .map(|p| p.span())
                });
            let file = if rec.raw.prerequisites.iter().any(|p| p.get_ref() == target) {
                rec.file.clone()
            } else {
                self.creds[first.index()].file.clone()
            };
            self.diags.push(Diagnostic::new(
                file,
                span,
                Problem::Cycle {
                    relation: "prerequisite/stacking",
                    cycle: names,
                },
            ));
        }
    }
}

fn field_relation(field: &str) -> &'static str {
    match field {
        "prerequisites" => "prerequisite",
        "stacks_into" => "stacking",
        _ => "recommendation",
    }
}

fn non_negative(v: f64, what: &'static str) -> Result<f64, Problem> {
    if v >= 0.0 && v.is_finite() {
        Ok(v)
    } else {
        Err(Problem::Malformed {
            what,
            value: v.to_string(),
            expected: "a number of 0 or more",
        })
    }
}

/// A competency without its own CTID gets one derived from its framework's CTID and its
/// code, so it stays the same across builds and machines.
fn derived_ctid(framework: &Ctid, code: &str) -> Ctid {
    let ns = framework
        .0
        .strip_prefix("ce-")
        .and_then(|u| uuid::Uuid::try_parse(u).ok())
        .unwrap_or(uuid::Uuid::NAMESPACE_URL);
    Ctid(format!("ce-{}", uuid::Uuid::new_v5(&ns, code.as_bytes())))
}

/// Fills every back-reference from the forward ones: a credential's links by the list in
/// [`back_refs`] (which a patch walks too), then `superseded_by` and what frameworks and
/// pathways link back.
fn link_back(c: &mut Catalog) {
    back_refs::fill(c);
    for i in 0..c.credentials.len() {
        // The last credential in id order naming the same one wins.
        if let Some(SupersededRef::InCatalog(old)) = c.credentials[i].supersedes {
            c.credentials[old.index()].superseded_by = Some(c.credentials[i].id);
        }
    }
    for f in 0..c.frameworks.len() {
        if let Some(p) = c.frameworks[f].publisher {
            c.organizations[p.index()]
                .frameworks
                .push(FrameworkId(f as u32));
        }
    }
    for p in 0..c.pathways.len() {
        let pid = PathwayId(p as u32);
        let mut members: Vec<CredentialId> = c.pathways[p]
            .stages
            .iter()
            .flat_map(|s| s.credentials.iter().copied())
            .collect();
        members.push(c.pathways[p].destination);
        members.sort();
        members.dedup();
        for m in members {
            c.credentials[m.index()].in_pathways.push(pid);
        }
        for o in c.pathways[p].owned_by.clone() {
            c.organizations[o.index()].pathways.push(pid);
        }
    }
}
