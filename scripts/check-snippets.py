#!/usr/bin/env python3
"""Type-checks every ```swift block of README.md and of the DocC catalogs (.md and .tutorial) against built modules.

Called by scripts/check-tutorial-code.sh. Markers, an HTML comment on the line before a block (invisible on GitHub
and in DocC):
  <!-- no-compile: reason -->        the block is not compiled (a Package.swift fragment, say); the reason is listed
  <!-- snippet-context: code -->     `code` is compiled before the block (top-level declarations such as
                                     `struct MyExchange …`); several markers may follow one another
  <!-- snippet-parameters: a: A, b: B -->   names the reader already has: the block becomes the body of an
                                     `async throws` function taking them as parameters
and, once anywhere in a file, on its own line, for every block of the file:
  <!-- snippet-parameters-in-this-file: a: A, b: B -->
  <!-- snippet-context-in-this-file: code -->
A block with top-level declarations that cannot be local to a function (a line starting with `protocol`,
`extension`, `public` or an attribute such as `@Test`) is compiled as it stands, without parameters.
A block without an `import` line is compiled with the SDK's modules imported: in a DocC catalog its own module and
ScopedAuth, in the README every root module. Each block is checked against the first modules folder holding every
module it imports; one that no folder holds fails with --require-all and is listed as not built otherwise.
"""
import concurrent.futures, glob, os, re, subprocess, sys, tempfile

args = sys.argv[1:]
require_all = "--require-all" in args
dirs = [d for d in args if d != "--require-all" and os.path.isdir(d)]
if not dirs:
    sys.exit("usage: check-snippets.py [--require-all] <modules-dir>…")

ROOT_MODULES = ["ScopedAuth", "ScopedAuthMASV", "ScopedAuthSpacelift", "ScopedAuthMassdriver", "ScopedAuthMudstack",
                "ScopedAuthMetaKraftwerk", "ScopedAuthTesting"]
SYSTEM = {"Foundation", "FoundationNetworking", "Testing", "Dispatch", "Synchronization", "Glibc", "Darwin", "XCTest"}

files = ["README.md"] + sorted(glob.glob("DocC/**/*.md", recursive=True) + glob.glob("DocC/**/*.tutorial", recursive=True))
snippets, skipped = [], []
DECLARATION = re.compile(r"^(protocol|extension|public|@\w+)\b", re.M)  # what cannot be local to a function
IMPORT = re.compile(r"^\s*(?:@testable\s+)?(?:public\s+|internal\s+)?import\s+\w+.*$", re.M)

for path in files:
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    file_context = re.findall(r"^<!--\s*snippet-context-in-this-file:\s*(.*?)\s*-->\s*$", text, re.M)
    file_parameters = re.findall(r"^<!--\s*snippet-parameters-in-this-file:\s*(.*?)\s*-->\s*$", text, re.M)
    i = 0
    while i < len(lines):
        if lines[i].strip().startswith("```swift"):
            indent = len(lines[i]) - len(lines[i].lstrip())
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            body = "\n".join(l[indent:] if l[:indent].strip() == "" else l for l in lines[start:j])
            context, parameters, reason, k = list(file_context), list(file_parameters), None, i - 1
            while k >= 0 and lines[k].strip().startswith("<!--"):
                m = re.match(r"\s*<!--\s*(no-compile|snippet-context|snippet-parameters|snippet-context-in-this-file|"
                             r"snippet-parameters-in-this-file):\s*(.*?)\s*-->\s*$", lines[k])
                if not m:
                    sys.exit(f"{path}:{k + 1}: unknown marker {lines[k].strip()}")
                if m.group(1) == "no-compile":
                    reason = m.group(2)
                elif m.group(1) == "snippet-parameters":
                    parameters.append(m.group(2))
                elif m.group(1) == "snippet-context":
                    context.insert(len(file_context), m.group(2))
                k -= 1
            where = f"{path}:{i + 1}"
            if reason is not None:
                skipped.append((where, reason))
            else:
                imports = IMPORT.findall(body)
                statements = IMPORT.sub("", body)
                if parameters and not DECLARATION.search(statements):
                    context = ["import Foundation"] + context  # for the parameters' types (URL, Date)
                    statements = ("func snippet(" + ", ".join(p for p in parameters if p) + ") async throws {\n"
                                  + statements + "\n}")
                code = "\n".join(imports + context + [statements])
                if not imports:
                    catalog = re.match(r"DocC/(\w+)\.docc/", path)
                    modules = ["Foundation", "ScopedAuth", catalog.group(1)] if catalog else ["Foundation"] + ROOT_MODULES
                    code = "\n".join(f"import {m}" for m in dict.fromkeys(modules)) + "\n" + code
                snippets.append((where, code, start))
            i = j + 1
        else:
            i += 1

work = tempfile.mkdtemp()

def check(item):
    index, (where, code, line) = item
    imports = set(re.findall(r"(?:^|;)\s*(?:@testable\s+)?(?:public\s+|internal\s+)?import\s+(\w+)", code, re.M)) - SYSTEM
    folder = next((d for d in dirs if all(os.path.exists(os.path.join(d, m + ".swiftmodule")) for m in imports)), None)
    if folder is None:
        return where, "unbuilt", ", ".join(sorted(m for m in imports if not any(
            os.path.exists(os.path.join(d, m + ".swiftmodule")) for d in dirs)))
    source = os.path.join(work, f"snippet{index}.swift")
    with open(source, "w") as f:
        f.write(code + "\n")
    flags = ["-parse-as-library"] if re.search(r"^\s*@main\b", code, re.M) else []
    # C modules of the build (NIO's and swift-atomics' shims, say) are found through their module maps.
    bin_dir = os.path.dirname(os.path.abspath(folder))
    scratch = os.path.dirname(os.path.dirname(os.path.realpath(bin_dir)))
    for modulemap in glob.glob(os.path.join(bin_dir, "*.build", "module.modulemap")) + glob.glob(
            os.path.join(scratch, "checkouts", "*", "Sources", "*", "include", "module.modulemap")):
        flags += ["-Xcc", "-fmodule-map-file=" + modulemap]
    run = subprocess.run(["swiftc", "-typecheck", "-swift-version", "6", "-I", folder, *flags, source],
                         capture_output=True, text=True)
    if run.returncode != 0:
        errors = [l for l in run.stderr.splitlines() if ": error:" in l]
        return where, "broken", "\n    ".join(e.split(": error: ", 1)[-1] for e in errors[:6]) or run.stderr[-600:]
    return where, "ok", folder

with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    results = list(pool.map(check, enumerate(snippets)))

broken = [r for r in results if r[1] == "broken"]
unbuilt = [r for r in results if r[1] == "unbuilt"]
for where, _, detail in broken:
    print(f"BROKEN {where}:\n    {detail}")
for where, _, modules in unbuilt:
    print(f"{'MISSING' if require_all else 'not built here'} {where}: needs {modules}")
for where, reason in skipped:
    print(f"skipped {where}: {reason}")
ok = sum(1 for r in results if r[1] == "ok")
print(f"snippets: {ok} of {len(snippets) + len(skipped)} Swift blocks in README.md and DocC type-check; "
      f"{len(skipped)} marked no-compile, {len(unbuilt)} need modules not built here, {len(broken)} broken")
sys.exit(1 if broken or (require_all and unbuilt) else 0)
