#!/usr/bin/env python3
"""Fails when the folders under a source root include each other in a cycle.

Usage: check-folder-cycles.py ROOT [ROOT...]

Within ROOT, `#include "folder/file.h"` from a file in ROOT/other/ is an edge other -> folder
(only folders that exist in ROOT count; "glm/..." public headers and system headers do not). A
cycle means two parts of the engine cannot be understood, built or replaced apart, so each edge of
a cycle is printed with the file and line that makes it.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([A-Za-z0-9_]+)/[^"]+"')


def edges_of(root):
    folders = {d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))}
    edges = {f: {} for f in folders}  # folder -> {target folder: "file:line"}
    for folder in folders:
        for dirpath, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if not name.endswith((".h", ".cpp", ".hpp", ".inc")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if m and m.group(1) in folders and m.group(1) != folder:
                            edges[folder].setdefault(m.group(1), f"{os.path.relpath(path, root)}:{number}")
    return edges


def find_cycle(edges):
    state = {}  # folder -> 1 visiting, 2 done
    stack = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def main(roots):
    failed = False
    for root in roots:
        edges = edges_of(root)
        cycle = find_cycle(edges)
        if cycle:
            failed = True
            print(f"{root}: the folders include each other in a cycle: {' -> '.join(cycle)}")
            for a, b in zip(cycle, cycle[1:]):
                print(f"  {a} -> {b}: {edges[a][b]}")
        else:
            order = ", ".join(f"{f} -> {{{', '.join(sorted(edges[f]))}}}" for f in sorted(edges))
            print(f"{root}: no cycles ({order})")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
