'use strict'
// A DynamoDB-compatible test server: dynalite 4.0.0 plus TransactWriteItems and TransactGetItems.
//
// Usage: node server.js [--port N] [--host 127.0.0.1] [--path DIR] [--parent-pid PID] [--task-timeout-ms N]
//                       [--body-timeout-ms N]
//   --port 0 (default) picks a free port; the chosen one is printed as "READY port=N" once listening.
//   --path DIR keeps the tables in LevelDB under DIR (survives a restart); without it they live in memory.
//   --parent-pid PID exits when that process is gone, so a killed test JVM leaves no orphan server.
//   --task-timeout-ms (10000) bounds how long one request may hold the queue; --body-timeout-ms (30000) how long a
//   client may take to send its body. GET /__shift/status shows the queue (never queued itself).
//   ShiftTest.HoldWrites {"ms": N} holds the write queue for N ms: tests use it to put requests in the queue.
//
// Why transactions are done here: dynalite has no TransactWriteItems/TransactGetItems, and Shift's invariant 3
// ("a transaction is a transaction") is tested through them. We reuse dynalite's own parsing, condition
// evaluation and write actions, and get atomicity from one rule: every request that mutates items runs alone,
// through one FIFO queue (dynalite's own per-key locks are not enough: a transaction spans several keys).
//
// Not emulated: ClientRequestToken idempotency (a retried token is simply applied again), ConsumedCapacity of
// TransactGetItems and ItemCollectionMetrics in transaction responses, TransactionConflictException (nothing runs concurrently here),
// the 4 MB aggregate size limit. Authentication is not checked for the two added operations.

const { Readable } = require('stream')
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
const MAX_REQUEST_BYTES = 16 * 1024 * 1024
const MUTATING = new Set([ 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem',
  'TransactWriteItems', 'TransactGetItems', 'CreateTable', 'DeleteTable', 'UpdateTable', 'HoldWrites' ])

// --- what bounds every request -------------------------------------------------------------------------------
// A request takes a place in the queue below only once its whole body has arrived, so a slow, silent or killed
// client never holds anyone up: it only loses its own request. Once in the queue, a task has taskMs to finish
// (dynalite answers in milliseconds; a task that does not is answered 500 and left behind), so no request, alive
// or dead, holds the queue beyond a bounded time. A task's end is its own answer being written (res.end), never a
// client's event, which may have fired before the task started.
const limits = { bodyMs: 30000, taskMs: 10000 }

// --- the one queue that mutating requests go through -------------------------------------------------------
// Writes run one at a time, in arrival order, and each runs alone: it waits for the reads in flight to finish,
// and reads that arrive meanwhile wait for it. So no read ever sees a transaction half applied (stricter than
// DynamoDB, whose Query/Scan may; tests get one less source of flakiness), and nothing interleaves between a
// transaction's condition checks and its writes. Reads still run concurrently with each other.
const writesQueued = []   // {label, since, run, abandon}
let writing = null        // the write taken from the queue (draining reads or running), or null
const readsWaiting = []   // reads that arrived while a write was taken
const readsRunning = new Set()
const counters = { served: 0, abandoned: 0, bodyTimeouts: 0, clientsGone: 0 }

/** Queues a write; run(done) must call done once its answer is out, abandon() answers for it when it is late. */
function serialised (label, run, abandon) {
  writesQueued.push({ label, since: Date.now(), run, abandon })
  nextWrite()
}

/** Runs a read now, or after the write that has been taken from the queue. */
function shared (label, run, abandon) {
  const task = { label, since: Date.now(), run, abandon }
  if (writing) readsWaiting.push(task)
  else startRead(task)
}

function nextWrite () {
  if (writing || writesQueued.length == 0) return
  writing = writesQueued.shift()
  runWriteWhenAlone()
}

function runWriteWhenAlone () {
  if (!writing || writing.started || readsRunning.size > 0) return
  const task = writing
  bounded(task, () => {
    writing = null
    for (const read of readsWaiting.splice(0)) startRead(read)
    nextWrite()
  })
}

function startRead (task) {
  readsRunning.add(task)
  bounded(task, () => {
    readsRunning.delete(task)
    runWriteWhenAlone()
  })
}

/** Runs task.run(done) and calls finished exactly once: when the task is done, or after limits.taskMs. */
function bounded (task, finished) {
  task.started = Date.now()
  let over = false
  const end = () => {
    if (over) return
    over = true
    clearTimeout(timer)
    counters.served++
    finished()
  }
  const timer = setTimeout(() => {
    counters.abandoned++
    console.error('[shift-ddb] ' + task.label + ' did not finish within ' + limits.taskMs + ' ms; answered 500 and ' +
      'left behind so the queue moves on; queue: ' + JSON.stringify(queueState()))
    try { task.abandon() }
    catch (err) { console.error('[shift-ddb] abandoning ' + task.label + ' failed', err) }
    end()
  }, limits.taskMs)
  try { task.run(end) }
  catch (err) {
    console.error('[shift-ddb] ' + task.label + ' failed', err)
    try { task.abandon() }
    catch { /* already answered */ }
    end()
  }
}

/** What the server is doing now: GET /__shift/status, and every complaint in the log. */
function queueState () {
  const now = Date.now()
  const age = t => t.started ? now - t.started : now - t.since
  return {
    writing: writing ? { operation: writing.label, ms: age(writing), waitingForReads: !writing.started } : null,
    writesQueued: writesQueued.length,
    oldestQueuedMs: writesQueued.length ? now - writesQueued[0].since : 0,
    readsRunning: readsRunning.size,
    oldestReadMs: Math.max(0, ...[ ...readsRunning ].map(age)),
    readsWaiting: readsWaiting.length,
    served: counters.served,
    abandoned: counters.abandoned,
    bodyTimeouts: counters.bodyTimeouts,
    clientsGoneBeforeBody: counters.clientsGone,
    limits,
  }
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
  return await transactionCapacity(body, parts)
}

/**
 * ConsumedCapacity of a transaction, when asked for: as DynamoDB bills it, twice the write units of each part (of the
 * larger of its item before and after; a ConditionCheck too is billed as a write), per table. Index writes are not
 * counted, as dynalite counts none for single-item writes either.
 */
async function transactionCapacity (body, parts) {
  if (![ 'TOTAL', 'INDEXES' ].includes(body.ReturnConsumedCapacity)) return {}
  const units = {}
  for (const part of parts) {
    const after = part.kind == 'ConditionCheck' ? part.before : await getItem(part.data.TableName, part.key)
    const written = Math.max(dynaliteDb.capacityUnits(part.before, false), dynaliteDb.capacityUnits(after, false))
    units[part.data.TableName] = (units[part.data.TableName] || 0) + 2 * written
  }
  return { ConsumedCapacity: Object.keys(units).map(table => ({ TableName: table, CapacityUnits: units[table] })) }
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

/**
 * HoldWrites {"ms": N}: holds the write queue for N ms (at most a minute), so tests can put requests in it; longer
 * than --task-timeout-ms, it shows a late task being answered 500 and left behind.
 */
async function holdWrites (body) {
  const ms = Math.max(0, Math.min(Number(body && body.ms) || 0, 60000))
  await new Promise(resolve => setTimeout(resolve, ms))
  return { HeldMs: ms }
}

const OWN_OPERATIONS = { TransactWriteItems: transactWriteItems, TransactGetItems: transactGetItems, HoldWrites: holdWrites }

/** Runs one of our own operations on a body already read; calls done once the answer is out. */
async function runOwn (operation, body, res, done) {
  try {
    let data
    try { data = JSON.parse(body.toString('utf8') || 'null') }
    catch { return sendJson(res, 400, { __type: 'com.amazon.coral.service#SerializationException' }) }
    sendJson(res, 200, await OWN_OPERATIONS[operation](data))
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
}

/** Hands dynalite a request whose body we already hold; done is called when dynalite writes its answer. */
function runDynalite (dynaliteHandler, req, body, res, done) {
  const replay = new Readable({ read () {} })
  replay.headers = req.headers
  replay.method = req.method
  replay.url = req.url
  replay.socket = req.socket
  replay.push(body)
  replay.push(null)
  const end = res.end
  res.end = function () {
    res.end = end
    const result = end.apply(res, arguments)
    done()
    return result
  }
  dynaliteHandler(replay, res)
}

// dynalite answers CreateTable/UpdateTable/DeleteTable first and moves the table to ACTIVE (or away) on a later
// tick, so a PutItem queued right behind a CreateTable could find no table. Holding the queue until the table has
// settled makes a table usable as soon as its CreateTable has been answered, as DynamoDbServer promises.
const TABLE_OPERATIONS = new Set([ 'CreateTable', 'UpdateTable', 'DeleteTable' ])

function tableSettled (body, done) {
  let name
  try { name = JSON.parse(body.toString('utf8')).TableName }
  catch { return done() }
  const deadline = Date.now() + 5000
  const check = () => store.getTable(name, false, (err, table) => {
    const settled = err || !table || (table.TableStatus == 'ACTIVE' &&
      (table.GlobalSecondaryIndexes || []).every(i => !i.IndexStatus || i.IndexStatus == 'ACTIVE'))
    if (settled || Date.now() > deadline) done()
    else setTimeout(check, 5)
  })
  check()
}

/** An answer for a task that took too long; whatever the task writes afterwards goes nowhere. */
function abandonResponse (res) {
  return () => {
    if (!res.headersSent && !res.destroyed) {
      sendJson(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
        message: 'the test server did not finish this request within ' + limits.taskMs + ' ms' })
    }
    else res.destroy()
    res.setHeader = () => res
    res.writeHead = () => res
    res.write = () => true
    res.end = () => res
  }
}

/** Reads the whole body (at most MAX_REQUEST_BYTES, within limits.bodyMs), then calls then(body); else answers. */
function readBody (req, res, then) {
  const chunks = []
  let size = 0
  let settled = false
  const settle = () => {
    const first = !settled
    settled = true
    clearTimeout(timer)
    return first
  }
  const timer = setTimeout(() => {
    if (!settle()) return
    counters.bodyTimeouts++
    console.error('[shift-ddb] request body not complete after ' + limits.bodyMs + ' ms; answered 408')
    res.statusCode = 408
    res.setHeader('Connection', 'close')
    res.end()
    req.destroy()
  }, limits.bodyMs)
  req.on('data', chunk => {
    size += chunk.length
    if (size > MAX_REQUEST_BYTES && settle()) {
      res.statusCode = 413
      res.setHeader('Connection', 'close')
      res.end()
      req.destroy()
    }
    else if (!settled) chunks.push(chunk)
  })
  req.on('end', () => { if (settle()) then(Buffer.concat(chunks)) })
  req.on('error', () => { if (settle()) counters.clientsGone++ }) // aborted: nothing was queued, nothing to undo
  req.on('close', () => { if (settle()) counters.clientsGone++ })
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
    else if (argv[i] == '--task-timeout-ms') limits.taskMs = Number(next())
    else if (argv[i] == '--body-timeout-ms') limits.bodyMs = Number(next())
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
    if (req.method == 'GET' && req.url == '/__shift/status') return sendJson(res, 200, queueState())
    const operation = String(req.headers['x-amz-target'] || '').split('.')[1] || req.method
    readBody(req, res, body => {
      const run = OWN_OPERATIONS[operation]
        ? done => runOwn(operation, body, res, done)
        : TABLE_OPERATIONS.has(operation)
          ? done => runDynalite(dynaliteHandler, req, body, res, () => tableSettled(body, done))
          : done => runDynalite(dynaliteHandler, req, body, res, done)
      if (MUTATING.has(operation)) serialised(operation, run, abandonResponse(res))
      else shared(operation, run, abandonResponse(res))
    })
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
