import type { BuildOptions } from 'esbuild';

export declare const serverBuild: {
  outdir(root: string): string;
  entry(root: string): string;
  esbuildOptions: BuildOptions;
};
export declare const SERVE_NODE_OPTIONS: string[];
export declare function builtServerIsCurrent(root: string): boolean;
export declare function newest(p: string): number;
