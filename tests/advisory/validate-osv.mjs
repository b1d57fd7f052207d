// validate-osv.mjs FILE - checks an OSV record against the OSV JSON
// schema vendored in tests/advisory/osv-schema.json (JSON Schema draft
// 2020-12, with its formats: date-time, uri) using Ajv. Prints each error
// as "PATH: MESSAGE" and exits 1 when there is one, 2 when FILE cannot be
// read as JSON; 0 and quiet when the record is valid.
import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

const file = process.argv[2]
if (!file) {
  console.error('usage: node validate-osv.mjs FILE')
  process.exit(2)
}
let doc
try {
  doc = JSON.parse(readFileSync(file, 'utf8'))
} catch (e) {
  console.error(`validate-osv: ${file}: ${e.message}`)
  process.exit(2)
}
const schema = JSON.parse(
  readFileSync(new URL('./osv-schema.json', import.meta.url), 'utf8')
)
const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormats(ajv)
const validate = ajv.compile(schema)
if (!validate(doc)) {
  for (const e of validate.errors)
    console.log(`${e.instancePath || '/'}: ${e.message}`)
  console.log(`validate-osv: ${file}: ${validate.errors.length} error(s)`)
  process.exit(1)
}
