// Postinstall: make `npx prisma` mean Prisma 7, the project's Prisma.
// The devDependency `prisma6` (npm:prisma@6.19.3, used only by the schema drift test for its
// WebAssembly schema engine) declares the same `prisma` bin, and npm may link either one.
import fs from 'node:fs';
import path from 'node:path';

const binDir = path.join(import.meta.dirname, '..', 'node_modules', '.bin');
const link = path.join(binDir, 'prisma');
const target = path.join('..', 'prisma', 'build', 'index.js');

if (fs.existsSync(path.join(binDir, target))) {
  fs.rmSync(link, { force: true });
  fs.symlinkSync(target, link);
}
