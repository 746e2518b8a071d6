// A second SHACL engine for plankg's shapes: shacl-engine (RDF/JS, SHACL Core and SHACL-SPARQL
// through Comunica), independent of pyshacl and rdflib.
//
//   node validate.mjs --shapes FILE... --context FILE... --data FILE...
//
// Validates the data files (Turtle) together with the context files (the ontology, read as data
// too) against the shapes files, and writes the SHACL validation report as N-Triples to stdout.
// Each result also gets <urn:x-plankg-test:file> "<data file>" for every data file that mentions
// its focus node or value node, so that a result can be traced to a fixture even when its focus
// node is a blank node. A data file the Turtle parser refuses is left out and named on stderr as
// "REJECT <file>\t<reason>": N3.js is stricter than rdflib about some literals (language tags
// with subtags longer than eight characters), and refusing a file is a verdict too.
import fs from 'node:fs'
import path from 'node:path'
import rdfDataset from '@rdfjs/dataset'
import { DataFactory, Parser, Writer } from 'n3'
import { Validator } from 'shacl-engine'
import { validations } from 'shacl-engine/sparql.js'

const factory = { ...DataFactory, dataset: quads => rdfDataset.dataset(quads) }
const SH = 'http://www.w3.org/ns/shacl#'
const FILE = factory.namedNode('urn:x-plankg-test:file')

function parse (file) {
  // one blank node prefix per file keeps the blank nodes of different files apart
  const prefix = 'f' + path.basename(file).replace(/[^A-Za-z0-9]/g, '') + '_'
  return new Parser({ baseIRI: 'file://' + path.resolve(file), blankNodePrefix: prefix })
    .parse(fs.readFileSync(file, 'utf8'))
}

function args (argv) {
  const out = { shapes: [], context: [], data: [] }
  let key = null
  for (const a of argv) {
    if (a.startsWith('--')) key = a.slice(2)
    else if (key in out) out[key].push(a)
    else throw new Error(`unexpected argument ${a}`)
  }
  return out
}

const opts = args(process.argv.slice(2))
if (opts.shapes.length === 0 || opts.data.length === 0) {
  process.stderr.write('usage: node validate.mjs --shapes FILE... --context FILE... --data FILE...\n')
  process.exit(64)
}
const shapes = factory.dataset()
for (const f of opts.shapes) for (const q of parse(f)) shapes.add(factory.quad(q.subject, q.predicate, q.object))
const data = factory.dataset()
const mentions = new Map() // term key -> data files that mention it
const defined = new Set() // term keys the context files describe: shared, so no file's own
for (const f of [...opts.context, ...opts.data]) {
  let quads
  try {
    quads = parse(f)
  } catch (error) {
    if (opts.context.includes(f)) throw error
    process.stderr.write(`REJECT ${f}\t${error.message}\n`)
    continue
  }
  for (const q of quads) {
    data.add(factory.quad(q.subject, q.predicate, q.object))
    if (opts.context.includes(f)) defined.add(q.subject.termType + ' ' + q.subject.value)
    if (opts.data.includes(f)) {
      for (const t of [q.subject, q.object]) {
        if (t.termType === 'Literal') continue
        const key = t.termType + ' ' + t.value
        if (!mentions.has(key)) mentions.set(key, new Set())
        mentions.get(key).add(f)
      }
    }
  }
}

const validator = new Validator(shapes, { factory, validations })
const report = await validator.validate({ dataset: data })
const quads = [...report.dataset]
for (const q of quads.filter(q => q.predicate.value === SH + 'focusNode' || q.predicate.value === SH + 'value')) {
  const key = q.object.termType + ' ' + q.object.value
  if (defined.has(key)) continue
  for (const f of mentions.get(key) || []) {
    quads.push(factory.quad(q.subject, FILE, factory.literal(f)))
  }
}
process.stdout.write(new Writer({ format: 'N-Triples' }).quadsToString(quads))
