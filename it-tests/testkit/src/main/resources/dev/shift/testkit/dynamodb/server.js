'use strict'
// A DynamoDB-compatible test server: dynalite 4.0.0 plus TransactWriteItems and TransactGetItems.
//
// Usage: node server.js [--port N] [--host 127.0.0.1] [--path DIR] [--parent-pid PID]
//   --port 0 (default) picks a free port; the chosen one is printed as "READY port=N" once listening.
//   --path DIR keeps the tables in LevelDB under DIR (survives a restart); without it they live in memory.
//   --parent-pid PID exits when that process is gone, so a killed test JVM leaves no orphan server.
//
// Why transactions are done here: dynalite has no TransactWriteItems/TransactGetItems, and Shift's invariant 3
// ("a transaction is a transaction") is tested through them. We reuse dynalite's own parsing, condition
// evaluation and write actions, and get atomicity from one rule: every request that mutates items runs alone,
// through one FIFO queue (dynalite's own per-key locks are not enough: a transaction spans several keys).
//
// Not emulated: ClientRequestToken idempotency (a retried token is simply applied again), ConsumedCapacity and
// ItemCollectionMetrics in transaction responses, TransactionConflictException (nothing runs concurrently here),
// the 4 MB aggregate size limit. Authentication is not checked for the two added operations.

const dynaliteDb = require('dynalite/db')

// --- capture dynalite's store: index.js calls db.create(options) when the server is built --------------------
let store = null
const originalCreate = dynaliteDb.create
dynaliteDb.create = function (options) {
  store = originalCreate.apply(this, arguments)
  return store
}
const dynalite = require('dynalite')
const validations = require('dynalite/validations')
const actions = {
  putItem: require('dynalite/actions/putItem'),
  updateItem: require('dynalite/actions/updateItem'),
  deleteItem: require('dynalite/actions/deleteItem'),
  getItem: require('dynalite/actions/getItem'),
}
const actionValidations = {
  putItem: require('dynalite/validations/putItem'),
  updateItem: require('dynalite/validations/updateItem'),
  deleteItem: require('dynalite/validations/deleteItem'),
  getItem: require('dynalite/validations/getItem'),
}

const MAX_TRANSACT_ITEMS = 100
const STUCK_MS = 30000
const MUTATING = new Set([ 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem',
  'TransactWriteItems', 'TransactGetItems', 'CreateTable', 'DeleteTable', 'UpdateTable' ])

// --- the one queue that mutating requests go through -------------------------------------------------------
// Writes run one at a time, in arrival order, and each runs alone: it waits for the reads in flight to finish,
// and reads that arrive meanwhile wait for it. So no read ever sees a transaction half applied (stricter than
// DynamoDB, whose Query/Scan may; tests get one less source of flakiness), and nothing interleaves between a
// transaction's condition checks and its writes. Reads still run concurrently with each other.
let tail = Promise.resolve()
let writing = false
let readsInFlight = 0
let readsDrained = null   // resolve() of the writer waiting for readsInFlight to reach 0
const readsWaiting = []   // reads that arrived while a write ran

/** Runs task(done) after every earlier task called done, alone; resolves when this one did. */
function serialised (task) {
  const run = tail.then(async () => {
    writing = true
    if (readsInFlight > 0) await new Promise(resolve => { readsDrained = resolve })
    await new Promise(resolve => {
      try { task(resolve) }
      catch (err) { console.error('[shift-ddb] task failed', err); resolve() }
    })
    writing = false
    for (const read of readsWaiting.splice(0)) startRead(read)
  })
  tail = run
  return run
}

/** Runs a read now, or after the running write; run(done) must call done once when its response is out. */
function shared (run) {
  if (writing) readsWaiting.push(run)
  else startRead(run)
}

function startRead (run) {
  readsInFlight++
  let finished = false
  const done = () => {
    if (finished) return
    finished = true
    if (--readsInFlight == 0 && readsDrained) {
      const resolve = readsDrained
      readsDrained = null
      resolve()
    }
  }
  try { run(done) }
  catch (err) { console.error('[shift-ddb] read failed', err); done() }
}

// --- helpers --------------------------------------------------------------------------------------------------
function sendJson (res, statusCode, body) {
  const text = JSON.stringify(body)
  res.statusCode = statusCode
  res.setHeader('Content-Type', 'application/x-amz-json-1.0')
  res.setHeader('Content-Length', Buffer.byteLength(text, 'utf8'))
  res.setHeader('x-amzn-RequestId', 'shift' + Date.now().toString(36) + Math.random().toString(36).slice(2))
  res.end(text)
}

function validationError (message) {
  return dynaliteDb.validationError(message)
}

/** An error whose body is sent as is (dynalite's errors carry statusCode + body). */
function isApiError (err) {
  return err && err.statusCode && err.body
}

const p = fn => new Promise((resolve, reject) => fn((err, value) => err ? reject(err) : resolve(value)))

function getTable (name) {
  return p(cb => store.getTable(name, false, cb))
}

function getItem (tableName, key) {
  return p(cb => store.getItemDb(tableName).get(key, (err, item) => {
    if (err && err.name == 'NotFoundError') return cb(null, undefined)
    cb(err, item)
  }))
}

/**
 * Checks one action's own parameters with the same validations dynalite uses for the single-item call, which
 * also parses ConditionExpression/UpdateExpression/ProjectionExpression into data._condition/_updates/_projection.
 */
function validateAction (actionName, data) {
  const v = actionValidations[actionName]
  const checked = validations.checkTypes(data, v.types)
  validations.checkValidations(checked, v.types, v.custom, store)
  return checked
}

const PICK = {
  Put: [ 'TableName', 'Item', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues' ],
  Update: [ 'TableName', 'Key', 'UpdateExpression', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues' ],
  Delete: [ 'TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues' ],
  ConditionCheck: [ 'TableName', 'Key', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues' ],
  Get: [ 'TableName', 'Key', 'ProjectionExpression', 'ExpressionAttributeNames' ],
}
const ACTION_OF = { Put: 'putItem', Update: 'updateItem', Delete: 'deleteItem', ConditionCheck: 'deleteItem', Get: 'getItem' }

function pick (source, keys) {
  const out = {}
  for (const k of keys) if (source[k] != null) out[k] = source[k]
  return out
}

/**
 * Turns TransactItems into validated parts: {kind, data, table, key}. Throws a ValidationException (or
 * ResourceNotFoundException) for anything DynamoDB would reject before looking at items.
 */
async function prepare (body, allowedKinds) {
  const items = body && body.TransactItems
  if (!Array.isArray(items) || items.length == 0) {
    throw validationError('1 validation error detected: Value null at \'transactItems\' failed to satisfy constraint: ' +
      'Member must not be null')
  }
  if (items.length > MAX_TRANSACT_ITEMS) {
    throw validationError('1 validation error detected: Value \'[...]\' at \'transactItems\' failed to satisfy ' +
      'constraint: Member must have length less than or equal to ' + MAX_TRANSACT_ITEMS)
  }
  const parts = []
  const seen = new Set()
  for (let i = 0; i < items.length; i++) {
    const entry = items[i] || {}
    const kinds = Object.keys(entry).filter(k => entry[k] != null)
    if (kinds.length != 1 || !allowedKinds.includes(kinds[0])) {
      throw validationError('TransactItems can only contain one of ' + allowedKinds.join(', ') + ' (item ' + (i + 1) + ')')
    }
    const kind = kinds[0]
    const raw = entry[kind]
    const required = { ConditionCheck: 'ConditionExpression', Update: 'UpdateExpression' }[kind]
    if (required && raw[required] == null) {
      throw validationError('1 validation error detected: Value null at \'transactItems.' + (i + 1) + '.member.' +
        validations.toLowerFirst(kind) + '.' + validations.toLowerFirst(required) +
        '\' failed to satisfy constraint: Member must not be null')
    }
    const data = validateAction(ACTION_OF[kind], pick(raw, PICK[kind]))
    const table = await getTable(data.TableName)
    const keySource = kind == 'Put' ? data.Item : data.Key
    const invalid = kind == 'Put' ? dynaliteDb.validateItem(data.Item, table) : dynaliteDb.validateKey(data.Key, table)
    if (invalid) throw invalid
    if (kind == 'Update') {
      const invalidUpdate = dynaliteDb.validateUpdates(data.AttributeUpdates, data._updates, table)
      if (invalidUpdate) throw invalidUpdate
    }
    const key = dynaliteDb.createKey(keySource, table)
    const identity = data.TableName + '\u0000' + key
    if (seen.has(identity)) {
      throw validationError('Transaction request cannot include multiple operations on one item')
    }
    seen.add(identity)
    parts.push({ kind, data, table, key, keyAttrs: keyOf(keySource, table),
      returnOld: raw.ReturnValuesOnConditionCheckFailure == 'ALL_OLD' })
  }
  return parts
}

/** The key attributes of an item (to delete it again on rollback). */
function keyOf (item, table) {
  const key = {}
  for (const k of table.KeySchema) key[k.AttributeName] = item[k.AttributeName]
  return key
}

function cancelled (reasons) {
  const err = new Error('cancelled')
  err.statusCode = 400
  err.body = {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [' +
      reasons.map(r => r.Code).join(', ') + ']',
    CancellationReasons: reasons,
  }
  return err
}

function runAction (name, data) {
  return p(cb => actions[name](store, data, cb))
}

/**
 * TransactWriteItems: validate every part, read every current item, evaluate every condition, and only if all
 * hold apply the parts one by one. Runs inside the queue, so no other write interleaves. If applying a part
 * fails (e.g. an UpdateExpression that does not fit the stored item), the parts already applied are undone
 * from the items read before, and the whole call is cancelled with a ValidationError reason.
 */
async function transactWriteItems (body) {
  const parts = await prepare(body, [ 'ConditionCheck', 'Put', 'Delete', 'Update' ])
  for (const part of parts) part.before = await getItem(part.data.TableName, part.key)

  const reasons = parts.map(part => {
    if (dynaliteDb.checkConditional(part.data, part.before) == null) return { Code: 'None' }
    const reason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }
    if (part.returnOld && part.before) reason.Item = part.before
    return reason
  })
  if (reasons.some(r => r.Code != 'None')) throw cancelled(reasons)

  const applied = []
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]
    if (part.kind == 'ConditionCheck') continue
    const data = Object.assign({}, part.data)
    delete data._condition // already checked above, against the same items (nothing else wrote since)
    try {
      await runAction(ACTION_OF[part.kind], data)
      applied.push(part)
    }
    catch (err) {
      await undo(applied)
      if (!isApiError(err)) throw err
      throw cancelled(parts.map((_, j) => j == i ?
        { Code: 'ValidationError', Message: err.body.message || err.body.Message } : { Code: 'None' }))
    }
  }
  return {}
}

async function undo (applied) {
  for (const part of applied.reverse()) {
    try {
      if (part.before) await runAction('putItem', { TableName: part.data.TableName, Item: part.before })
      else await runAction('deleteItem', { TableName: part.data.TableName, Key: part.keyAttrs })
    }
    catch (err) {
      console.error('[shift-ddb] rollback of a failed transaction part failed', err)
    }
  }
}

/** TransactGetItems: a consistent snapshot because it runs inside the same queue as all writes. */
async function transactGetItems (body) {
  const parts = await prepare(body, [ 'Get' ])
  const responses = []
  for (const part of parts) {
    const result = await runAction('getItem', part.data)
    responses.push(result.Item ? { Item: result.Item } : {})
  }
  return { Responses: responses }
}

const OWN_OPERATIONS = { TransactWriteItems: transactWriteItems, TransactGetItems: transactGetItems }

function handleOwn (operation, req, res, done) {
  const chunks = []
  req.on('data', c => chunks.push(c))
  req.on('error', () => done())
  res.once('close', () => done()) // a client that went away mid-request must not hold the queue
  req.on('end', async () => {
    try {
      let body
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }
      catch { return sendJson(res, 400, { __type: 'com.amazon.coral.service#SerializationException' }) }
      sendJson(res, 200, await OWN_OPERATIONS[operation](body))
    }
    catch (err) {
      if (isApiError(err)) sendJson(res, err.statusCode, err.body)
      else {
        console.error('[shift-ddb] ' + operation + ' failed', err)
        sendJson(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(err) })
      }
    }
    finally {
      done()
    }
  })
}

// --- server -----------------------------------------------------------------------------------------------------
function parseArgs (argv) {
  const args = { port: 0, host: '127.0.0.1', path: null, parentPid: null }
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i]
    if (argv[i] == '--port') args.port = Number(next())
    else if (argv[i] == '--host') args.host = next()
    else if (argv[i] == '--path') args.path = next()
    else if (argv[i] == '--parent-pid') args.parentPid = Number(next())
    else throw new Error('unknown argument ' + argv[i])
  }
  return args
}

function main () {
  const args = parseArgs(process.argv.slice(2))
  const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }
  if (args.path) options.path = args.path
  const server = dynalite(options)

  // Put our dispatcher in front of dynalite's own request handler.
  const dynaliteHandler = server.listeners('request')[0]
  server.removeAllListeners('request')
  server.on('request', (req, res) => {
    const operation = String(req.headers['x-amz-target'] || '').split('.')[1]
    if (OWN_OPERATIONS[operation]) return serialised(done => handleOwn(operation, req, res, done))
    // The request body stays buffered (paused stream) until dynalite attaches its 'data' listener.
    const forward = done => {
      // If dynalite throws inside a callback (see uncaughtException below) it never answers; answer for it, so
      // neither the client nor the write queue waits forever.
      const stuck = setTimeout(() => {
        console.error('[shift-ddb] no answer to ' + operation + ' after ' + STUCK_MS + ' ms; failing it')
        if (!res.headersSent) {
          sendJson(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
            message: 'dynalite did not answer' })
        }
        done()
      }, STUCK_MS)
      const finished = () => { clearTimeout(stuck); done() }
      res.once('finish', finished)
      res.once('close', finished)
      dynaliteHandler(req, res)
    }
    if (MUTATING.has(operation)) serialised(forward)
    else shared(forward)
  })

  server.on('error', err => {
    console.error('[shift-ddb] cannot listen on ' + args.host + ':' + args.port + ': ' + err.message)
    process.exit(2)
  })
  server.listen(args.port, args.host, () => {
    console.log('READY port=' + server.address().port)
  })

  let stopping = false
  const stop = signal => {
    if (stopping) return
    stopping = true
    console.log('[shift-ddb] ' + signal + ': closing')
    setTimeout(() => process.exit(0), 3000).unref() // never hang a test run on a slow close
    server.close(() => process.exit(0))
    if (server.closeAllConnections) server.closeAllConnections()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))

  if (args.parentPid) {
    setInterval(() => {
      try { process.kill(args.parentPid, 0) }
      catch { stop('parent ' + args.parentPid + ' gone') }
    }, 1000).unref()
  }
}

// dynalite throws from some callbacks; log it rather than take every test's server down with it.
process.on('uncaughtException', err => console.error('[shift-ddb] uncaught', err))

main()
