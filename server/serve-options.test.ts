import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVE_NODE_OPTIONS } from '../bin/server-build.js';
import { missingNodeOptions } from './main.ts';

// `vellum serve` is started three ways; each must carry the node options the memory figures of
// docs/PERFORMANCE.md were measured with.
const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('the node options of vellum serve', () => {
  const options = SERVE_NODE_OPTIONS.join(' ');

  it('are on the first line of bin/vellum.js', () => {
    expect(read('bin/vellum.js').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${options}`);
  });

  it('are in npm start', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${options} bin/vellum.js serve`);
  });

  it("are in the container image's command", () => {
    const cmd = ['node', ...SERVE_NODE_OPTIONS, 'bin/vellum.js', 'serve'].map((a) => `"${a}"`).join(', ');
    expect(read('Dockerfile')).toContain(`CMD [${cmd}]`);
  });

  it('are reported missing by name, whatever their value', () => {
    expect(missingNodeOptions([])).toEqual(SERVE_NODE_OPTIONS);
    expect(missingNodeOptions(['--max-semi-space-size=8', '--v8-pool-size=1'])).toEqual([]);
    expect(missingNodeOptions(['--v8-pool-size=2', ''])).toEqual(['--max-semi-space-size=2']);
  });
});
