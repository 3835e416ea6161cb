import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { API_SCHEMA_FILE, renderApiTypes } from './api-types.js';

// `npm run gen:api`: rewrites the console's typed client schema from the routes (no network, no server).
await writeFile(API_SCHEMA_FILE, await renderApiTypes());
process.stdout.write(`wrote ${fileURLToPath(API_SCHEMA_FILE)}\n`);
