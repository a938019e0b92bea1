#!/usr/bin/env python3
"""Stdlib-only checker for the credcat content format (docs/FORMAT.md).

Usage: python3 bench/check_format.py DIR [--quiet]

DIR is a catalog folder (site-config.toml + content/). Every problem is printed as
`file:line:col: error|warning: message`; the exit code is 1 when there is an error.
This is a safety net for content authors and the benchmark generator; the real
validation lives in the Rust loader/resolver.

Where FORMAT.md is silent, this checker assumes:
- required: config base_url, title; credential ctid, name, type, status, owned_by, summary;
  framework ctid, name, publisher, competencies; competency code, label, statement (and
  level must be one of the framework's [[levels]] ids); level id, name; organization ctid,
  name, kind, url; pathway ctid, name, destination, stages; stage name, credentials;
  cost amount, currency; credit value, unit; occupation/industry code; version identifier;
  history identifier, date; award id, credential, recipient_name, recipient_email, issued.
- CTIDs are unique across all resources, including explicit competency ctids.
- a pathway destination may not appear in its stages; a credential appears in one stage only;
  a numeric `require` is between 1 and the number of credentials in the stage.
- version.supersedes names a CTID; outside the catalog it is a warning, not an error.
- award ids use letters, digits, . - _ (they become URLs) and are unique across files;
  CSV booleans are true/false, empty cells mean "absent"; expires must be after issued.
- a revoked award should have a revocation_reason (warning).
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
import sys
import tomllib

CTID_RE = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CODE_RE = re.compile(r"^[A-Za-z0-9._-]+$")
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
DUR_RE = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
SOC_RE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")
NAICS_RE = re.compile(r"^\d{2,6}$")
CIP_RE = re.compile(r"^\d{2}\.\d{4}$")
CUR_RE = re.compile(r"^[A-Z]{3}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_RE = re.compile(r"^https?://[^\s]+$")
AWARD_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

CRED_TYPES = set("""Badge DigitalBadge OpenBadge MicroCredential Certificate
CertificateOfCompletion ApprenticeshipCertificate JourneymanCertificate MasterCertificate
Certification License Diploma SecondarySchoolDiploma GeneralEducationDevelopment Degree
AssociateDegree AssociateOfArtsDegree AssociateOfScienceDegree AssociateOfAppliedArtsDegree
AssociateOfAppliedScienceDegree BachelorDegree BachelorOfArtsDegree BachelorOfScienceDegree
MasterDegree MasterOfArtsDegree MasterOfScienceDegree DoctoralDegree ProfessionalDoctorate
ResearchDoctorate SpecialistDegree QualityAssuranceCredential""".split())
STATUSES = {"active", "deprecated", "suspended", "probationary", "ceasing", "teach-out"}
AUDIENCE = set("""beginner intermediate advanced professional secondary postsecondary
lower-division upper-division undergraduate graduate associates bachelors masters
doctoral""".split())
DELIVERY = {"online", "in-person", "blended", "variable-site"}
METHODS = {"exam", "artifact", "performance"}
COST_KINDS = set("""tuition application enrollment assessment reexamination learning-resource
technology renewal processing aggregate""".split())
CREDIT_UNITS = set("""semester-hours quarter-hours clock-hours contact-hours ceu degree-credit
certificate-credit competency-credit""".split())
ORG_KINDS = set("""college university employer accreditor training-provider certification-body
professional-association government""".split())
SECTORS = {"public", "private-nonprofit", "private-for-profit"}

# ---- schemas: key -> (type, required) -------------------------------------------------
# types: str, [str], num, int, bool, date, table:<schema>, [table]:<schema>, require
S = {
    "config": {
        "base_url": ("url", True), "title": ("str", True), "description": ("str", False),
        "language": ("lang", False), "publisher": ("str", False), "theme": ("str", False),
        "allow_raw_html": ("bool", False), "badges": ("table:badges", False),
    },
    "badges": {"key_file": ("str", False), "key_env": ("str", False)},
    "credential": {
        "ctid": ("ctid", True), "name": ("str", True), "type": ("str", True),
        "status": ("str", True), "language": ("lang", False), "owned_by": ("[str]", True),
        "offered_by": ("[str]", False), "accredited_by": ("[str]", False),
        "summary": ("str", True), "skills": ("[str]", False), "competencies": ("[str]", False),
        "keywords": ("[str]", False), "image": ("str", False), "estimated_hours": ("pos", False),
        "duration": ("dur", False), "audience_level": ("[str]", False),
        "delivery": ("[str]", False), "prerequisites": ("[str]", False),
        "recommended": ("[str]", False), "stacks_into": ("[str]", False),
        "date_effective": ("date", False), "draft": ("bool", False),
        "assessment": ("table:assessment", False), "costs": ("[table]:cost", False),
        "credit": ("table:credit", False), "occupations": ("[table]:occupation", False),
        "industries": ("[table]:industry", False), "cip": ("[str]", False),
        "version": ("table:version", False),
        "outcomes": ("table:outcomes", False),
    },
    "assessment": {
        "method": ("[str]", False), "description": ("str", False), "rubric": ("str", False),
        "mastery_threshold": ("str", False), "proctored": ("bool", False),
        "identity_verified": ("bool", False), "retake_policy": ("str", False),
    },
    "cost": {"amount": ("nonneg", True), "currency": ("str", True), "kind": ("str", False),
             "description": ("str", False)},
    "credit": {"value": ("pos", True), "unit": ("str", True)},
    "occupation": {"code": ("str", True), "title": ("str", False)},
    "industry": {"code": ("str", True), "title": ("str", False)},
    "version": {"identifier": ("str", True), "supersedes": ("ctid", False),
                "history": ("[table]:history", False)},
    "history": {"identifier": ("str", True), "date": ("date", True), "changes": ("str", False)},
    "outcomes": {"holders": ("int", False), "pass_rate": ("rate", False),
                 "completion_rate": ("rate", False), "employment_rate": ("rate", False),
                 "median_weeks_to_complete": ("pos", False), "as_of": ("date", False)},
    "framework": {
        "ctid": ("ctid", True), "name": ("str", True), "publisher": ("str", True),
        "language": ("lang", False), "summary": ("str", False), "source_url": ("url", False),
        "levels": ("[table]:level", False), "competencies": ("[table]:competency", True),
    },
    "level": {"id": ("str", True), "name": ("str", True), "description": ("str", False)},
    "competency": {
        "code": ("str", True), "label": ("str", True), "statement": ("str", True),
        "skill": ("str", False), "level": ("str", False), "category": ("str", False),
        "tasks": ("[str]", False), "ctid": ("ctid", False),
        "children": ("[table]:competency", False),
    },
    "organization": {
        "ctid": ("ctid", True), "name": ("str", True), "kind": ("str", True),
        "sector": ("str", False), "url": ("url", True), "email": ("email", False),
        "logo": ("str", False), "summary": ("str", False), "location": ("table:location", False),
    },
    "location": {"city": ("str", False), "region": ("str", False), "country": ("str", False)},
    "pathway": {
        "ctid": ("ctid", True), "name": ("str", True), "summary": ("str", False),
        "owned_by": ("[str]", False), "destination": ("str", True),
        "stages": ("[table]:stage", True),
    },
    "stage": {"name": ("str", True), "credentials": ("[str]", True), "require": ("require", False)},
    "award": {
        "id": ("str", True), "credential": ("str", True), "recipient_name": ("str", True),
        "publish_name": ("bool", False), "recipient_email": ("email", True),
        "issued": ("date", True), "expires": ("date", False), "evidence_url": ("url", False),
        "evidence_narrative": ("str", False), "revoked": ("bool", False),
        "revocation_reason": ("str", False),
    },
}


class Report:
    def __init__(self) -> None:
        self.errors = 0
        self.warnings = 0
        self.lines: list[str] = []

    def err(self, f: "Src", key: str | None, msg: str) -> None:
        self.errors += 1
        self.lines.append(f"{f.loc(key)}: error: {msg}")

    def warn(self, f: "Src", key: str | None, msg: str) -> None:
        self.warnings += 1
        self.lines.append(f"{f.loc(key)}: warning: {msg}")


class Src:
    """A file with the text of its TOML part, to locate keys approximately."""

    def __init__(self, path: str, toml_lines: list[str], line_offset: int) -> None:
        self.path = path
        self.toml_lines = toml_lines
        self.offset = line_offset

    def loc(self, key: str | None) -> str:
        if key:
            last = key.split(".")[-1].split("[")[0]
            pat = re.compile(r"^\s*(\[\[?)?\s*" + re.escape(last) + r"\b")
            for i, ln in enumerate(self.toml_lines):
                if pat.match(ln):
                    col = len(ln) - len(ln.lstrip()) + 1
                    return f"{self.path}:{i + 1 + self.offset}:{col}"
        return f"{self.path}:{1 + self.offset}:1"


def as_date(v):
    if isinstance(v, dt.datetime):
        return None
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and DATE_RE.match(v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def check_value(rep: Report, src: Src, path: str, typ: str, v) -> None:
    def bad(what: str) -> None:
        rep.err(src, path, f"`{path}` must be {what}, found {type(v).__name__} {v!r:.60}")

    if typ.startswith("table:"):
        if not isinstance(v, dict):
            return bad("a table")
        check_table(rep, src, path, typ[6:], v)
    elif typ.startswith("[table]:"):
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            return bad("an array of tables")
        for i, x in enumerate(v):
            check_table(rep, src, f"{path}[{i}]", typ[8:], x)
    elif typ == "str":
        if not isinstance(v, str):
            return bad("a string")
        if not v.strip():
            rep.err(src, path, f"`{path}` is empty")
    elif typ == "[str]":
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            return bad("an array of strings")
        if len(set(v)) != len(v):
            rep.err(src, path, f"`{path}` lists the same value twice")
        if any(not x.strip() for x in v):
            rep.err(src, path, f"`{path}` has an empty string")
    elif typ == "bool":
        if not isinstance(v, bool):
            return bad("true or false")
    elif typ in ("num", "pos", "nonneg", "rate", "int"):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return bad("a number")
        if typ == "pos" and not v > 0:
            bad("a number > 0")
        if typ == "nonneg" and v < 0:
            bad("a number >= 0")
        if typ == "rate" and not 0 <= v <= 1:
            bad("a fraction between 0 and 1")
        if typ == "int" and (not isinstance(v, int) or v < 0):
            bad("a whole number >= 0")
    elif typ == "date":
        if as_date(v) is None:
            bad('a date (TOML date or "YYYY-MM-DD")')
    elif typ == "ctid":
        if not isinstance(v, str) or not CTID_RE.match(v):
            bad("`ce-` + a lowercase UUID")
    elif typ == "url":
        if not isinstance(v, str) or not URL_RE.match(v):
            bad("an absolute http(s) URL")
    elif typ == "email":
        if not isinstance(v, str) or not EMAIL_RE.match(v):
            bad("an email address")
    elif typ == "lang":
        if not isinstance(v, str) or not LANG_RE.match(v):
            bad("a BCP 47 language tag (en-US)")
    elif typ == "dur":
        if not isinstance(v, str) or not DUR_RE.match(v):
            bad("an ISO 8601 duration (P8W, P3M, PT40H)")
    elif typ == "require":
        if isinstance(v, str):
            if v != "all":
                bad('"all" or a number')
        elif isinstance(v, bool) or not isinstance(v, int) or v < 1:
            bad('"all" or a whole number >= 1')
    else:
        raise AssertionError(typ)


def check_table(rep: Report, src: Src, path: str, schema: str, t: dict) -> None:
    spec = S[schema]
    prefix = f"{path}." if path else ""
    for k, v in t.items():
        if k not in spec:
            rep.err(src, prefix + k, f"unknown key `{prefix}{k}` (allowed: {', '.join(spec)})")
            continue
        check_value(rep, src, prefix + k, spec[k][0], v)
    for k, (_, req) in spec.items():
        if req and k not in t:
            rep.err(src, path or None, f"missing required key `{prefix}{k}`")


def enum(rep, src, key, vals, allowed, label):
    if vals is None:
        return
    for x in vals if isinstance(vals, list) else [vals]:
        if isinstance(x, str) and x not in allowed:
            rep.err(src, key, f"`{key}` value {x!r} is not a valid {label} "
                              f"(one of: {', '.join(sorted(allowed))})")


def read_front_matter(rep: Report, path: str):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    lines = text.split("\n")
    src = Src(path, [], 1)
    if not lines or lines[0].rstrip("\r") != "+++":
        rep.err(src, None, "file must start with a line that is exactly `+++`")
        return None, None, src
    end = None
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r") == "+++":
            end = i
            break
    if end is None:
        rep.err(src, None, "front matter is not closed by a line that is exactly `+++`")
        return None, None, src
    toml_lines = lines[1:end]
    src = Src(path, toml_lines, 1)
    try:
        data = tomllib.loads("\n".join(toml_lines))
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        where = f"{path}:{int(m.group(1)) + 1}:{m.group(2)}" if m else path
        rep.errors += 1
        rep.lines.append(f"{where}: error: TOML: {e}")
        return None, None, src
    body = "\n".join(lines[end + 1:])
    return data, body, src


def list_md(rep: Report, d: str):
    if not os.path.isdir(d):
        return []
    out = []
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if not name.endswith(".md"):
            if os.path.isfile(p):
                rep.warn(Src(p, [], 0), None, "not a .md file; ignored")
            continue
        slug = name[:-3]
        if not SLUG_RE.match(slug):
            rep.err(Src(p, [], 0), None, f"slug {slug!r}: use lowercase letters, digits and -")
        out.append((slug, p))
    return out


def find_cycle(graph: dict[str, list[str]]):
    WHITE, GREY, BLACK = 0, 1, 2
    color = {n: WHITE for n in graph}
    for root in graph:
        if color[root] != WHITE:
            continue
        stack = [(root, iter(graph[root]))]
        color[root] = GREY
        trail = [root]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                color[node] = BLACK
                stack.pop()
                trail.pop()
                continue
            if nxt not in color:
                continue
            if color[nxt] == GREY:
                return trail[trail.index(nxt):] + [nxt]
            if color[nxt] == WHITE:
                color[nxt] = GREY
                trail.append(nxt)
                stack.append((nxt, iter(graph[nxt])))
    return None


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    quiet = "--quiet" in argv
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = args[0]
    rep = Report()
    content = os.path.join(root, "content")

    # ---- site config
    cfg_path = os.path.join(root, "site-config.toml")
    cfg = {}
    if not os.path.isfile(cfg_path):
        rep.err(Src(cfg_path, [], 0), None, "site-config.toml is missing")
    else:
        with open(cfg_path, encoding="utf-8") as fh:
            cfg_text = fh.read()
        cfg_src = Src(cfg_path, cfg_text.split("\n"), 0)
        try:
            cfg = tomllib.loads(cfg_text)
            check_table(rep, cfg_src, "", "config", cfg)
        except tomllib.TOMLDecodeError as e:
            rep.err(cfg_src, None, f"TOML: {e}")

    ctids: dict[str, str] = {}

    def claim_ctid(src, key, ctid):
        if isinstance(ctid, str) and CTID_RE.match(ctid):
            if ctid in ctids:
                rep.err(src, key, f"CTID {ctid} is already used by {ctids[ctid]}")
            else:
                ctids[ctid] = src.path

    def check_image(src, key, v):
        if not isinstance(v, str):
            return
        if v.startswith("/"):
            local = os.path.join(root, "static", v.lstrip("/"))
            if not os.path.isfile(local):
                rep.warn(src, key, f"`{key}` {v} is not in static/ (fine if the theme has it)")
        elif not URL_RE.match(v):
            rep.err(src, key, f"`{key}` must be a site path (/images/x.svg) or an absolute URL")

    # ---- organizations
    orgs: dict[str, dict] = {}
    for slug, p in list_md(rep, os.path.join(content, "organizations")):
        data, body, src = read_front_matter(rep, p)
        if data is None:
            continue
        check_table(rep, src, "", "organization", data)
        enum(rep, src, "kind", data.get("kind"), ORG_KINDS, "organization kind")
        enum(rep, src, "sector", data.get("sector"), SECTORS, "sector")
        loc = data.get("location")
        if isinstance(loc, dict) and isinstance(loc.get("country"), str) \
                and not COUNTRY_RE.match(loc["country"]):
            rep.err(src, "country", "`location.country` must be an ISO 3166-1 alpha-2 code (US)")
        if "logo" in data:
            check_image(src, "logo", data["logo"])
        claim_ctid(src, "ctid", data.get("ctid"))
        orgs[slug] = data

    def check_org_refs(src, key, vals):
        if not isinstance(vals, list):
            vals = [vals] if isinstance(vals, str) else []
        for v in vals:
            if isinstance(v, str) and v not in orgs:
                rep.err(src, key, f"`{key}` refers to organization {v!r}, which does not exist "
                                  f"(content/organizations/{v}.md)")

    if cfg.get("publisher") is not None:
        check_org_refs(Src(cfg_path, [], 0), "publisher", cfg.get("publisher"))

    # ---- frameworks
    comp_refs: set[str] = set()
    n_comp = 0
    for slug, p in list_md(rep, os.path.join(content, "competencies")):
        data, body, src = read_front_matter(rep, p)
        if data is None:
            continue
        check_table(rep, src, "", "framework", data)
        check_org_refs(src, "publisher", data.get("publisher"))
        claim_ctid(src, "ctid", data.get("ctid"))
        level_ids = set()
        for lv in data.get("levels", []) if isinstance(data.get("levels"), list) else []:
            if isinstance(lv, dict) and isinstance(lv.get("id"), str):
                if lv["id"] in level_ids:
                    rep.err(src, "id", f"level id {lv['id']!r} is defined twice")
                level_ids.add(lv["id"])
        codes: set[str] = set()

        def walk(comps, depth=0):
            nonlocal n_comp
            if not isinstance(comps, list):
                return
            for c in comps:
                if not isinstance(c, dict):
                    continue
                n_comp += 1
                code = c.get("code")
                if isinstance(code, str):
                    if not CODE_RE.match(code):
                        rep.err(src, "code", f"competency code {code!r}: use letters, digits, . - _")
                    if code in codes:
                        rep.err(src, "code", f"competency code {code!r} is used twice in {slug}")
                    codes.add(code)
                    comp_refs.add(f"{slug}/{code}")
                lv = c.get("level")
                if isinstance(lv, str) and lv not in level_ids:
                    rep.err(src, "level", f"competency {code}: level {lv!r} is not one of this "
                                          f"framework's [[levels]] ids ({', '.join(sorted(level_ids)) or 'none'})")
                if "ctid" in c:
                    claim_ctid(src, "ctid", c["ctid"])
                walk(c.get("children"), depth + 1)

        walk(data.get("competencies"))

    # ---- credentials
    creds: dict[str, dict] = {}
    cred_src: dict[str, Src] = {}
    for slug, p in list_md(rep, os.path.join(content, "credentials")):
        data, body, src = read_front_matter(rep, p)
        if data is None:
            continue
        check_table(rep, src, "", "credential", data)
        enum(rep, src, "type", data.get("type"), CRED_TYPES, "credential type")
        enum(rep, src, "status", data.get("status"), STATUSES, "status")
        enum(rep, src, "audience_level", data.get("audience_level"), AUDIENCE, "audience level")
        enum(rep, src, "delivery", data.get("delivery"), DELIVERY, "delivery mode")
        a = data.get("assessment")
        if isinstance(a, dict):
            enum(rep, src, "method", a.get("method"), METHODS, "assessment method")
        for c in data.get("costs", []) if isinstance(data.get("costs"), list) else []:
            if isinstance(c, dict):
                enum(rep, src, "kind", c.get("kind"), COST_KINDS, "cost kind")
                if isinstance(c.get("currency"), str) and not CUR_RE.match(c["currency"]):
                    rep.err(src, "currency", "`currency` must be three capital letters (USD)")
        cr = data.get("credit")
        if isinstance(cr, dict):
            enum(rep, src, "unit", cr.get("unit"), CREDIT_UNITS, "credit unit")
        for o in data.get("occupations", []) if isinstance(data.get("occupations"), list) else []:
            if isinstance(o, dict) and isinstance(o.get("code"), str) and not SOC_RE.match(o["code"]):
                rep.err(src, "code", f"occupation code {o['code']!r} must be NN-NNNN.NN or NN-NNNN")
        for code in data.get("cip", []) if isinstance(data.get("cip"), list) else []:
            if isinstance(code, str) and not CIP_RE.match(code):
                rep.err(src, "cip", f"CIP code {code!r} must be NN.NNNN (CIP 2020)")
        for o in data.get("industries", []) if isinstance(data.get("industries"), list) else []:
            if isinstance(o, dict) and isinstance(o.get("code"), str) and not NAICS_RE.match(o["code"]):
                rep.err(src, "code", f"industry code {o['code']!r} must be 2 to 6 digits (NAICS)")
        v = data.get("version")
        if isinstance(v, dict) and isinstance(v.get("history"), list):
            dates = [as_date(h.get("date")) for h in v["history"] if isinstance(h, dict)]
            dates = [d for d in dates if d]
            if dates != sorted(dates):
                rep.warn(src, "history", "version.history is not in date order")
            de = as_date(data.get("date_effective"))
            if de and dates and de < dates[-1]:
                rep.warn(src, "date_effective", "date_effective is before the last history date")
        if "image" in data:
            check_image(src, "image", data["image"])
        for r in data.get("competencies", []) if isinstance(data.get("competencies"), list) else []:
            if isinstance(r, str) and r not in comp_refs:
                if "/" not in r:
                    rep.err(src, "competencies", f"competency reference {r!r} must be <framework slug>/<code>")
                else:
                    rep.err(src, "competencies", f"competency {r!r} does not exist")
        check_org_refs(src, "owned_by", data.get("owned_by"))
        check_org_refs(src, "offered_by", data.get("offered_by"))
        check_org_refs(src, "accredited_by", data.get("accredited_by"))
        if not body.strip():
            rep.warn(src, None, "the markdown body (full description) is empty")
        claim_ctid(src, "ctid", data.get("ctid"))
        creds[slug] = data
        cred_src[slug] = src

    by_ctid = {d.get("ctid"): s for s, d in creds.items()}
    for slug, d in creds.items():
        src = cred_src[slug]
        for key in ("prerequisites", "recommended", "stacks_into"):
            vals = d.get(key)
            if not isinstance(vals, list):
                continue
            for r in vals:
                if not isinstance(r, str):
                    continue
                if r == slug:
                    rep.err(src, key, f"`{key}` refers to the credential itself")
                elif r not in creds:
                    rep.err(src, key, f"`{key}` refers to credential {r!r}, which does not exist")
                elif creds[r].get("draft") and not d.get("draft"):
                    rep.warn(src, key, f"`{key}` refers to draft credential {r!r}")
        v = d.get("version")
        if isinstance(v, dict) and isinstance(v.get("supersedes"), str):
            old = by_ctid.get(v["supersedes"])
            if old is None:
                rep.warn(src, "supersedes", "version.supersedes names a CTID outside this catalog")
            elif old == slug:
                rep.err(src, "supersedes", "a credential cannot supersede itself")
            elif creds[old].get("status") == "active":
                rep.warn(src, "supersedes", f"superseded credential {old!r} is still active")
    for key in ("prerequisites", "stacks_into"):
        graph = {s: [r for r in d.get(key, []) if isinstance(r, str) and r in creds]
                 if isinstance(d.get(key), list) else [] for s, d in creds.items()}
        cyc = find_cycle(graph)
        if cyc:
            rep.err(cred_src[cyc[0]], key, f"cycle of {key}: {' -> '.join(cyc)}")

    # ---- pathways
    n_path = 0
    for slug, p in list_md(rep, os.path.join(content, "pathways")):
        data, body, src = read_front_matter(rep, p)
        if data is None:
            continue
        n_path += 1
        check_table(rep, src, "", "pathway", data)
        claim_ctid(src, "ctid", data.get("ctid"))
        check_org_refs(src, "owned_by", data.get("owned_by"))
        dest = data.get("destination")
        if isinstance(dest, str) and dest not in creds:
            rep.err(src, "destination", f"destination {dest!r} is not a credential")
        seen = set()
        for st in data.get("stages", []) if isinstance(data.get("stages"), list) else []:
            if not isinstance(st, dict):
                continue
            cl = st.get("credentials") if isinstance(st.get("credentials"), list) else []
            if not cl:
                rep.err(src, "credentials", f"stage {st.get('name')!r} lists no credentials")
            for c in cl:
                if isinstance(c, str) and c not in creds:
                    rep.err(src, "credentials", f"stage {st.get('name')!r}: credential {c!r} does not exist")
                if c == dest:
                    rep.err(src, "credentials", f"the destination {c!r} is also listed in a stage")
                if c in seen:
                    rep.err(src, "credentials", f"credential {c!r} appears in two stages")
                seen.add(c)
            req = st.get("require", "all")
            if isinstance(req, int) and not isinstance(req, bool) and req > len(cl):
                rep.err(src, "require", f"stage {st.get('name')!r} requires {req} of {len(cl)} credentials")

    # ---- issued
    award_ids: dict[str, str] = {}
    n_award = 0
    idir = os.path.join(content, "issued")
    today = dt.date.today()

    def check_award(src, a: dict, where: str):
        nonlocal n_award
        n_award += 1
        check_table(rep, src, where, "award", a)
        aid = a.get("id")
        if isinstance(aid, str):
            if not AWARD_ID_RE.match(aid):
                rep.err(src, "id", f"award id {aid!r}: use letters, digits, . - _ (it is a URL)")
            if aid in award_ids:
                rep.err(src, "id", f"award id {aid!r} is already used in {award_ids[aid]}")
            award_ids[aid] = src.path
        c = a.get("credential")
        if isinstance(c, str) and c not in creds:
            rep.err(src, "credential", f"award {aid}: credential {c!r} does not exist")
        i, e = as_date(a.get("issued")), as_date(a.get("expires"))
        if i and e and e <= i:
            rep.err(src, "expires", f"award {aid}: expires before it was issued")
        if i and i > today:
            rep.warn(src, "issued", f"award {aid}: issued in the future")
        if a.get("revoked") is True and not a.get("revocation_reason"):
            rep.warn(src, "revocation_reason", f"award {aid}: revoked without a reason")
        if a.get("revoked") is not True and a.get("revocation_reason"):
            rep.warn(src, "revocation_reason", f"award {aid}: reason given but not revoked")

    if os.path.isdir(idir):
        for name in sorted(os.listdir(idir)):
            p = os.path.join(idir, name)
            if name.endswith(".toml"):
                with open(p, encoding="utf-8") as fh:
                    text = fh.read()
                src = Src(p, text.split("\n"), 0)
                try:
                    data = tomllib.loads(text)
                except tomllib.TOMLDecodeError as e:
                    rep.err(src, None, f"TOML: {e}")
                    continue
                for k in data:
                    if k != "award":
                        rep.err(src, k, f"unknown key `{k}` (only [[award]] tables)")
                aw = data.get("award", [])
                if not isinstance(aw, list):
                    rep.err(src, "award", "`award` must be an array of tables ([[award]])")
                    continue
                for j, a in enumerate(aw):
                    if isinstance(a, dict):
                        check_award(src, a, f"award[{j}]")
            elif name.endswith(".csv"):
                with open(p, encoding="utf-8", newline="") as fh:
                    rows = list(csv.reader(fh))
                if not rows:
                    continue
                header = rows[0]
                src = Src(p, [], 0)
                for col in header:
                    if col not in S["award"]:
                        rep.err(src, None, f"unknown column {col!r}")
                for ln, row in enumerate(rows[1:], start=2):
                    rsrc = Src(p, [], ln - 1)
                    if not any(x.strip() for x in row):
                        continue
                    if len(row) != len(header):
                        rep.err(rsrc, None, f"row has {len(row)} cells, header has {len(header)}")
                        continue
                    a = {}
                    for col, val in zip(header, row):
                        if val == "" or col not in S["award"]:
                            continue
                        typ = S["award"][col][0]
                        if typ == "bool":
                            if val.lower() in ("true", "false"):
                                val = val.lower() == "true"
                            else:
                                rep.err(rsrc, None, f"column {col}: {val!r} must be true or false")
                                continue
                        a[col] = val
                    check_award(rsrc, a, "")
            elif os.path.isfile(p):
                rep.warn(Src(p, [], 0), None, "not a .toml or .csv file; ignored")

    for ln in rep.lines:
        if not (quiet and ": warning:" in ln):
            print(ln)
    sys.stdout.flush()
    print(f"checked {len(orgs)} organizations, {len(creds)} credentials, {n_comp} competencies, "
          f"{n_path} pathways, {n_award} awards: {rep.errors} errors, {rep.warnings} warnings",
          file=sys.stderr)
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
