#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check that kmod/uapi/linux/wrtc.h and kmod/netlink.c follow kmod/wrtc.yaml.

The spec is the one source of the wrtc family. This derives every uAPI name
and value from it with the kernel's YNL naming rules and has the C compiler
check them against the header (static assertions), checks the header has no
name the spec lacks, and checks each operation's policy in netlink.c takes
exactly the request attributes the spec lists, with the spec's exact-length,
min, max and enum checks. Prints TAP; runs on the host (no guest needed):

    /usr/bin/python3 tests/guest/spec_check.py
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(TOP, "kmod", "wrtc.yaml")
HEADER = os.path.join(TOP, "kmod", "uapi", "linux", "wrtc.h")
NETLINK_C = os.path.join(TOP, "kmod", "netlink.c")

results = []


def report(ok, name, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} {name}")
    for line in detail.splitlines():
        print(f"# {line}")


def c_name(*parts):
    return "_".join(p.upper().replace("-", "_") for p in parts)


def expected_names(spec):
    """Every uAPI name the spec defines, with its value."""
    fam = spec["name"]
    names = {}
    consts = {}
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            names[c_name(fam, d["name"])] = d["value"]
            consts[d["name"]] = d["value"]
        elif d["type"] in ("enum", "flags"):
            start = d.get("value-start", 0)
            for i, e in enumerate(d["entries"]):
                ename = e["name"] if isinstance(e, dict) else e
                value = 1 << (start + i) if d["type"] == "flags" else start + i
                names[c_name(fam, d["name"], ename)] = value
            if d["type"] == "enum":
                names[c_name(fam, d["name"], "max")] = start + len(d["entries"]) - 1
    for s in spec["attribute-sets"]:
        if "subset-of" in s:
            continue
        for i, a in enumerate(s["attributes"], start=1):
            names[c_name(fam, "a", s["name"], a["name"])] = i
        names[c_name(fam, "a", s["name"], "max")] = len(s["attributes"])
    for i, op in enumerate(spec["operations"]["list"], start=1):
        names[c_name(fam, "cmd", op["name"])] = i
    names[c_name(fam, "cmd", "max")] = len(spec["operations"]["list"])
    return names, consts


def check_header(spec):
    names, _ = expected_names(spec)
    asserts = [f'_Static_assert({n} == {v}, "{n} != {v}");' for n, v in names.items()]
    for g in spec["mcast-groups"]["list"]:
        n = c_name(spec["name"], "mcgrp", g["name"])
        asserts.append(f'_Static_assert(sizeof({n}) == sizeof("{g["name"]}"), "{n}");')
    src = f'#include "{HEADER}"\n' + "\n".join(asserts) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write(src)
        path = f.name
    try:
        cc = subprocess.run(["gcc", "-std=gnu11", "-fsyntax-only", path],
                            capture_output=True, text=True)
    finally:
        os.unlink(path)
    errors = [l for l in cc.stderr.splitlines() if "error" in l]
    report(cc.returncode == 0, "uapi header has every spec name with its value",
           "\n".join(errors[:20]))

    text = open(HEADER).read()
    body = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    in_header = set(re.findall(r"\b(WRTC_[A-Z0-9_]+)\b", body))
    allowed = set(names) | {c_name(spec["name"], "mcgrp", g["name"])
                            for g in spec["mcast-groups"]["list"]}
    allowed |= {"WRTC_FAMILY_NAME", "WRTC_FAMILY_VERSION"}
    extra = sorted(n for n in in_header - allowed
                   if not n.startswith("__") and n != "_UAPI_LINUX_WRTC_H")
    report(not extra, "uapi header has no name the spec lacks", " ".join(extra))


def policy_entries(src, name):
    """{attribute C name: policy text} of one nla_policy array in netlink.c."""
    m = re.search(r"\b" + re.escape(name) + r"\s*\[[^\]]*\]\s*=\s*\{(.*?)\n\};", src, re.S)
    if not m:
        return None
    entries = {}
    for em in re.finditer(r"\[(WRTC_[A-Z0-9_]+)\]\s*=\s*(.*?)(?=,\s*\n\s*\[|,?\s*$)", m.group(1), re.S):
        text = " ".join(em.group(2).split())
        entries[em.group(1)] = re.sub(r"\( ", "(", text)
    return entries


def expected_policy(spec, fam, aset, attr, consts):
    """What the policy of one attribute must say, as a regex."""
    t = attr["type"]
    checks = attr.get("checks", {})
    enum = attr.get("enum")
    if t == "binary":
        n = checks.get("exact-len")
        n = consts.get(n, n)
        return rf"NLA_POLICY_EXACT_LEN\({n}\)" if n is not None else r"NLA_BINARY"
    if t == "nest":
        return r"NLA_POLICY_NESTED\(wrtc_" + attr["nested-attributes"].replace("-", "_") + r"_nl_policy\)"
    base = {"u16": "16", "u32": "32", "u64": "64"}[t]
    nla = ("NLA_BE" if attr.get("byte-order") == "big-endian" else "NLA_U") + base
    if enum:
        d = next(x for x in spec["definitions"] if x["name"] == enum)
        if attr.get("enum-as-flags") or d["type"] == "flags":
            return rf"NLA_POLICY_MASK\({nla},"
        lo = d.get("value-start", 0)
        if lo == 0:
            return rf"NLA_POLICY_MAX\({nla}, {c_name(fam, enum, 'max')}\)"
        first = d["entries"][0]
        first = first["name"] if isinstance(first, dict) else first
        return (rf"NLA_POLICY_RANGE\({nla}, {c_name(fam, enum, first)}, "
                rf"{c_name(fam, enum, 'max')}\)")
    if "min" in checks:
        return rf"NLA_POLICY_MIN\({nla}, {checks['min']}\)"
    if "max" in checks:
        return rf"NLA_POLICY_(MAX|FULL_RANGE)\({nla},"
    return rf"\{{ \.type = {nla} \}}"


def check_policies(spec):
    fam = spec["name"]
    _, consts = expected_names(spec)
    src = open(NETLINK_C).read()
    sets = {s["name"]: s for s in spec["attribute-sets"]}
    ops = re.findall(r"\.cmd = (WRTC_CMD_[A-Z_]+),(.*?)\n\t\}", src, re.S)
    op_policy = {cmd: (re.search(r"WRTC_OP_POLICY\((\w+)\)", body) or [None, None])[1]
                 for cmd, body in ops}
    for op in spec["operations"]["list"]:
        if "do" not in op and "dump" not in op:
            continue
        cmd = c_name(fam, "cmd", op["name"])
        req = (op.get("do") or {}).get("request", {}).get("attributes", [])
        aset = sets[op["attribute-set"]]
        problems = []
        if cmd not in op_policy:
            report(False, f"{op['name']}: in the operation table", "missing")
            continue
        pname = op_policy[cmd]
        if not req:
            if pname:
                problems.append(f"takes no attribute but has policy {pname}")
        else:
            entries = policy_entries(src, pname) if pname else None
            if entries is None:
                problems.append("no policy")
                entries = {}
            want = {c_name(fam, "a", aset["name"], a): a for a in req}
            for cname in sorted(set(entries) - set(want)):
                problems.append(f"policy takes {cname}, the spec does not")
            for cname, a in want.items():
                if cname not in entries:
                    problems.append(f"policy lacks {cname}")
                    continue
                attr = next(x for x in aset["attributes"] if x["name"] == a)
                pat = expected_policy(spec, fam, aset, attr, consts)
                if not re.search(pat, entries[cname]):
                    problems.append(f"{cname}: '{entries[cname]}' is not /{pat}/")
            # Nested policies: every attribute of the nested set, checked.
            for cname, a in want.items():
                attr = next(x for x in aset["attributes"] if x["name"] == a)
                if attr["type"] != "nest":
                    continue
                nset = sets[attr["nested-attributes"]]
                nname = "wrtc_" + nset["name"].replace("-", "_") + "_nl_policy"
                nentries = policy_entries(src, nname) or {}
                for na in nset["attributes"]:
                    ncname = c_name(fam, "a", nset["name"], na["name"])
                    pat = expected_policy(spec, fam, nset, na, consts)
                    if not re.search(pat, nentries.get(ncname, "")):
                        problems.append(f"{nname}: {ncname} '{nentries.get(ncname)}' is not /{pat}/")
        flags = re.search(r"\.cmd = " + cmd + r",(.*?)\n\t\}", src, re.S).group(1)
        if "admin-perm" in op.get("flags", []) and "GENL_ADMIN_PERM" not in flags:
            problems.append("not GENL_ADMIN_PERM")
        if "dump" in op and ".dumpit" not in flags:
            problems.append("no dumpit")
        report(not problems, f"{op['name']}: kernel policy follows the spec", "\n".join(problems))


def main():
    print("TAP version 13")
    spec = yaml.safe_load(open(SPEC))
    report(spec.get("protocol") == "genetlink" and spec.get("name") == "wrtc",
           "spec is the genetlink family wrtc")
    check_header(spec)
    check_policies(spec)
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
