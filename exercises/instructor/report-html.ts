import type { ClassReport, StudentRow } from './report-data.ts';

/**
 * A class report as one static HTML page: readable offline, with no script at all (its policy
 * forbids any), styles inline. Every text in it comes from students (names, messages of thrown
 * errors) or from case files, so every one is escaped, in text and in attributes alike.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const POLICY = "default-src 'none'; style-src 'unsafe-inline'";

const STYLE = `
body { font: 16px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1b1f24; }
h1 { margin-bottom: 0.2rem; } .sub { color: #5a6470; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d0d7de; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rate { display: inline-block; height: 0.8rem; background: #2f6fb0; vertical-align: middle; }
.rate.low { background: #b3261e; }
.state-passing { color: #1a7f37; } .state-failing { color: #9a6700; } .state-error, .state-not-started { color: #b3261e; }
svg text { font: 12px system-ui, sans-serif; fill: #1b1f24; }
.failed { color: #5a6470; font-size: 0.9rem; }
`;

/** The score histogram as an inline SVG: one bar per score, its count above it. */
function histogramSvg(report: ClassReport): string {
  const bars = report.histogram;
  const most = Math.max(1, ...bars.map((b) => b.students));
  const width = 40;
  const height = 160;
  const cells = bars.map((b, i) => {
    const h = Math.round((b.students / most) * height);
    const x = i * width + 30;
    return [
      `<rect x="${x + 4}" y="${20 + height - h}" width="${width - 8}" height="${h}" fill="#2f6fb0"><title>${b.students} students scored ${b.score}</title></rect>`,
      `<text x="${x + width / 2}" y="${14 + height - h}" text-anchor="middle">${b.students || ''}</text>`,
      `<text x="${x + width / 2}" y="${height + 36}" text-anchor="middle">${b.score}</text>`,
    ].join('');
  });
  const total = bars.length * width + 40;
  return `<svg role="img" aria-labelledby="histogram-title" width="${total}" height="${height + 60}" viewBox="0 0 ${total} ${height + 60}">
<title id="histogram-title">Students per score, 0 to ${report.maxScore} points</title>
<line x1="30" y1="${height + 20}" x2="${total - 10}" y2="${height + 20}" stroke="#5a6470"/>
${cells.join('\n')}
<text x="${total / 2}" y="${height + 56}" text-anchor="middle">points</text>
</svg>`;
}

function caseRows(report: ClassReport): string {
  return report.cases
    .map((c) => {
      const rate = c.students === 0 ? 0 : c.passed / c.students;
      const percent = Math.round(rate * 100);
      return `<tr><td>${escapeHtml(c.name)}</td><td>${c.visibility}</td><td class="num">${c.weight}</td><td class="num">${c.passed} of ${c.students}</td><td><span class="rate${rate < 0.5 ? ' low' : ''}" style="width:${percent * 2}px"></span> ${percent}%</td></tr>`;
    })
    .join('\n');
}

function failureRows(report: ClassReport): string {
  if (report.failures.length === 0) return '<p>Nothing failed.</p>';
  const rows = report.failures
    .slice(0, 10)
    .map((f) => `<tr><td>${escapeHtml(f.what)}</td><td class="num">${f.students}</td></tr>`);
  return `<table><thead><tr><th scope="col">What failed</th><th scope="col" class="num">Students</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function studentRow(s: StudentRow): string {
  const replay = s.replay
    ? `<a href="${escapeHtml(s.replay.href)}">replay “${escapeHtml(s.replay.caseName)}”</a>`
    : '';
  const failed =
    s.failed.length === 0 ? '' : `<div class="failed">${s.failed.map(escapeHtml).join('; ')}</div>`;
  return `<tr><th scope="row">${escapeHtml(s.student)}</th><td class="state-${escapeHtml(s.state)}">${escapeHtml(s.state)}</td><td class="num">${s.score} / ${s.maxScore}</td><td>${escapeHtml(s.message)}${failed}</td><td>${replay}</td></tr>`;
}

export function reportHtml(report: ClassReport): string {
  const n = report.students.length;
  const passing = report.students.filter((s) => s.state === 'passing').length;
  const mean = n === 0 ? 0 : report.students.reduce((t, s) => t + s.score, 0) / n;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class report: ${escapeHtml(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Class report: ${escapeHtml(report.title)}</h1>
<p class="sub"><code>${escapeHtml(report.exercise)}</code> · ${n} students · ${passing} passing · mean score ${mean.toFixed(1)} of ${report.maxScore}</p>

<h2>Scores</h2>
${histogramSvg(report)}

<h2>Each case</h2>
<table><thead><tr><th scope="col">Case</th><th scope="col">Shown to students</th><th scope="col" class="num">Points</th><th scope="col" class="num">Passed</th><th scope="col">Pass rate</th></tr></thead>
<tbody>
${caseRows(report)}
</tbody></table>

<h2>Most common failures</h2>
${failureRows(report)}

<h2>Students</h2>
<table><thead><tr><th scope="col">Student</th><th scope="col">State</th><th scope="col" class="num">Score</th><th scope="col">Result</th><th scope="col">Replay</th></tr></thead>
<tbody>
${report.students.map(studentRow).join('\n')}
</tbody></table>
</body>
</html>
`;
}
