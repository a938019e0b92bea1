#!/usr/bin/env python3
"""Generate a hub catalog: the skew that exposes quadratic steps.

Usage:
    python3 bench/gen_hub.py DIR N

N badges that all certify one competency, all count toward one certificate, all prepare for
one occupation in one industry and all sit in the one stage of one pathway ("any 3 of N"),
each recommending the badge before it (a chain N long). tests/scale.rs builds it at two sizes; BENCHMARKS.md measures it at 10,000.
Standard library only. DIR gets site-config.toml and content/ (no themes).
"""
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
c = os.path.join(root, 'content')
for d in ['credentials','competencies','organizations','pathways']:
    os.makedirs(os.path.join(c,d), exist_ok=True)
ctid = lambda k,i: f"ce-{k:08x}-0000-4000-8000-{i:012x}"
open(f"{root}/site-config.toml","w").write('base_url = "https://example.edu"\ntitle = "Hub"\npublisher = "college"\npaginate_by = 50\n')
open(f"{c}/organizations/college.md","w").write(f'+++\nctid = "{ctid(1,0)}"\nname = "College"\nkind = "college"\nurl = "https://example.edu"\n+++\n')
open(f"{c}/competencies/core.md","w").write(f'+++\nctid = "{ctid(2,0)}"\nname = "Core"\npublisher = "college"\n\n[[competencies]]\ncode = "C.1"\nlabel = "Everything"\nstatement = "Does everything."\n+++\n')
b = lambda i: f"badge-{i:05}"
codes = '\n[[occupations]]\ncode = "15-1211.00"\ntitle = "Computer Systems Analysts"\n\n[[industries]]\ncode = "541511"\ntitle = "Custom Computer Programming Services"\n'

for i in range(n):
    rec = f'recommended = ["{b(i-1)}"]\n' if i else ''
    open(f"{c}/credentials/{b(i)}.md","w").write(f'+++\nctid = "{ctid(3,i)}"\nname = "Badge {i}"\ntype = "DigitalBadge"\nstatus = "active"\nowned_by = ["college"]\nsummary = "Badge number {i}."\nskills = ["Skill {i}"]\ncompetencies = ["core/C.1"]\nstacks_into = ["certificate"]\n{rec}estimated_hours = 10\n{codes}+++\nBody of badge {i}.\n')
open(f"{c}/credentials/certificate.md","w").write(f'+++\nctid = "{ctid(4,0)}"\nname = "The Certificate"\ntype = "Certificate"\nstatus = "active"\nowned_by = ["college"]\nsummary = "Everything together."\n+++\n')
allc = ", ".join(f'"{b(i)}"' for i in range(n))
open(f"{c}/pathways/everything.md","w").write(f'+++\nctid = "{ctid(5,0)}"\nname = "Everything"\nowned_by = ["college"]\ndestination = "certificate"\n\n[[stages]]\nname = "All of them"\ncredentials = [{allc}]\nrequire = 3\n+++\n')
