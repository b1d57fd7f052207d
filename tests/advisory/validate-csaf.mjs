// validate-csaf.mjs FILE - checks a CSAF 2.0 document with the BSI's
// csaf-validator-lib: the strict CSAF 2.0 JSON schema and every
// mandatory test (section 6.1 of the specification). Prints each error
// as "PATH: MESSAGE (TEST)" and exits 1 when there is one, 2 when FILE
// cannot be read as JSON; 0 and quiet when the document is valid.
import { readFileSync } from 'node:fs'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js'

const file = process.argv[2]
if (!file) {
  console.error('usage: node validate-csaf.mjs FILE')
  process.exit(2)
}
let doc
try {
  doc = JSON.parse(readFileSync(file, 'utf8'))
} catch (e) {
  console.error(`validate-csaf: ${file}: ${e.message}`)
  process.exit(2)
}
const tests = [csaf_2_0_strict, ...Object.values(mandatory)]
const result = await validateStrict(tests, doc)
let errors = 0
for (const t of result.tests) {
  for (const e of t.errors ?? []) {
    console.log(`${e.instancePath || '/'}: ${e.message} (${t.name})`)
    errors++
  }
}
if (errors || !result.isValid) {
  console.log(`validate-csaf: ${file}: ${errors} error(s) in ${tests.length} tests`)
  process.exit(1)
}
