import h5wasm from 'h5wasm';
import { unzipSync, strFromU8 } from 'fflate';
import fs from 'node:fs';
const { FS } = await h5wasm.ready;
const name = process.argv[2];
const z = unzipSync(fs.readFileSync(`/work/shared/fixtures/keras/${name}/model.keras`));
console.log(Object.keys(z), strFromU8(z['metadata.json']));
FS.writeFile('/x.h5', z['model.weights.h5']);
const f = new h5wasm.File('/x.h5', 'r');
function walk(g, p) {
  for (const [k, a] of Object.entries(g.attrs)) console.log(p || '/', '@', k, JSON.stringify(a.value), a.dtype, JSON.stringify(a.shape));
  for (const k of g.keys()) {
    const c = g.get(k);
    const cp = p + '/' + k;
    if (c instanceof h5wasm.Group) { console.log(cp + '/'); walk(c, cp); }
    else { console.log(cp, c.dtype, JSON.stringify(c.shape), JSON.stringify(c.metadata).slice(0,200)); for (const [k2, a] of Object.entries(c.attrs)) console.log(' @', k2, a.value); }
  }
}
walk(f, '');
f.close();
