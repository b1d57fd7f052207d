// validate-csaf.mjs FILE... - checks CSAF 2.0 documents with the BSI's
// csaf-validator-lib: the strict CSAF 2.0 JSON schema and every
// mandatory test (section 6.1 of the specification). Loading the
// library takes seconds, so one run checks many files. Prints each error
// as "FILE: PATH: MESSAGE (TEST)" and a count per invalid file; exits 2
// when a FILE cannot be read as JSON (before anything is checked), else
// 1 when a file has an error; 0 and quiet when every document is valid.
import { readFileSync } from 'node:fs'

const files = process.argv.slice(2)
if (!files.length) {
  console.error('usage: node validate-csaf.mjs FILE...')
  process.exit(2)
}
const docs = []
for (const file of files) {
  try {
    docs.push(JSON.parse(readFileSync(file, 'utf8')))
  } catch (e) {
    console.error(`validate-csaf: ${file}: ${e.message}`)
    process.exit(2)
  }
}
const { default: validateStrict } = await import(
  '@secvisogram/csaf-validator-lib/validateStrict.js'
)
const mandatory = await import(
  '@secvisogram/csaf-validator-lib/mandatoryTests.js'
)
const { csaf_2_0_strict } = await import(
  '@secvisogram/csaf-validator-lib/schemaTests.js'
)
const tests = [csaf_2_0_strict, ...Object.values(mandatory)]
let invalid = 0
for (const [i, doc] of docs.entries()) {
  const result = await validateStrict(tests, doc)
  let errors = 0
  for (const t of result.tests) {
    for (const e of t.errors ?? []) {
      console.log(`${files[i]}: ${e.instancePath || '/'}: ${e.message} (${t.name})`)
      errors++
    }
  }
  if (errors || !result.isValid) {
    console.log(`validate-csaf: ${files[i]}: ${errors} error(s) in ${tests.length} tests`)
    invalid++
  }
}
process.exit(invalid ? 1 : 0)
