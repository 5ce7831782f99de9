#!/usr/bin/env node
// The `accord` command. The workspace runs its TypeScript sources directly through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
