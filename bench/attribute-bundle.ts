import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleShare {
  /** An npm package (`@xmldom/xmldom`) or a source folder (`src/core/signature`). */
  readonly owner: string;
  /** Minified bytes this owner contributes to the bundle. */
  readonly bytes: number;
  /** Share of the minified bundle. */
  readonly share: number;
}

export interface BundleAttribution {
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  readonly shares: readonly BundleShare[];
}

/**
 * Which packages and source folders fill an entry's bundle: re-bundles it with esbuild (minified,
 * ESM, browser) and reads the metafile's bytes per input. Vite/Rolldown's output differs in
 * detail but not in who is big; this names the cause of a missed budget.
 */
export async function attributeBundle(entry: string): Promise<BundleAttribution> {
  const esbuild = await import('esbuild');
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [resolve(entry)],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'chrome116',
      write: false,
      metafile: true,
      logLevel: 'silent',
      outdir: 'out',
    });
  } catch (error) {
    const first = (error as { errors?: readonly { text: string; location?: { file: string } | null }[] }).errors?.[0]; // -- reason: esbuild's BuildFailure
    throw new Error(first === undefined ? String(error) : `${first.location?.file ?? ''}: ${first.text}`);
  }
  const output = Object.values(result.metafile.outputs)[0];
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const owner = ownerOf(input);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + bytesInOutput);
  }
  const total = [...byOwner.values()].reduce((sum, bytes) => sum + bytes, 0) || 1;
  return {
    minifiedBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    shares: [...byOwner].map(([owner, bytes]) => ({ owner, bytes, share: bytes / total })).sort((a, b) => b.bytes - a.bytes),
  };
}

function ownerOf(input: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (modules) return modules[1]!;
  const source = /^(src\/[^/]+(?:\/[^/]+)?)\//.exec(input);
  if (source) return source[1]!;
  const file = /^src\/.+/.exec(input);
  return file ? file[0] : input;
}
