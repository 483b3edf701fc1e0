#!/usr/bin/env python3
"""Compare two baseline output trees: every JSON/JSONL file, numbers exact, ignoring timing fields."""
import json, sys, os
A, B = sys.argv[1], sys.argv[2]
IGNORE = {'seconds','samplesPerSecond','evalSeconds','generatedAt','elapsedSeconds','wallSeconds','timings','durationSeconds','startedAt','finishedAt','time','secondsPerEpoch','trainSeconds','totalSeconds','samplesPerSec','cpuSeconds','seconds_total','date'}
diffs = []
def cmp(a, b, path):
    if len(diffs) > 100000: return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k in IGNORE or 'econds' in k or 'Time' in k or k.endswith('Ms') or k.endswith('PerSecond'): continue
            if k not in a: diffs.append(f'{path}.{k}: only in after'); continue
            if k not in b: diffs.append(f'{path}.{k}: only in before'); continue
            cmp(a[k], b[k], f'{path}.{k}')
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b): diffs.append(f'{path}: length {len(a)} vs {len(b)}')
        for i,(x,y) in enumerate(zip(a,b)): cmp(x, y, f'{path}[{i}]')
    elif a != b:
        diffs.append(f'{path}: {str(a)[:120]!r} vs {str(b)[:120]!r}')
def load(p):
    if p.endswith('.jsonl'):
        rows = [json.loads(l) for l in open(p) if l.strip()]
        return sorted(rows, key=lambda r: json.dumps(r.get('id', r), sort_keys=True))
    return json.load(open(p))
files = []
for root, _, fs in os.walk(A):
    for f in fs:
        if f.endswith('.json') or f.endswith('.jsonl'): files.append(os.path.relpath(os.path.join(root, f), A))
for rel in sorted(files):
    pb = os.path.join(B, rel)
    if not os.path.exists(pb): diffs.append(f'{rel}: missing in after'); continue
    try: cmp(load(os.path.join(A, rel)), load(pb), rel)
    except Exception as e: diffs.append(f'{rel}: {e}')
for d in diffs: print(d)
print(f'{len(files)} files, {len(diffs)} differences')
