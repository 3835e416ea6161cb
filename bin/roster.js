#!/usr/bin/env node
// The `roster` operator CLI. Roster runs its TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
