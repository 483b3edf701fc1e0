#!/usr/bin/env bash
# The tfjs user's path, end to end (issue 15; not part of `npm test`: it installs from the npm
# registry and takes a few minutes). Builds the package into a staging folder (the repository's
# dist/ is left alone), packs it with package.json's `files` rules, installs the tarball into
# fresh apps next to the app's own tfjs, and checks:
#   - the library-only install size and the tarball size;
#   - examples/library/app.ts (the README's library section) type-checks with --strict and runs;
#   - scripts/check-install/checks.ts: the import leaves the backend alone, lrFind → recommended
#     schedule → fit on tf.train.sgd, resume with initialEpoch, the plateau callback's cut;
#   - esbuild --platform=browser bundles `lrlab` (no Node built-in) and a cosine-only
#     `lrlab/core` import, with its minified size;
#   - with tfjs 4.23.0-rc.0 instead of 4.22.0 the app holds one tfjs-core and one tfjs-layers.
# Usage: scripts/check-install.sh [work-dir]   (default: a new folder under /tmp)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/lrlab-check-XXXXXX)}
mkdir -p "$work"
say() { printf '\n== %s\n' "$*"; }

say "build into $work/stage"
stage=$work/stage
rm -rf "$stage" && mkdir -p "$stage"
(cd "$repo" && npx tsc -p tsconfig.build.json --outDir "$stage/dist")
cp "$repo/package.json" "$repo/README.md" "$repo/LICENSE" "$stage/"
cp -r "$repo/examples" "$repo/lab-dist" "$stage/"
tarball=$(cd "$stage" && npm pack --ignore-scripts --silent --pack-destination "$work")
tarball=$work/$tarball
tar_bytes=$(stat -c %s "$tarball")
echo "tarball: $tarball ($tar_bytes bytes)"
if tar -tzf "$tarball" | grep -E '\.map$|lab-dist/data/' >/dev/null; then echo "FAILED: source maps or lab data in the tarball"; exit 1; fi

app() { # $1 folder, $2 tfjs version, then any further packages
  local dir=$1 v=$2
  shift 2
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && printf '{ "name": "app", "private": true, "type": "module" }\n' > package.json &&
    npm i --no-audit --no-fund --silent "$tarball" "@tensorflow/tfjs-core@$v" "@tensorflow/tfjs-layers@$v" "$@")
}

say "library-only install with tfjs 4.22.0"
a=$work/app-4.22
app "$a" 4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0
lib_kb=$(du -sk "$a/node_modules" | cut -f1)
echo "node_modules: $((lib_kb / 1024)) MiB"
(cd "$a" && npm ls @tensorflow/tfjs-core @tensorflow/tfjs-layers @tensorflow/tfjs-backend-wasm)

say "type-check and run the README example and the checks"
(cd "$a" && npm i --no-audit --no-fund --silent -D typescript@~5.9 esbuild@0.28 @types/node@20)
mkdir -p "$a/src"
cp "$repo/examples/library/app.ts" "$repo/scripts/check-install/checks.ts" "$a/src/"
cat > "$a/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true,
  "skipLibCheck": true, "outDir": "out", "types": ["node"] }, "include": ["src"] }
JSON
(cd "$a" && npx tsc -p tsconfig.json && node out/app.js && node out/checks.js)

say "browser bundles"
printf "import { lrScheduler, lrFind, setLearningRate, reduceLROnPlateau, initBackend } from 'lrlab';\nimport { scheduleChart } from 'lrlab/charts';\nconsole.log(lrScheduler, lrFind, setLearningRate, reduceLROnPlateau, initBackend, scheduleChart);\n" > "$a/browser-lib.js"
printf "import { cosine } from 'lrlab/core';\nconsole.log(cosine({ lr: 0.1, tMax: 100 })(50));\n" > "$a/browser-cosine.js"
(cd "$a" && npx esbuild browser-lib.js --bundle --minify --platform=browser --format=esm --outfile=out/browser-lib.js --log-level=error &&
  npx esbuild browser-cosine.js --bundle --minify --platform=browser --format=esm --outfile=out/browser-cosine.js --log-level=error)
echo "lrlab (library entry) for the browser: $(stat -c %s "$a/out/browser-lib.js") bytes minified"
cos_bytes=$(stat -c %s "$a/out/browser-cosine.js")
echo "cosine-only lrlab/core: $cos_bytes bytes minified"

# tfjs-backend-wasm has no 4.23 release candidate, so this app has no wasm (an optional peer):
# initBackend() falls back to cpu with a note. The cpu backend is named at the same version,
# since npm would otherwise pick its latest (4.22.0), whose peer is tfjs-core 4.22.0 exactly.
say "the same app on tfjs 4.23.0-rc.0"
b=$work/app-4.23rc
app "$b" 4.23.0-rc.0 @tensorflow/tfjs-backend-cpu@4.23.0-rc.0
(cd "$b" && npm ls --all @tensorflow/tfjs-core @tensorflow/tfjs-layers)
copies=$(cd "$b" && npm ls --all --parseable @tensorflow/tfjs-core @tensorflow/tfjs-layers | sort -u | wc -l)
echo "tfjs-core + tfjs-layers copies: $copies (want 2: one of each)"
cp -r "$a/out" "$b/out"
(cd "$b" && node out/checks.js && node out/app.js)

say "summary"
echo "tarball $((tar_bytes / 1024)) KiB (target <= 5 MiB); library install $((lib_kb / 1024)) MiB (target <= 150 MiB);"
echo "cosine-only bundle $((cos_bytes / 1024)) KiB (target <= 60 KiB); tfjs copies on 4.23.0-rc.0: $copies (want 2)"
status=0
[ "$tar_bytes" -le $((5 * 1024 * 1024)) ] || { echo "FAILED: tarball over 5 MiB"; status=1; }
[ "$lib_kb" -le $((150 * 1024)) ] || { echo "FAILED: library install over 150 MiB"; status=1; }
[ "$cos_bytes" -le $((60 * 1024)) ] || { echo "FAILED: cosine-only bundle over 60 KiB"; status=1; }
[ "$copies" -eq 2 ] || { echo "FAILED: more than one tfjs copy"; status=1; }
exit $status
