/**
 * The entry scripts each grading platform expects around the bundled grader (`grader/`) and the
 * exercise's files (`exercises/`) of an autograder package, as that platform documents them:
 *
 * - Gradescope ("Autograder Specifications"): `setup.sh` and `run_autograder` at the zip's root;
 *   the zip is unpacked to `/autograder/source`, `run_autograder` is copied to `/autograder` and run
 *   there for each submission, which is in `/autograder/submission`; it writes
 *   `/autograder/results/results.json`.
 * - Exercism (its test runner interface): a Docker image whose `bin/run.sh SLUG INPUT_DIR/
 *   OUTPUT_DIR/` writes `OUTPUT_DIR/results.json` (version 2) and exits 0 whatever the tests said;
 *   the image runs without network.
 */

export const PLATFORMS = ['gradescope', 'exercism'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A script of the package: its text, and whether it must unpack as executable. */
export interface PlatformFile {
  readonly text: string;
  readonly executable: boolean;
}

const GRADESCOPE_SETUP = `#!/usr/bin/env bash
# Run once by the platform, as root, when it builds the autograder's image: Node 20 or later.
set -euo pipefail
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  apt-get update
  apt-get install -y ca-certificates curl
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
node --version
`;

function gradescopeRun(id: string): string {
  return `#!/usr/bin/env bash
# Run by the platform for each submission. AUTOGRADER_ROOT moves everything for a local test.
set -euo pipefail
root="\${AUTOGRADER_ROOT:-/autograder}"
exec node "$root/source/grader/autograde.mjs" \\
  --exercise ${id} \\
  --exercises "$root/source/exercises" \\
  --submission "$root/submission" \\
  --results "$root/results/results.json"
`;
}

function gradescopeReadme(id: string, title: string): string {
  return `# Streamworks autograder for Gradescope: ${title} (\`${id}\`)

Upload this zip on Gradescope: Programming Assignment → Configure Autograder → Zip file upload
(Ubuntu base image). \`setup.sh\` installs Node 20 if the image has none; \`run_autograder\` grades
\`/autograder/submission\` (the student's \`.ts\` file, or the JSON file of the site's
"Export progress") and writes \`/autograder/results/results.json\`. Hidden cases show their
verdict after the grades are published.

To try it on your machine: unpack it to \`ROOT/source\`, put a submission in \`ROOT/submission\`,
then \`AUTOGRADER_ROOT=ROOT bash ROOT/source/run_autograder\`.
`;
}

const EXERCISM_DOCKERFILE = `FROM node:20-bookworm-slim
COPY . /opt/test-runner
WORKDIR /opt/test-runner
ENTRYPOINT ["/opt/test-runner/bin/run.sh"]
`;

const EXERCISM_RUN = `#!/usr/bin/env sh
# Exercism's test runner interface: bin/run.sh SLUG INPUT_DIR/ OUTPUT_DIR/ writes
# OUTPUT_DIR/results.json and exits 0 whatever the tests said.
set -eu
if [ $# -lt 3 ]; then
  echo "usage: bin/run.sh exercise-slug path/to/solution/ path/to/output/" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$3"
exec node "$here/grader/autograde.mjs" \\
  --exercise "$1" \\
  --exercises "$here/exercises" \\
  --submission "\${2%/}" \\
  --results "\${3%/}/results.json" \\
  --format exercism
`;

function exercismReadme(id: string, title: string): string {
  return `# Streamworks test runner for Exercism: ${title} (\`${id}\`)

A test runner in the layout of Exercism's test runner interface: \`docker build -t
streamworks-test-runner .\`, then \`docker run --network none -v SOLUTION:/solution -v OUT:/output
streamworks-test-runner ${id} /solution/ /output/\` writes \`OUT/results.json\` (version 2). Without
Docker, with Node 20: \`bin/run.sh ${id} path/to/solution/ path/to/output/\`.
`;
}

/** The platform's own files of a package for exercise `id`, by path in the zip. */
export function platformFiles(
  platform: Platform,
  id: string,
  title: string,
): Record<string, PlatformFile> {
  const text = (t: string) => ({ text: t, executable: false });
  const script = (t: string) => ({ text: t, executable: true });
  if (platform === 'gradescope')
    return {
      'setup.sh': script(GRADESCOPE_SETUP),
      run_autograder: script(gradescopeRun(id)),
      'README.md': text(gradescopeReadme(id, title)),
    };
  return {
    Dockerfile: text(EXERCISM_DOCKERFILE),
    'bin/run.sh': script(EXERCISM_RUN),
    'README.md': text(exercismReadme(id, title)),
  };
}
