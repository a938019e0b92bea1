//! The back-references a credential's links make, declared once ([`each`]): the full resolve
//! fills them for every credential ([`fill`]) and a patch moves those of the credentials it
//! replaces ([`relink`]), both by walking the same list, so the two cannot disagree on which
//! back-list a link feeds or how it counts.
//!
//! Every back-list is sorted by credential id. A credential appears in it once per reference
//! it makes ([`Entries::PerReference`]: listing a prerequisite twice requires it twice) or
//! once however often it refers ([`Entries::PerCredential`]: `certified_by`).
//!
//! Not here: `superseded_by` (one slot, that the last credential in id order naming the same
//! one fills, so a patch refuses an edit of `version.supersedes`) and what pathways and
//! frameworks link back (`in_pathways`, an organization's `pathways` and `frameworks`): a
//! patch changes credentials only.

use crate::model::{Catalog, CompetencyId, Credential, CredentialId, OrgId};

/// How often a credential appears in a back-list.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Entries {
    /// Once per reference it makes.
    PerReference,
    /// Once, however often it refers.
    PerCredential,
}

/// One kind of link a credential makes and the back-list it feeds on what it links to.
pub(super) struct Link<T> {
    /// The credential's own list of targets.
    pub forward: fn(&Credential) -> &[T],
    /// The list on a target that names the credentials linking to it.
    pub back: fn(&mut Catalog, T) -> &mut Vec<CredentialId>,
    pub entries: Entries,
}

/// Something done with each kind of [`Link`].
pub(super) trait Visit {
    fn link<T: Copy + PartialEq>(&mut self, link: Link<T>);
}

/// Hands `visit` every kind of link a credential makes that has a back-reference.
pub(super) fn each(visit: &mut impl Visit) {
    use Entries::*;
    visit.link(Link {
        forward: |c| &c.prerequisites,
        back: |c, t: CredentialId| &mut c.credentials[t.index()].required_by,
        entries: PerReference,
    });
    visit.link(Link {
        forward: |c| &c.recommended,
        back: |c, t: CredentialId| &mut c.credentials[t.index()].recommended_for,
        entries: PerReference,
    });
    visit.link(Link {
        forward: |c| &c.stacks_into,
        back: |c, t: CredentialId| &mut c.credentials[t.index()].stacked_from,
        entries: PerReference,
    });
    visit.link(Link {
        forward: |c| &c.competencies,
        back: |c, k: CompetencyId| &mut c.competencies[k.index()].certified_by,
        entries: PerCredential,
    });
    visit.link(Link {
        forward: |c| &c.owned_by,
        back: |c, o: OrgId| &mut c.organizations[o.index()].owns,
        entries: PerReference,
    });
    visit.link(Link {
        forward: |c| &c.offered_by,
        back: |c, o: OrgId| &mut c.organizations[o.index()].offers,
        entries: PerReference,
    });
    visit.link(Link {
        forward: |c| &c.accredited_by,
        back: |c, o: OrgId| &mut c.organizations[o.index()].accredits,
        entries: PerReference,
    });
}

/// Fills every credential back-list from the credentials' links (the lists start empty).
pub(super) fn fill(catalog: &mut Catalog) {
    struct Fill<'c>(&'c mut Catalog);
    impl Visit for Fill<'_> {
        fn link<T: Copy + PartialEq>(&mut self, link: Link<T>) {
            // Taken out first: a back-list may live on a credential too.
            let pairs: Vec<(T, CredentialId)> = self
                .0
                .credentials
                .iter()
                .flat_map(|c| (link.forward)(c).iter().map(move |t| (*t, c.id)))
                .collect();
            // Credentials come in id order, so a repeat of the same credential can only be
            // the last entry: no scan of the list, which made a competency certified by
            // every credential quadratic.
            for (target, id) in pairs {
                let list = (link.back)(self.0, target);
                if link.entries == Entries::PerReference || list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
    }
    each(&mut Fill(catalog));
}

/// Moves the back-references made by credential `old.id` from what `old` links to, to what
/// the catalog's version of it links to, keeping each back-list as [`fill`] makes it.
pub(super) fn relink(catalog: &mut Catalog, old: &Credential) {
    struct Move<'c> {
        catalog: &'c mut Catalog,
        old: &'c Credential,
    }
    impl Visit for Move<'_> {
        fn link<T: Copy + PartialEq>(&mut self, link: Link<T>) {
            let id = self.old.id;
            let before = (link.forward)(self.old);
            // A short list, copied so that the targets can change while it is read.
            let now = (link.forward)(self.catalog.credential(id)).to_vec();
            if before == now.as_slice() {
                return;
            }
            for t in before {
                let list = (link.back)(self.catalog, *t);
                if let Ok(at) = list.binary_search(&id) {
                    list.remove(at);
                }
            }
            for t in now {
                let list = (link.back)(self.catalog, t);
                let at = list.partition_point(|x| *x < id);
                if link.entries == Entries::PerReference || list.get(at) != Some(&id) {
                    list.insert(at, id);
                }
            }
        }
    }
    each(&mut Move { catalog, old });
}
