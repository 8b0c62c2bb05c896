// Minifies pixel.js into the classpath resource the gateway serves, and records the SHA-256 of
// the source it was built from, so a test can tell a stale build from a current one.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';

const LIMIT = 3300; // the API reference promises a 3.3 KB SDK: 3,300 bytes, the stricter reading
const here = new URL('.', import.meta.url);
const out = new URL('../resources/pixel/', here);

const source = readFileSync(new URL('pixel.js', here), 'utf8');
const result = await minify(source, {
  ecma: 2020,
  // unsafe_arrows: no function in pixel.js uses `this` or `arguments`, so arrows are equivalent.
  compress: { passes: 3, unsafe: true, unsafe_arrows: true },
  mangle: { toplevel: true },
  format: { comments: false }
});
const size = Buffer.byteLength(result.code);
if (size > LIMIT) {
  console.error(`pixel.min.js is ${size} bytes, over the ${LIMIT}-byte budget`);
  process.exit(1);
}
writeFileSync(new URL('pixel.min.js', out), result.code);
writeFileSync(
  new URL('pixel.min.js.source-sha256', out),
  createHash('sha256').update(source).digest('hex') + '\n'
);
console.log(`pixel.min.js: ${size} bytes (budget ${LIMIT})`);
