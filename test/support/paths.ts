/** Locations in the repository, for tests compiled to dist/. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (tests run from dist/test/support/..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BOOK_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'book');
export const WEBAPP_EXAMPLE = join(REPO_ROOT, 'examples', 'webapp');
export const MESHWORK_BIN = join(REPO_ROOT, 'dist', 'src', 'bin', 'meshwork.js');
