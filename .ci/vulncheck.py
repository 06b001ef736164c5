#!/usr/bin/env python3
"""Reads govulncheck -format json on stdin and fails on what must be fixed.

Fails on any finding for which a fixed version exists (upgrade the module),
and on any vulnerability our code calls that is not accepted in
.ci/vuln-accepted with the reason it does not apply.
"""
import json
import pathlib
import sys

accepted = {}
for line in (pathlib.Path(__file__).parent / "vuln-accepted").read_text().splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        osv, _, reason = line.partition(" ")
        accepted[osv] = reason.strip()

text, decoder, i, problems, seen = sys.stdin.read(), json.JSONDecoder(), 0, [], set()
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    message, i = decoder.raw_decode(text, i)
    finding = message.get("finding")
    if not finding:
        continue
    osv, fixed = finding["osv"], finding.get("fixed_version")
    frame = (finding.get("trace") or [{}])[0]
    module = frame.get("module", "")
    called = bool(frame.get("function"))
    if fixed and (osv, module) not in seen:
        seen.add((osv, module))
        problems.append(f"{osv} in {module}: fixed in {fixed}; upgrade it")
    elif called and not fixed and osv not in accepted and (osv, "called") not in seen:
        seen.add((osv, "called"))
        problems.append(f"{osv} in {module} is called and has no fix: judge it and add it to .ci/vuln-accepted with the reason")

for osv, reason in sorted(accepted.items()):
    print(f"accepted {osv}: {reason}")
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
