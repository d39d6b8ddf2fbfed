import type { Server } from 'node:http';

export function startAppServer(options: { port?: number; target: string; dist: string }): Promise<Server>;
