import { error } from '@sveltejs/kit';
import { exerciseEntries } from '../../../../../lib/grading/exercises.ts';
import { download, downloadNames } from '../../../../../lib/grading/exercise-files.ts';
import type { EntryGenerator, RequestHandler } from './$types';

/** The learner files and the learner pack of each exercise, written as plain files by the build. */
export const prerender = true;

export const entries: EntryGenerator = () =>
  exerciseEntries.flatMap((e) => downloadNames(e.id).map((name) => ({ id: e.id, name })));

const TYPES: Record<string, string> = {
  zip: 'application/zip',
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
  ts: 'text/plain; charset=utf-8',
};

export const GET: RequestHandler = ({ params }) => {
  const body = download(params.id, params.name);
  if (body === undefined) error(404, `No file ${params.name} in exercise ${params.id}`);
  const extension = params.name.split('.').pop() ?? '';
  return new Response(typeof body === 'string' ? body : new Blob([body as BlobPart]), {
    headers: { 'content-type': TYPES[extension] ?? 'application/octet-stream' },
  });
};
