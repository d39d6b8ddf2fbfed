import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * The app's API and frame types (src/api/schema.d.ts) are generated from the server's OpenAPI
 * document (src/api/openapi.json, kept current by the server's OpenApiContractIT). A hand edit,
 * or a new openapi.json without regenerating, fails here.
 */
describe('the generated API types', () => {
  it('are exactly what openapi-typescript makes of openapi.json (regenerate: npm run generate:api)', () => {
    const root = join(__dirname, '..', '..');
    const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const generated = execFileSync(process.execPath, [cli, 'src/api/openapi.json'], { cwd: root, encoding: 'utf8' });
    const checkedIn = readFileSync(join(root, 'src', 'api', 'schema.d.ts'), 'utf8');
    expect(checkedIn === generated).toBe(true);
  });
});
