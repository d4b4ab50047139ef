// Node-only: loaded with a dynamic import by plotModel/plotHistory when `toFile` is given,
// so browser bundles never pull in node:fs or the native rasterizer.
import { ValueError } from '@kfn/graph';

/** Points to pixels: Graphviz's `dpi` (72 dpi = one pixel per point). */
export const POINTS_PER_INCH = 72;

async function loadResvg(): Promise<typeof import('@resvg/resvg-js')> {
  try {
    return await import('@resvg/resvg-js');
  } catch (e) {
    throw new ValueError(
      `plotModel: writing PNG needs the optional peer dependencies "@resvg/resvg-js" and "dejavu-fonts-ttf" ` +
        `(npm install @resvg/resvg-js@2.6.2 dejavu-fonts-ttf@2.37.3), or write SVG instead (toFile: "model.svg"). Cause: ${String(e)}`,
    );
  }
}

/** The DejaVu Sans files shipped by `dejavu-fonts-ttf`, so text renders on machines without fonts. */
async function fontFiles(): Promise<string[]> {
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  } catch (e) {
    throw new ValueError(`plotModel: writing PNG needs the optional peer dependency "dejavu-fonts-ttf" (npm install dejavu-fonts-ttf@2.37.3). Cause: ${String(e)}`);
  }
  return [path.join(dir, 'DejaVuSans.ttf'), path.join(dir, 'DejaVuSans-Bold.ttf')];
}

/** Rasterizes an SVG document at `dpi` (its user units are points). */
export async function svgToPng(svg: string, dpi: number): Promise<Uint8Array> {
  const { Resvg } = await loadResvg();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: dpi / POINTS_PER_INCH },
    background: 'white',
    font: { fontFiles: await fontFiles(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/**
 * Writes `svg` to `file` as SVG or PNG by its extension, through a temporary file in the same
 * folder and a rename, so a reader never sees a half-written file.
 */
export async function writePlotFile(svg: string, file: string, dpi: number): Promise<void> {
  const path = await import('node:path');
  const { writeFile, rename, rm } = await import('node:fs/promises');
  const ext = path.extname(file).toLowerCase();
  let data: string | Uint8Array;
  if (ext === '.svg') data = svg;
  else if (ext === '.png') data = await svgToPng(svg, dpi);
  else {
    throw new ValueError(`plotModel: \`toFile\` must end in ".png" or ".svg". Received: toFile=${JSON.stringify(file)}`);
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
