// compile.mjs -- one Typst document to PDF, as a fresh process would make
// it: node bench/typst/compile.mjs IN.typ OUT.pdf FONT_DIR [ROOT]
// (Typst 0.14 through typst.ts's Node compiler, installed here by npm ci;
// tagged PDF/UA-1, as leaflet writes.  ROOT is the folder the document's
// image() paths are read from: content/images for the leaflet's drawing.)
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, fonts, root] = process.argv.slice(2);
const compiler = NodeCompiler.create({ workspace: root ?? '.', fontArgs: [{ fontPaths: [fonts] }] });
const pdf = compiler.pdf({ mainFileContent: readFileSync(input, 'utf8') },
                         { pdfStandard: 'ua-1', creationTimestamp: 1764547200 });
writeFileSync(output, pdf);
