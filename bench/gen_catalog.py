#!/usr/bin/env python3
"""Generate a large, valid synthetic credcat catalog for benchmarks.

Usage:
    python3 bench/gen_catalog.py --credentials N --out DIR [--seed S] [--issued K] [--skew]

Writes DIR/site-config.toml and DIR/content/{organizations,competencies,credentials,
pathways,issued}/ in the format of docs/FORMAT.md (no themes: the caller provides them).
The output depends only on N, K and the seed. Prerequisites point only to credentials with
a lower index and stacks_into only to a higher one, so both graphs are acyclic. Standard
library only; prints one summary line.

--skew makes the catalog uneven the way real ones are (Zipf-distributed skills and
competencies, one competency on ~60% of credentials, a few stacks of hundreds, dense
prerequisites and recommendations, bodies of several KB); without it the output is the same
as it always was for a given seed (the skew draws from a generator of its own).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import time
import uuid

# --------------------------------------------------------------------------------------------
# Vocabulary. Occupation codes are O*NET-SOC 2019, industry codes NAICS.

DOMAINS = [
    {
        "key": "data", "name": "Data Analytics", "prefix": "DA",
        "areas": [("Spreadsheet analysis", "Data preparation"), ("Relational querying", "Querying"),
                  ("Python data programming", "Programming"), ("Statistical analysis", "Analysis"),
                  ("Data visualization", "Communication"), ("Responsible data use", "Data ethics")],
        "topics": ["Spreadsheet Analysis", "SQL Fundamentals", "Python for Data", "Data Visualization",
                   "Applied Statistics", "Business Intelligence", "Data Cleaning", "Dashboard Design",
                   "Predictive Modeling", "Data Storytelling"],
        "skills": ["Builds a pivot-table dashboard from a raw sales export and explains the trend to a manager",
                   "Writes SQL queries that join, filter and aggregate order data to answer a business question",
                   "Cleans a messy export with duplicates and blank cells before any analysis",
                   "Reads an A/B test result and says whether the change really worked",
                   "Publishes a dashboard that refreshes from the company database every day",
                   "Explains what the data shows, and what it cannot show, in five minutes",
                   "Automates a weekly report with a short Python script",
                   "Removes personal identifiers before sharing a data set"],
        "tasks": ["Imports a CSV export without losing dates", "Builds a pivot table", "Writes a join across three tables",
                  "Checks row counts after a merge", "Plots a histogram", "Writes an executive summary",
                  "Pins package versions", "Masks personal data"],
        "keywords": ["data analytics", "SQL", "Excel", "Python", "statistics", "dashboards", "business intelligence"],
        "occupations": [("15-2051.00", "Data Scientists"), ("15-2051.01", "Business Intelligence Analysts"),
                        ("43-9111.00", "Statistical Assistants"), ("15-2041.00", "Statisticians")],
        "industries": [("541511", "Custom Computer Programming Services"), ("522110", "Commercial Banking"),
                       ("524114", "Direct Health and Medical Insurance Carriers")],
    },
    {
        "key": "cyber", "name": "Cybersecurity Operations", "prefix": "CSO",
        "areas": [("Network foundations", "Networking"), ("Secure configuration", "System hardening"),
                  ("Threat analysis", "Threat analysis"), ("Incident response", "Incident handling"),
                  ("Identity and access", "Access control"), ("Security governance", "Governance")],
        "topics": ["Network Fundamentals", "Threat Analysis", "Incident Response", "Linux Administration",
                   "Cloud Security", "Vulnerability Management", "Digital Forensics", "Security Awareness",
                   "Identity and Access Management", "SOC Operations"],
        "skills": ["Reads security alerts and logs and decides which ones are real attacks",
                   "Isolates an infected computer without destroying the evidence",
                   "Runs a vulnerability scan and tells IT which problems to fix first",
                   "Plans IP address ranges for a small office and configures the router",
                   "Hardens a Linux server against a written security baseline",
                   "Writes an incident report that an executive understands",
                   "Cleans up stale user accounts during a quarterly access review",
                   "Explains a security risk to a manager in plain language"],
        "tasks": ["Triages alerts in a SIEM", "Captures packets with Wireshark", "Applies a configuration baseline",
                  "Disables a compromised account", "Hashes evidence files", "Maps alerts to ATT&CK techniques",
                  "Enables multi-factor authentication", "Writes a timeline"],
        "keywords": ["cybersecurity", "SOC", "networking", "incident response", "Linux", "SIEM", "security"],
        "occupations": [("15-1212.00", "Information Security Analysts"),
                        ("15-1231.00", "Computer Network Support Specialists"),
                        ("15-1244.00", "Network and Computer Systems Administrators")],
        "industries": [("541512", "Computer Systems Design Services"), ("921190", "Other General Government Support"),
                       ("522110", "Commercial Banking")],
    },
    {
        "key": "health", "name": "Telehealth and Health Information", "prefix": "TH",
        "areas": [("Virtual visit coordination", "Patient access"), ("Privacy and compliance", "Compliance"),
                  ("Remote patient monitoring", "Clinical support"), ("Health records", "Health information"),
                  ("Medical coding", "Revenue cycle"), ("Patient communication", "Patient experience")],
        "topics": ["Telehealth Coordination", "Remote Patient Monitoring", "Health Information Privacy",
                   "Medical Coding", "Electronic Health Records", "Patient Access Services",
                   "Care Coordination", "Medical Terminology", "Revenue Cycle Basics"],
        "skills": ["Gets patients into video visits on time with working cameras and microphones",
                   "Spots out-of-range home monitoring readings and gets them to a nurse the same day",
                   "Shares patient information only through approved, secure channels",
                   "Records telehealth consent and visit type correctly so the visit can be billed",
                   "Codes a routine outpatient visit accurately from the clinical note",
                   "Fixes a frozen video during a visit while keeping the patient calm",
                   "Sets up a home blood-pressure cuff with a patient and teaches them to use it"],
        "tasks": ["Schedules video visits", "Runs a pre-visit test call", "Verifies patient identity",
                  "Pairs a monitoring device", "Reviews the alert queue", "Assigns diagnosis codes",
                  "Releases records under a signed authorization"],
        "keywords": ["telehealth", "health care", "HIPAA", "virtual care", "medical records", "patient access"],
        "occupations": [("29-2072.00", "Medical Records Specialists"), ("31-9092.00", "Medical Assistants"),
                        ("43-6013.00", "Medical Secretaries and Administrative Assistants"),
                        ("29-1141.00", "Registered Nurses")],
        "industries": [("622110", "General Medical and Surgical Hospitals"),
                       ("621111", "Offices of Physicians (except Mental Health Specialists)"),
                       ("621610", "Home Health Care Services")],
    },
    {
        "key": "mfg", "name": "Smart Manufacturing", "prefix": "SM",
        "areas": [("CNC machining", "Machining"), ("Industrial robotics", "Automation"),
                  ("Controls and PLCs", "Automation"), ("Connected factory data", "Industrial data"),
                  ("Quality and measurement", "Quality"), ("Workplace safety", "Safety")],
        "topics": ["CNC Programming", "Industrial Robotics Safety", "PLC Fundamentals", "Industrial IoT",
                   "Blueprint Reading", "Precision Measurement", "Lean Manufacturing", "Mechatronics",
                   "Fluid Power", "Quality Control"],
        "skills": ["Makes a machined part that matches the drawing and measures it to prove it",
                   "Locks out and tags out a robot cell and proves it is safe before entering",
                   "Finds out why a conveyor stopped by reading the PLC's inputs and outputs",
                   "Builds a simple OEE dashboard and explains where production time was lost",
                   "Writes and fixes CNC programs and catches mistakes before the machine runs",
                   "Notices when a process is drifting on a control chart and stops it before it makes scrap",
                   "Replaces and tests a failed proximity sensor safely"],
        "tasks": ["Sets work and tool offsets", "Performs lockout/tagout", "Writes ladder logic",
                  "Calibrates a temperature transmitter", "Keeps a control chart", "Reads GD&T callouts",
                  "Jogs a robot with the teach pendant", "Measures with a micrometer"],
        "keywords": ["manufacturing", "Industry 4.0", "CNC", "robotics", "PLC", "quality", "safety"],
        "occupations": [("51-9161.00", "Computer Numerically Controlled Tool Operators"),
                        ("17-3024.01", "Robotics Technicians"), ("51-4041.00", "Machinists"),
                        ("49-9041.00", "Industrial Machinery Mechanics")],
        "industries": [("332710", "Machine Shops"), ("336390", "Other Motor Vehicle Parts Manufacturing"),
                       ("333249", "Other Industrial Machinery Manufacturing")],
    },
    {
        "key": "weld", "name": "Welding and Fabrication", "prefix": "WF",
        "areas": [("Shielded metal arc welding", "Welding processes"), ("Gas metal arc welding", "Welding processes"),
                  ("Gas tungsten arc welding", "Welding processes"), ("Cutting and fit-up", "Fabrication"),
                  ("Weld inspection", "Quality"), ("Welding safety", "Safety")],
        "topics": ["SMAW Plate", "GMAW Structural", "GTAW Pipe", "Oxy-Fuel and Plasma Cutting",
                   "Weld Inspection", "Fabrication Blueprint Reading", "Welding Safety"],
        "skills": ["Welds a 3/8-inch plate joint in all positions that passes a bend test",
                   "Sets up a MIG welder for the metal and thickness on the drawing",
                   "Cuts and fits up parts to within 1/16 inch of the drawing",
                   "Spots porosity, undercut and cracks in a finished weld",
                   "Works safely with fumes, sparks and compressed gas cylinders"],
        "tasks": ["Prepares a bevel", "Strikes and maintains an arc", "Runs a root pass",
                  "Performs a guided bend test", "Reads welding symbols", "Inspects a weld visually"],
        "keywords": ["welding", "fabrication", "SMAW", "GMAW", "GTAW", "AWS"],
        "occupations": [("51-4121.00", "Welders, Cutters, Solderers, and Brazers")],
        "industries": [("332312", "Fabricated Structural Metal Manufacturing"),
                       ("238120", "Structural Steel and Precast Concrete Contractors")],
    },
    {
        "key": "logi", "name": "Supply Chain and Logistics", "prefix": "SCL",
        "areas": [("Warehouse operations", "Warehousing"), ("Inventory control", "Inventory"),
                  ("Transportation planning", "Transportation"), ("Purchasing", "Procurement"),
                  ("Supply chain data", "Analytics"), ("Forklift and material handling", "Safety")],
        "topics": ["Warehouse Operations", "Inventory Control", "Forklift Safety", "Transportation Planning",
                   "Purchasing Fundamentals", "Supply Chain Analytics", "Lean Logistics"],
        "skills": ["Runs a cycle count and finds the cause of an inventory discrepancy",
                   "Plans a week of outbound loads to fill trucks and meet delivery windows",
                   "Operates a sit-down forklift safely in a busy warehouse",
                   "Compares supplier quotes on total cost, not just price",
                   "Builds a slotting plan that cuts picker travel time"],
        "tasks": ["Receives and puts away stock", "Runs a cycle count", "Builds a load plan",
                  "Issues a purchase order", "Inspects a forklift before use", "Tracks on-time delivery"],
        "keywords": ["logistics", "supply chain", "warehouse", "inventory", "forklift", "procurement"],
        "occupations": [("13-1081.00", "Logisticians"),
                        ("43-5071.00", "Shipping, Receiving, and Inventory Clerks")],
        "industries": [("493110", "General Warehousing and Storage"),
                       ("484121", "General Freight Trucking, Long-Distance, Truckload")],
    },
    {
        "key": "acct", "name": "Accounting and Business Operations", "prefix": "ABO",
        "areas": [("Bookkeeping", "Accounting"), ("Payroll", "Accounting"), ("Financial reporting", "Reporting"),
                  ("Accounting software", "Technology"), ("Tax preparation", "Tax"), ("Internal controls", "Controls")],
        "topics": ["Bookkeeping Essentials", "Payroll Accounting", "QuickBooks", "Financial Statements",
                   "Individual Tax Preparation", "Accounts Payable and Receivable", "Internal Controls"],
        "skills": ["Records a month of transactions and reconciles the bank account to the penny",
                   "Runs payroll with correct withholding for hourly and salaried staff",
                   "Prepares an income statement and balance sheet a small-business owner can read",
                   "Prepares a simple individual federal tax return",
                   "Spots a duplicate vendor payment before it goes out"],
        "tasks": ["Posts journal entries", "Reconciles a bank account", "Runs payroll", "Closes the month",
                  "Ages receivables", "Documents a control"],
        "keywords": ["accounting", "bookkeeping", "payroll", "QuickBooks", "tax", "finance"],
        "occupations": [("43-3031.00", "Bookkeeping, Accounting, and Auditing Clerks"),
                        ("13-2011.00", "Accountants and Auditors")],
        "industries": [("541211", "Offices of Certified Public Accountants"),
                       ("541219", "Other Accounting Services")],
    },
    {
        "key": "soft", "name": "Software Development", "prefix": "SWD",
        "areas": [("Programming fundamentals", "Programming"), ("Web development", "Web"),
                  ("Databases for applications", "Data"), ("Testing and quality", "Quality"),
                  ("Version control and collaboration", "Practice"), ("Cloud deployment", "Operations")],
        "topics": ["Programming Fundamentals", "Front-End Web Development", "JavaScript", "Back-End APIs",
                   "Software Testing", "Git and Collaboration", "Cloud Deployment", "Mobile App Basics"],
        "skills": ["Builds a small web application that saves and lists records from a database",
                   "Writes automated tests that catch a bug before it reaches users",
                   "Works on a shared code base with branches and pull requests",
                   "Deploys an application to a cloud service and checks that it is running",
                   "Reads an unfamiliar program and fixes a reported bug"],
        "tasks": ["Writes functions and loops", "Builds a responsive page", "Writes a REST endpoint",
                  "Writes unit tests", "Opens a pull request", "Deploys a container"],
        "keywords": ["software development", "programming", "web development", "JavaScript", "testing", "Git"],
        "occupations": [("15-1252.00", "Software Developers"), ("15-1254.00", "Web Developers"),
                        ("15-1253.00", "Software Quality Assurance Analysts and Testers")],
        "industries": [("541511", "Custom Computer Programming Services"),
                       ("541512", "Computer Systems Design Services")],
    },
    {
        "key": "ece", "name": "Early Childhood Education", "prefix": "ECE",
        "areas": [("Child development", "Development"), ("Health and safety", "Safety"),
                  ("Curriculum and play", "Teaching"), ("Observation and assessment", "Assessment"),
                  ("Family partnerships", "Families"), ("Professionalism", "Professional practice")],
        "topics": ["Child Growth and Development", "Infant and Toddler Care", "Health, Safety and Nutrition",
                   "Curriculum Planning", "Observation and Assessment", "Family Engagement"],
        "skills": ["Plans a week of play-based activities that fit the children's ages",
                   "Observes a child and writes notes a parent and a teacher can both use",
                   "Keeps a classroom safe and responds correctly to an allergy emergency",
                   "Talks with families about a child's progress respectfully and clearly"],
        "tasks": ["Writes a lesson plan", "Records an anecdotal observation", "Runs a safety check",
                  "Holds a family conference", "Adapts an activity for a child with special needs"],
        "keywords": ["early childhood", "child care", "preschool", "CDA", "education"],
        "occupations": [("25-2011.00", "Preschool Teachers, Except Special Education"),
                        ("39-9011.00", "Childcare Workers")],
        "industries": [("624410", "Child Day Care Services")],
    },
    {
        "key": "trade", "name": "Electrical and HVAC Trades", "prefix": "EHT",
        "areas": [("Electrical theory", "Electrical"), ("Residential wiring", "Electrical"),
                  ("Motor controls", "Controls"), ("Refrigeration cycle", "HVAC"),
                  ("Heating systems", "HVAC"), ("Codes and safety", "Safety")],
        "topics": ["Electrical Fundamentals", "Residential Wiring", "Motor Controls", "Refrigeration Principles",
                   "Gas Heating Systems", "NEC Code Basics", "EPA 608 Preparation"],
        "skills": ["Wires a residential circuit that passes inspection",
                   "Diagnoses a furnace that will not light using a meter and the wiring diagram",
                   "Recovers refrigerant and charges a system to the manufacturer's specification",
                   "Finds the applicable code article for a wiring question"],
        "tasks": ["Measures voltage and current", "Bends conduit", "Wires a three-way switch",
                  "Reads a refrigerant gauge set", "Tests a flame sensor", "Looks up an NEC article"],
        "keywords": ["electrical", "HVAC", "trades", "NEC", "refrigeration", "apprenticeship"],
        "occupations": [("47-2111.00", "Electricians"),
                        ("49-9021.00", "Heating, Air Conditioning, and Refrigeration Mechanics and Installers")],
        "industries": [("238210", "Electrical Contractors and Other Wiring Installation Contractors"),
                       ("238220", "Plumbing, Heating, and Air-Conditioning Contractors")],
    },
]

CHILD_ASPECTS = [
    ("fundamentals", "Explain the principles, terms and tools of {a}.", "foundational"),
    ("in practice", "Perform routine {a} tasks to workplace standards.", "proficient"),
    ("troubleshooting", "Diagnose and correct problems in {a} work and verify the result.", "proficient"),
    ("improvement", "Improve, automate or document {a} processes and coach others.", "advanced"),
]
LEVELS = [("foundational", "Foundational", "Performs the task with guidance on routine work."),
          ("proficient", "Proficient", "Performs the task independently and checks the result."),
          ("advanced", "Advanced", "Designs the approach, improves the process and reviews others' work.")]

PLACES = [("Northfield", "Ohio"), ("Riverbend", "Ohio"), ("Lakeside", "Michigan"), ("Cedar Falls", "Iowa"),
          ("Millbrook", "Pennsylvania"), ("Granite Ridge", "Colorado"), ("Harbor City", "Oregon"),
          ("Pine Valley", "North Carolina"), ("Red Mesa", "Arizona"), ("Clearwater Bay", "Maine"),
          ("Prairie View", "Kansas"), ("Stonebridge", "Virginia"), ("Willow Creek", "Wisconsin"),
          ("Eastport", "Georgia"), ("Silver Lake", "Minnesota"), ("Oak Hollow", "Tennessee")]
ORG_KINDS = [  # (kind, name pattern, sector, tld)
    ("college", "{p} Community College", "public", "edu"),
    ("employer", "{p} Health System", "private-nonprofit", "org"),
    ("training-provider", "{p} Skills Academy", "private-for-profit", "com"),
    ("accreditor", "{p} Council for Credential Quality", "private-nonprofit", "org"),
    ("employer", "{p} Precision Manufacturing", "private-for-profit", "com"),
    ("university", "{p} State University", "public", "edu"),
    ("certification-body", "{p} Institute for Technical Certification", "private-nonprofit", "org"),
    ("college", "{p} Technical College", "public", "edu"),
    ("professional-association", "{p} Association of Technology Professionals", "private-nonprofit", "org"),
    ("government", "{p} Workforce Development Board", "public", "org"),
    ("employer", "{p} Logistics Group", "private-for-profit", "com"),
]
PREFIXES = ["", "", "Applied ", "Advanced ", "Foundations of ", "Practical ", "Introduction to "]
SUFFIXES = ["", "", "", " for Health Care", " for Manufacturing", " for Small Business", " Level II",
            " for the Public Sector", " Essentials", " Lab"]
SMALL_TYPES = ["DigitalBadge", "DigitalBadge", "Badge", "OpenBadge", "MicroCredential", "MicroCredential",
               "CertificateOfCompletion"]
# CIP 2020 code of each domain's programs of study.
CIP = {"data": "30.7101", "cyber": "11.1003", "health": "51.0709", "mfg": "15.0613", "weld": "48.0508",
       "logi": "52.0203", "acct": "52.0302", "soft": "11.0201", "ece": "19.0709", "trade": "46.0302"}
BIG_TYPES = ["Certificate", "Certificate", "Certificate", "Certification", "AssociateOfAppliedScienceDegree",
             "ApprenticeshipCertificate"]
COST_KINDS = ["tuition", "assessment", "technology", "learning-resource", "application", "processing"]
COST_TEXT = {"tuition": "Course tuition", "aggregate": "Estimated total tuition and fees",
             "assessment": "Assessment fee", "technology": "Lab and software access",
             "learning-resource": "Books and materials", "application": "Application fee",
             "processing": "Background check and processing"}
CREDIT_UNITS = ["semester-hours", "quarter-hours", "ceu", "clock-hours", "contact-hours", "competency-credit"]
FIRST = ["Ava", "Liam", "Maya", "Noah", "Zoe", "Ethan", "Priya", "Mateo", "Aisha", "Lucas", "Mei", "Omar",
         "Grace", "Diego", "Hana", "Samuel", "Leila", "Jonah", "Nia", "Tomas", "Ines", "Kofi", "Ruth", "Ivan"]
LAST = ["Alvarez", "Bennett", "Chen", "Dubois", "Eriksen", "Fofana", "Garcia", "Hughes", "Ibrahim", "Jensen",
        "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Silva",
        "Tanaka", "Usman", "Vargas", "Whitfield", "Yilmaz"]
STAGE_NAMES = ["Foundations", "Core skills", "Applied practice", "Specialization", "Electives", "Capstone preparation"]


# --skew: the share of credentials that certify the one hub competency, the size range of
# the few huge stacks, qualifiers that multiply the skill phrases into a long tail, and
# questions for the long bodies.
HUB_COMPETENCY_SHARE = 0.6
HUGE_STACK = (150, 500)
CROSS_STACK_PREREQUISITE = 0.03
HUGE_STAGE = 20
SKILL_CONTEXTS = ["on a night shift", "in a small shop", "for a regulated client", "under time pressure",
                  "with a new team", "in a rural clinic", "at a distribution center", "for a nonprofit",
                  "with legacy equipment", "during an audit", "in two languages", "for a public agency",
                  "on a mobile crew", "in a unionized workplace", "with remote colleagues", "during peak season",
                  "for a franchise", "on a customer site", "with a paper-based process", "at a startup"]
FAQ = [("How long does it take?", "Most learners finish {name} in one term while working; {org} also runs an "
        "accelerated cohort. Hours are listed above and include the assessment."),
       ("Can I get credit for what I already know?", "Yes: {org} offers credit for prior learning. Bring "
        "evidence of {dom} work (a portfolio, a supervisor's letter or an industry certification) to an advisor."),
       ("What does it cost?", "The costs listed on this page are the whole cost. Many learners qualify for a "
        "workforce grant; ask about it before you enroll, because some grants cannot be applied afterwards."),
       ("Is it online?", "Theory is online and self-paced. Practical work is done in a lab or at an employer "
        "partner, and is observed by an assessor who records each task against the rubric."),
       ("What comes next?", "{name} stacks into a larger certificate. The stack map shows every credential it "
        "counts toward, and the pathways that include it, in order."),
       ("Who recognizes it?", "Employers on the {dom} advisory board review the assessment every year. Question "
        "{n} of our survey asked them which credentials they ask for when they hire; this one was among them."),
       ("What if I fail the assessment?", "You can retake it. The retake policy above says when, and an "
        "instructor goes through the rubric with you first, row by row.")]


def zipf_cumulative(n: int, s: float = 1.0) -> list[float]:
    """Cumulative weights of ranks 1..n under Zipf's law with exponent s."""
    out, total = [], 0.0
    for rank in range(1, n + 1):
        total += 1.0 / rank ** s
        out.append(total)
    return out


def zipf_sample(rng: random.Random, population: list[str], cum: list[float], k: int) -> list[str]:
    """k distinct items drawn by popularity (fewer if the population is smaller)."""
    k = min(k, len(population))
    picked: dict[str, None] = {}
    while len(picked) < k:
        picked.setdefault(rng.choices(population, cum_weights=cum)[0])
    return list(picked)


def q(s: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML)."""
    return json.dumps(s, ensure_ascii=False)


def qa(items) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


def lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


def slugify(s: str) -> str:
    out, dash = [], False
    for ch in s.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


class Gen:
    def __init__(self, n: int, seed: int, issued: int, skew: bool = False):
        self.n = n
        self.k = issued
        self.rng = random.Random(seed)
        self.ctids: set[str] = set()
        # The skewed mode draws from a generator of its own, so that the even mode (the
        # default) stays byte-identical for a given seed: no skew code touches self.rng's
        # sequence when skew is off.
        self.skew = skew
        self.srng = random.Random(seed * 1_000_003 + 17)

    def ctid(self) -> str:
        while True:
            c = "ce-" + str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            if c not in self.ctids:
                self.ctids.add(c)
                return c

    def date(self, lo: dt.date, hi: dt.date) -> dt.date:
        return lo + dt.timedelta(days=self.rng.randrange((hi - lo).days + 1))

    # ---------------------------------------------------------------------------- orgs
    def make_orgs(self):
        r = self.rng
        n_org = max(4, round(self.n / 25))
        self.orgs = []
        for i in range(n_org):
            kind, pat, sector, tld = ORG_KINDS[i % len(ORG_KINDS)] if i >= 4 else ORG_KINDS[[0, 1, 2, 3][i]]
            city, region = PLACES[(i * 7 + i // len(PLACES)) % len(PLACES)]
            name = pat.format(p=city)
            if i >= len(PLACES):
                name += f" {['North', 'South', 'East', 'West', 'Central'][i % 5]} {i // len(PLACES) + 1}"
            slug = slugify(name) if i < len(PLACES) else f"{slugify(name)}-{i}"
            domain = slugify(name).replace("-", "")[:24] + (str(i) if i >= len(PLACES) else "")
            self.orgs.append({"slug": slug, "name": name, "kind": kind, "sector": sector, "city": city,
                              "region": region, "url": f"https://www.{domain}.example.{tld}",
                              "email": f"info@{domain}.example.{tld}", "ctid": self.ctid()})
        self.owners = [o for o in self.orgs if o["kind"] in ("college", "university", "training-provider",
                                                             "certification-body")]
        self.accreditors = [o for o in self.orgs if o["kind"] == "accreditor"]
        self.partners = [o for o in self.orgs if o["kind"] in ("employer", "training-provider",
                                                               "professional-association", "government")]

    def write_orgs(self, d: str):
        for i, o in enumerate(self.orgs):
            lines = ["+++", f"ctid = {q(o['ctid'])}", f"name = {q(o['name'])}", f"kind = {q(o['kind'])}",
                     f"sector = {q(o['sector'])}", f"url = {q(o['url'])}", f"email = {q(o['email'])}"]
            if i == 0:
                lines.append('logo = "/images/logo.svg"')
            lines += [f"summary = {q(self.org_summary(o))}", "", "[location]", f"city = {q(o['city'])}",
                      f"region = {q(o['region'])}", 'country = "US"', "+++",
                      f"{o['name']} is a fictional {o['kind'].replace('-', ' ')} generated for benchmarks. "
                      f"It is based in {o['city']}, {o['region']}.", "",
                      "It works with the other organizations in this catalog on stackable, "
                      "employer-validated credentials.", ""]
            write(os.path.join(d, o["slug"] + ".md"), "\n".join(lines))

    @staticmethod
    def org_summary(o) -> str:
        return {
            "college": "A public two-year college offering certificates and short stackable credentials.",
            "university": "A public university offering degrees and professional credentials.",
            "employer": "A regional employer that co-designs credentials and hires their holders.",
            "training-provider": "A private training provider delivering short, hands-on courses.",
            "accreditor": "An independent body that accredits certification programs.",
            "certification-body": "A nonprofit that develops and administers certification exams.",
            "professional-association": "A professional association for technical workers.",
            "government": "A public workforce board that funds training for in-demand jobs.",
        }[o["kind"]]

    # ---------------------------------------------------------------------------- frameworks
    def make_frameworks(self):
        n_fw = max(2, round(self.n / 200))
        self.frameworks = []
        for i in range(n_fw):
            dom = DOMAINS[i % len(DOMAINS)]
            edition = i // len(DOMAINS) + 1
            slug = slugify(dom["name"]) + (f"-{edition}" if edition > 1 else "")
            name = f"{dom['name']} Competency Framework" + (f" (Edition {edition})" if edition > 1 else "")
            comps = []  # (code, label, statement, skill, level, category, tasks, children)
            for ai, (area, cat) in enumerate(dom["areas"], start=1):
                code = f"{dom['prefix']}.{ai}"
                kids = []
                for ci, (asp, stmt, lvl) in enumerate(CHILD_ASPECTS, start=1):
                    kids.append((f"{code}.{ci}", f"{area} {asp}", stmt.format(a=area.lower()),
                                 self.rng.choice(dom["skills"]), lvl, cat,
                                 self.rng.sample(dom["tasks"], self.rng.randint(2, 4)), []))
                comps.append((code, area, f"Apply {area.lower()} knowledge and skills to {dom['name'].lower()} work "
                                            f"in line with industry practice.",
                               self.rng.choice(dom["skills"]), "proficient", cat,
                               self.rng.sample(dom["tasks"], self.rng.randint(2, 4)), kids))
            codes = [c[0] for c in comps] + [k[0] for c in comps for k in c[7]]
            self.frameworks.append({"slug": slug, "name": name, "dom": dom, "comps": comps, "codes": codes,
                                    "ctid": self.ctid(),
                                    "publisher": self.rng.choice(self.owners)["slug"]})

    def write_frameworks(self, d: str):
        for fw in self.frameworks:
            dom = fw["dom"]
            out = ["+++", f"ctid = {q(fw['ctid'])}", f"name = {q(fw['name'])}",
                   f"publisher = {q(fw['publisher'])}", 'language = "en-US"',
                   f"summary = {q('What a practitioner in ' + dom['name'].lower() + ' does in the first years on the job.')}",
                   f"source_url = {q('https://frameworks.example.org/' + fw['slug'])}"]
            for lid, lname, ldesc in LEVELS:
                out += ["", "[[levels]]", f"id = {q(lid)}", f"name = {q(lname)}", f"description = {q(ldesc)}"]
            for code, label, stmt, skill, lvl, cat, tasks, kids in fw["comps"]:
                out += ["", "[[competencies]]", f"code = {q(code)}", f"label = {q(label)}",
                        f"statement = {q(stmt)}", f"skill = {q(skill)}", f"level = {q(lvl)}",
                        f"category = {q(cat)}", f"tasks = {qa(tasks)}"]
                for kcode, klabel, kstmt, kskill, klvl, kcat, ktasks, _ in kids:
                    out += ["", "  [[competencies.children]]", f"  code = {q(kcode)}", f"  label = {q(klabel)}",
                            f"  statement = {q(kstmt)}", f"  skill = {q(kskill)}", f"  level = {q(klvl)}",
                            f"  category = {q(kcat)}", f"  tasks = {qa(ktasks)}"]
            out += ["+++", f"The {fw['name']} was written with employers in {dom['name'].lower()}. "
                           "Each competency has a formal statement, a plain-language skill, a level and tasks.",
                    "", "| Level | Meaning |", "|---|---|"]
            out += [f"| {ln} | {ld} |" for _, ln, ld in LEVELS]
            out.append("")
            write(os.path.join(d, fw["slug"] + ".md"), "\n".join(out))

    # ---------------------------------------------------------------------------- credentials
    def make_credentials(self):
        r = self.rng
        self.creds = []
        self.clusters = []  # list of (start, end) index ranges; last member is the "big" one
        i = 0
        huge_at = self.huge_stack_starts() if self.skew else []
        while i < self.n:
            size = min(r.randint(5, 12), self.n - i)
            if huge_at and i >= huge_at[0]:
                huge_at.pop(0)
                size = min(self.srng.randint(HUGE_STACK[0], HUGE_STACK[1]), max(size, self.n // 4), self.n - i)
            self.clusters.append((i, i + size))
            fw = r.choice(self.frameworks)
            owner = r.choice(self.owners)
            topics = r.sample(fw["dom"]["topics"], min(len(fw["dom"]["topics"]), size))
            for j in range(size):
                idx = i + j
                last = j == size - 1 and size > 1
                if last:
                    name = f"{fw['dom']['name']} {r.choice(['Certificate', 'Technician Certificate', 'Professional Certificate', 'Specialist Certificate'])}"
                else:
                    name = r.choice(PREFIXES) + topics[j % len(topics)] + r.choice(SUFFIXES)
                slug = f"{slugify(name)}-{idx + 1}"
                self.creds.append({"idx": idx, "slug": slug, "name": name, "fw": fw, "owner": owner,
                                   "big": last, "cluster": (i, i + size), "ctid": self.ctid()})
            i += size
        self.cluster_at = {cl[0]: cl for cl in self.clusters}
        # deprecated credentials superseded by the next credential in the same cluster
        for c in self.creds:
            c["status"] = "active"
        for c in self.creds:
            nxt = c["idx"] + 1
            if (not c["big"] and nxt < c["cluster"][1] - 1 and c["status"] == "active"
                    and r.random() < 0.03 and "supersedes" not in c):
                c["status"] = "deprecated"
                self.creds[nxt]["supersedes"] = c["ctid"]
        for c in self.creds:
            if c["status"] == "active" and r.random() < 0.01:
                c["status"] = r.choice(["suspended", "probationary", "ceasing", "teach-out"])

    def credential_text(self, c) -> str:
        r = self.rng
        fw, dom = c["fw"], c["fw"]["dom"]
        lo, hi = c["cluster"]
        big = c["big"]
        ctype = r.choice(BIG_TYPES if big else SMALL_TYPES)
        hours = r.choice([240, 300, 360, 420, 600]) if big else r.choice([8, 16, 24, 30, 40, 45, 60, 75, 90, 120])
        owner = c["owner"]
        offered = [owner["slug"]]
        if self.partners and r.random() < 0.25:
            p = r.choice(self.partners)["slug"]
            if p not in offered:
                offered.append(p)
        skills = r.sample(dom["skills"], min(len(dom["skills"]), r.randint(3, 6)))
        comps = []
        for code, _l, _s, _k, _v, _c, _t, kids in r.sample(fw["comps"], r.randint(1, 2)):
            if big or r.random() < 0.5:
                comps.append(code)
            comps += [k[0] for k in r.sample(kids, r.randint(1, 3))]
        comp_refs = [fw["slug"] + "/" + x for x in comps]
        if self.skew:
            skills, comp_refs = self.skewed_skills(), self.skewed_competencies()
        kw = r.sample(dom["keywords"], r.randint(3, 5))
        out = ["+++", f"ctid = {q(c['ctid'])}", f"name = {q(c['name'])}", f"type = {q(ctype)}",
               f"status = {q(c['status'])}", 'language = "en-US"', f"owned_by = [{q(owner['slug'])}]",
               f"offered_by = {qa(offered)}"]
        if (ctype == "Certification" or r.random() < 0.05) and self.accreditors:
            out.append(f"accredited_by = [{q(r.choice(self.accreditors)['slug'])}]")
        out += [f"summary = {q(self.summary(c, dom, big))}",
                "skills = [", *[f"  {q(s)}," for s in skills], "]",
                f"competencies = {qa(comp_refs)}",
                f"keywords = {qa(kw)}", f"image = {q('/images/badge.svg')}",
                f"estimated_hours = {hours}",
                f"duration = {q(r.choice(['P1Y', 'P9M', 'P2Y']) if big else r.choice(['P2W', 'P4W', 'P6W', 'P8W', 'P10W', 'P12W', 'PT16H', 'P3M']))}",
                f"audience_level = {qa(r.sample(['beginner', 'intermediate', 'advanced', 'professional', 'postsecondary', 'lower-division'], r.randint(1, 2)))}",
                f"delivery = {qa(r.sample(['online', 'in-person', 'blended', 'variable-site'], r.randint(1, 2)))}"]
        if big:
            # Programs of study carry their CIP 2020 code (no random draw: other output unchanged).
            out.append(f"cip = [{q(CIP[dom['key']])}]")
        idx = c["idx"]
        earlier = list(range(lo, idx))
        if self.skew:
            out += self.skewed_links(c)
        else:
            if earlier and not big and r.random() < 0.6:
                pre = sorted(r.sample(earlier, min(len(earlier), r.randint(1, 2))))
                out.append(f"prerequisites = {qa(self.creds[p]['slug'] for p in pre)}")
            if idx > 0 and r.random() < 0.15:
                rec = r.randrange(0, idx)
                out.append(f"recommended = [{q(self.creds[rec]['slug'])}]")
        if not big and hi - lo > 1:
            targets = [hi - 1]
            # a few credentials also count toward the next cluster's big credential (higher index)
            nxt = self.cluster_at.get(hi)
            if nxt and nxt[1] - nxt[0] > 1 and r.random() < 0.05:
                targets.append(nxt[1] - 1)
            out.append(f"stacks_into = {qa(self.creds[t]['slug'] for t in targets)}")
        eff = self.date(dt.date(2022, 1, 1), dt.date(2026, 6, 30))
        out.append(f"date_effective = {eff.isoformat()}")
        if r.random() < 0.01:
            out.append("draft = false")
        methods = r.sample(["exam", "artifact", "performance"], r.randint(1, 3))
        out += ["", "[assessment]", f"method = {qa(methods)}",
                f"description = {q(self.assessment(methods, dom))}",
                f"rubric = {q('Scored on accuracy, safety, completeness and communication, each on a four-point scale.')}",
                f"mastery_threshold = {q(r.choice(['80% on every rubric row', '75% overall and no critical errors', 'Meets expectations on every task', '70% scaled score']))}",
                f"proctored = {str(r.random() < 0.6).lower()}",
                f"identity_verified = {str(r.random() < 0.8).lower()}",
                f"retake_policy = {q(r.choice(['One free retake after 14 days.', 'Unlimited retakes, 48 hours apart.', 'One retake after a coaching session.']))}"]
        main_amount = r.choice([1800, 2400, 2850, 3100, 4200]) if big else r.choice(
            [0, 49, 95, 129, 149, 199, 249, 395, 450, 720])
        main_kind = "aggregate" if big and r.random() < 0.5 else "tuition"
        costs = [(main_amount, main_kind)]
        for kind in r.sample(COST_KINDS[1:], r.randint(0, 2)):
            costs.append((r.choice([15, 25, 35, 45, 60, 85, 120]), kind))
        for amount, kind in costs:
            out += ["", "[[costs]]", f"amount = {amount:.2f}", 'currency = "USD"', f"kind = {q(kind)}",
                    f"description = {q(COST_TEXT[kind])}"]
        if r.random() < 0.8:
            unit = r.choice(CREDIT_UNITS)
            val = r.choice([12, 15, 16, 18]) if big else r.choice([0.5, 1, 2, 3, 4, 1.6, 2.4])
            out += ["", "[credit]", f"value = {val}", f"unit = {q(unit)}"]
        for code, title in r.sample(dom["occupations"], r.randint(1, min(3, len(dom["occupations"])))):
            out += ["", "[[occupations]]", f"code = {q(code)}", f"title = {q(title)}"]
        for code, title in r.sample(dom["industries"], r.randint(1, min(2, len(dom["industries"])))):
            out += ["", "[[industries]]", f"code = {q(code)}", f"title = {q(title)}"]
        nver = r.randint(1, 3)
        out += ["", "[version]", f"identifier = \"{nver}.0\""]
        if "supersedes" in c:
            out.append(f"supersedes = {q(c['supersedes'])}")
        d0 = eff - dt.timedelta(days=365 * (nver - 1) + r.randint(0, 200))
        for v in range(1, nver + 1):
            hd = eff if v == nver else d0 + dt.timedelta(days=365 * (v - 1))
            out += ["", "[[version.history]]", f"identifier = \"{v}.0\"", f"date = {hd.isoformat()}",
                    f"changes = {q('First release.' if v == 1 else r.choice(['Updated the assessment rubric.', 'Added a hands-on project.', 'Refreshed tools and examples.', 'Aligned with the revised framework.']))}"]
        if r.random() < 0.35:
            out += ["", "[outcomes]", f"holders = {r.randint(5, 3000)}",
                    f"pass_rate = {r.randint(55, 98) / 100}", f"completion_rate = {r.randint(45, 95) / 100}"]
            if big:
                out.append(f"employment_rate = {r.randint(50, 92) / 100}")
            out += [f"median_weeks_to_complete = {r.randint(1, 52)}", "as_of = 2026-06-30"]
        out.append("+++")
        out.append(self.body(c, dom, hours, big))
        if self.skew:
            out.append(self.long_body(c, dom))
        return "\n".join(out)

    # ---------------------------------------------------------------------------- skew
    # Real catalogs are not even: a few skills and competencies appear on most credentials
    # (workplace safety, communication), a few stacks are huge (a degree with hundreds of
    # courses), introductory credentials are recommended by many others, and bodies run to
    # several KB. Every skewed link still points from a lower index to a higher one (see the
    # module doc), so the graphs stay acyclic.

    def huge_stack_starts(self) -> list[int]:
        """Where the few huge stacks begin: evenly spread, one per ~3,000 credentials."""
        h = max(1, round(self.n / 3000))
        return [(k + 1) * self.n // (h + 1) for k in range(h)]

    def skill_vocabulary(self) -> tuple[list[str], list[float]]:
        """Skill phrases in popularity order and their Zipf cumulative weights (built once)."""
        if not hasattr(self, "_skills"):
            base = sorted({s for d in DOMAINS for s in d["skills"] + d["tasks"]})
            phrases = base + [f"{b} {ctx}" for ctx in SKILL_CONTEXTS for b in base]
            self.srng.shuffle(phrases)
            vocab = phrases[: max(300, min(len(phrases), self.n // 5))]
            self._skills = (vocab, zipf_cumulative(len(vocab)))
        return self._skills

    def competency_vocabulary(self) -> tuple[str, list[str], list[float]]:
        """The hub competency (on ~60% of credentials), the others in popularity order, and
        their Zipf cumulative weights."""
        if not hasattr(self, "_comps"):
            refs = [f"{fw['slug']}/{code}" for fw in self.frameworks for code in fw["codes"]]
            self.srng.shuffle(refs)
            self._comps = (refs[0], refs[1:], zipf_cumulative(len(refs) - 1))
        return self._comps

    def skewed_skills(self) -> list[str]:
        vocab, cum = self.skill_vocabulary()
        return zipf_sample(self.srng, vocab, cum, self.srng.randint(3, 8))

    def skewed_competencies(self) -> list[str]:
        hub, rest, cum = self.competency_vocabulary()
        out = [hub] if self.srng.random() < HUB_COMPETENCY_SHARE else []
        return out + zipf_sample(self.srng, rest, cum, self.srng.randint(1, 4))

    def skewed_links(self, c) -> list[str]:
        """Dense prerequisites (within the stack and across it) and recommendations, drawn
        toward the low indexes: the first credentials become hubs recommended by thousands."""
        sr, idx, lo = self.srng, c["idx"], c["cluster"][0]
        out = []
        pre = set()
        if idx > lo and sr.random() < 0.9:
            pre.update(sr.randrange(max(lo, idx - 20), idx) for _ in range(sr.randint(1, 3)))
        # Few prerequisites cross stacks: each brings in the whole prerequisite tree of the
        # credential it names, and over about one per stack those trees span the catalog (no
        # real catalog asks for everything before anything).
        if idx > 0 and sr.random() < CROSS_STACK_PREREQUISITE:
            pre.add(int(idx * sr.random() ** 2))
        if pre:
            out.append(f"prerequisites = {qa(self.creds[p]['slug'] for p in sorted(pre))}")
        if idx > 0:
            rec = {int(idx * sr.random() ** 3) for _ in range(sr.randint(2, 8))} - pre
            if rec:
                out.append(f"recommended = {qa(self.creds[x]['slug'] for x in sorted(rec))}")
        return out

    def long_body(self, c, dom) -> str:
        """Several KB more of markdown: lists, a schedule table, links to other content files
        (`@/` links, resolved by credcat and zola alike) and external links."""
        sr = self.srng
        others = [self.creds[sr.randrange(self.n)] for _ in range(sr.randint(3, 6))]
        fw, owner = c["fw"], c["owner"]
        parts = ["", "## What you will do", ""]
        parts += [f"- {t}, then {lower_first(s)}." for t, s in
                  zip(sr.sample(dom["tasks"], min(len(dom["tasks"]), sr.randint(4, 6))),
                      (sr.choice(dom["skills"]) for _ in range(6)))]
        parts += ["", "## Schedule", "", "| Week | Topic | Hours | Assessed by |", "|---|---|---:|---|"]
        for w in range(1, sr.randint(8, 14) + 1):
            parts.append(f"| {w} | {sr.choice(dom['tasks'])} | {sr.choice([2, 3, 4, 6, 8])} | "
                         f"{sr.choice(['Quiz', 'Lab check-off', 'Project milestone', 'Peer review', 'Observation'])} |")
        parts += ["", "## Related", ""]
        parts += [f"- [{o['name']}](@/credentials/{o['slug']}.md): {lower_first(sr.choice(o['fw']['dom']['skills']))}."
                  for o in others]
        parts += [f"- The [{fw['name']}](@/competencies/{fw['slug']}.md) lists every competency this credential certifies.",
                  f"- [{owner['name']}](@/organizations/{owner['slug']}.md) runs the assessment.", ""]
        parts += ["## Questions learners ask", ""]
        for qn, (question, answer) in enumerate(sr.sample(FAQ, 4)):
            parts += [f"### {question}", "", answer.format(name=c["name"], org=owner["name"],
                                                           dom=dom["name"].lower(), n=qn + 1), ""]
        parts.append(f"See the [employer survey](https://research.example.org/{dom['key']}/survey-{c['idx'] % 97}) "
                     f"and the [labor-market brief](https://lmi.example.gov/{dom['key']}?year=2026&region={c['idx'] % 50}) "
                     "for the figures behind this credential.")
        return "\n".join(parts) + "\n"

    def summary(self, c, dom, big) -> str:
        if big:
            return (f"A stackable {dom['name'].lower()} certificate that combines shorter credentials with a "
                    f"work-based project, preparing holders for entry-level roles.")
        return (f"Certifies practical {dom['name'].lower()} skills in {c['name'].lower()}, assessed on real "
                f"workplace tasks.")

    def assessment(self, methods, dom) -> str:
        parts = {"exam": "a proctored exam", "artifact": "a portfolio project reviewed by two assessors",
                 "performance": "a hands-on performance task observed by an instructor"}
        return f"Holders completed {' and '.join(parts[m] for m in methods)}, built from {dom['name'].lower()} workplace scenarios."

    def body(self, c, dom, hours, big) -> str:
        r = self.rng
        paras = [f"**{c['name']}** is offered by {c['owner']['name']}. It takes about {hours} hours and focuses on "
                 f"the {dom['name'].lower()} tasks that employers on the advisory board ask about most often.",
                 f"Learners practice on realistic scenarios and finish with an assessment that checks what they "
                 f"can do, not only what they know. {r.choice(dom['skills'])}."]
        if r.random() < 0.5:
            paras.append("The credential is reviewed every year with employer partners, and the competencies it "
                         "certifies are listed on this page with their framework codes.")
        if r.random() < 0.3:
            rows = "\n".join(f"| {t} | {r.choice(['Week 1', 'Week 2', 'Week 3', 'Week 4', 'Final project'])} |"
                             for t in r.sample(dom["tasks"], 3))
            paras.append("| Task | When |\n|---|---|\n" + rows)
        if r.random() < 0.2:
            paras.append("Outcome figures are for the most recent cohort.[^1]\n\n"
                         "[^1]: Reported by the institution; see the outcomes section for the date.")
        return "\n\n".join(paras) + "\n"

    def write_credentials(self, d: str):
        for c in self.creds:
            write(os.path.join(d, c["slug"] + ".md"), self.credential_text(c))

    # ---------------------------------------------------------------------------- pathways
    def write_pathways(self, d: str):
        r = self.rng
        n_pw = max(1, round(self.n / 40))
        eligible = [cl for cl in self.clusters if cl[1] - cl[0] >= 3]
        chosen = sorted(r.sample(eligible, min(n_pw, len(eligible))))
        if self.skew:
            # every huge stack is a pathway too: stages of a hundred credentials and more
            chosen = sorted(set(chosen) | {cl for cl in eligible if cl[1] - cl[0] >= HUGE_STACK[0]})
        self.n_pathways = len(chosen)
        for pi, (lo, hi) in enumerate(chosen):
            dest = self.creds[hi - 1]
            members = [self.creds[k]["slug"] for k in range(lo, hi - 1)]
            n_st = min(len(members), r.randint(2, 4))
            cuts = sorted(r.sample(range(1, len(members)), n_st - 1))
            stages, prev = [], 0
            for cut in cuts + [len(members)]:
                stages.append(members[prev:cut])
                prev = cut
            slug = f"{slugify(dest['fw']['dom']['name'])}-pathway-{pi + 1}"
            out = ["+++", f"ctid = {q(self.ctid())}", f"name = {q(dest['fw']['dom']['name'] + ' Pathway ' + str(pi + 1))}",
                   f"summary = {q('A sequence of stackable credentials leading to the ' + dest['name'] + '.')}",
                   f"owned_by = [{q(dest['owner']['slug'])}]", f"destination = {q(dest['slug'])}"]
            for si, st in enumerate(stages):
                out += ["", "[[stages]]", f"name = {q(STAGE_NAMES[si % len(STAGE_NAMES)])}", f"credentials = {qa(st)}"]
                if self.skew and len(st) > HUGE_STAGE:
                    # A stage of a huge stack requires all its credentials. "Any k of n" here
                    # (electives) is what real programs say, but with the stack's chains of
                    # prerequisites it makes the route search (derive::routes) run for more
                    # than ten minutes at 1,000 credentials: see BENCHMARKS.md, "Against zola".
                    out.append('require = "all"')
                elif len(st) >= 3 and r.random() < 0.6:
                    out.append(f"require = {r.randint(1, len(st) - 1)}")
                elif r.random() < 0.5:
                    out.append('require = "all"')
            out += ["+++", f"This pathway leads to the {dest['name']} in {len(stages)} stages. "
                           "Each stage ends with a credential employers recognize.", ""]
            write(os.path.join(d, slug + ".md"), "\n".join(out))

    # ---------------------------------------------------------------------------- issued
    def write_issued(self, d: str):
        r = self.rng
        awards = []
        for a in range(self.k):
            c = r.choice(self.creds)
            fn, ln = r.choice(FIRST), r.choice(LAST)
            issued = self.date(dt.date(2022, 1, 1), dt.date(2026, 6, 30))
            aw = {"id": f"{issued.year}-{a + 1:06d}", "credential": c["slug"], "recipient_name": f"{fn} {ln}",
                  "publish_name": r.random() < 0.5,
                  "recipient_email": f"{fn.lower()}.{ln.lower()}{a}@example.org", "issued": issued}
            x = r.random()
            if x < 0.3:
                aw["expires"] = issued + dt.timedelta(days=r.choice([365, 730, 1095]))
            if r.random() < 0.1:
                aw["evidence_url"] = f"https://portfolio.example.org/{aw['id']}"
                aw["evidence_narrative"] = f"{fn} completed the final assessment: {lower_first(r.choice(c['fw']['dom']['skills']))}."
            aw["revoked"] = r.random() < 0.03
            if aw["revoked"]:
                aw["revocation_reason"] = "Issued in error; the assessment record was incomplete."
            awards.append(aw)
        # three quarters TOML (files of up to 1000 awards), one quarter CSV
        n_csv = len(awards) // 4
        toml_part, csv_part = awards[: len(awards) - n_csv], awards[len(awards) - n_csv:]
        for f in range(0, len(toml_part), 1000):
            out = []
            for aw in toml_part[f:f + 1000]:
                out.append("[[award]]")
                for k, v in aw.items():
                    if isinstance(v, bool):
                        out.append(f"{k} = {str(v).lower()}")
                    elif isinstance(v, dt.date):
                        out.append(f"{k} = {v.isoformat()}")
                    else:
                        out.append(f"{k} = {q(v)}")
                out.append("")
            write(os.path.join(d, f"awards-{f // 1000 + 1:03d}.toml"), "\n".join(out))
        if csv_part:
            import csv
            import io
            cols = ["id", "credential", "recipient_name", "publish_name", "recipient_email", "issued", "expires",
                    "evidence_url", "evidence_narrative", "revoked", "revocation_reason"]
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(cols)
            for aw in csv_part:
                row = []
                for col in cols:
                    v = aw.get(col, "")
                    row.append(str(v).lower() if isinstance(v, bool) else (v.isoformat() if isinstance(v, dt.date) else v))
                w.writerow(row)
            write(os.path.join(d, "awards.csv"), buf.getvalue())


def write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


BADGE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" height="128">
  <circle cx="64" cy="64" r="60" fill="#134a5e"/><circle cx="64" cy="64" r="52" fill="#1f6f8b"/>
  <text x="64" y="72" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="20" fill="#fff">BADGE</text>
</svg>
"""


def main() -> int:
    ap = argparse.ArgumentParser(description="Generate a synthetic credcat catalog.")
    ap.add_argument("--credentials", type=int, required=True, metavar="N")
    ap.add_argument("--out", required=True, metavar="DIR")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--issued", type=int, default=0, metavar="K")
    ap.add_argument("--force", action="store_true", help="replace DIR/content if it exists")
    ap.add_argument("--skew", action="store_true",
                    help="skewed like real catalogs: Zipf skills and competencies (one on ~60%% of credentials), "
                         "a few huge stacks, dense prerequisites and recommendations, long bodies")
    a = ap.parse_args()
    if a.credentials < 1 or a.issued < 0:
        ap.error("--credentials must be >= 1 and --issued >= 0")
    t0 = time.perf_counter()
    content = os.path.join(a.out, "content")
    if os.path.exists(content):
        if not a.force and os.listdir(content):
            ap.error(f"{content} exists and is not empty (use --force to replace it)")
        shutil.rmtree(content)
    dirs = {k: os.path.join(content, k) for k in ("organizations", "competencies", "credentials", "pathways", "issued")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    os.makedirs(os.path.join(a.out, "static", "images"), exist_ok=True)

    g = Gen(a.credentials, a.seed, a.issued, skew=a.skew)
    g.make_orgs()
    g.make_frameworks()
    g.make_credentials()
    mode = ", skewed" if a.skew else ""
    write(os.path.join(a.out, "site-config.toml"), "\n".join([
        'base_url = "https://catalog.bench.example.edu"',
        f"title = {q(f'Benchmark Catalog ({a.credentials} credentials, seed {a.seed}{mode})')}",
        'description = "A synthetic credential catalog generated by bench/gen_catalog.py."',
        'language = "en-US"', f"publisher = {q(g.orgs[0]['slug'])}", 'theme = "default"', "",
        "[badges]", 'key_file = ".credcat/issuer.key"', ""]))
    write(os.path.join(a.out, "static", "images", "badge.svg"), BADGE_SVG)
    write(os.path.join(a.out, "static", "images", "logo.svg"), BADGE_SVG)
    g.write_orgs(dirs["organizations"])
    g.write_frameworks(dirs["competencies"])
    g.write_credentials(dirs["credentials"])
    g.write_pathways(dirs["pathways"])
    if a.issued:
        g.write_issued(dirs["issued"])
    n_comp = sum(len(fw["codes"]) for fw in g.frameworks)
    print(f"wrote {a.out}: {len(g.creds)} credentials, {len(g.orgs)} organizations, {len(g.frameworks)} "
          f"frameworks ({n_comp} competencies), {g.n_pathways} pathways, {a.issued} awards "
          f"in {time.perf_counter() - t0:.2f}s (seed {a.seed}{mode})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
