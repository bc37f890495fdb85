// Grades files on the command line's path (a sandboxed child process per submission) and prints
// one GradeResult per line as JSON: the browser tests compare the page's grade with these.
// Usage: node --import tsx e2e/cli-grade.ts EXERCISE FILE...
import { readFileSync } from 'node:fs';
import { loadExercise } from '../exercises/grader/exercise-files.ts';
import { gradeSource } from '../exercises/grader/grade.ts';

const [id, ...files] = process.argv.slice(2);
const exercise = loadExercise(id!);
for (const file of files) {
  const result = await gradeSource(exercise, readFileSync(file, 'utf8'), file);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
