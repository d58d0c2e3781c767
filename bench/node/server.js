'use strict';
// Benchmark baseline, not part of the product: the Order service's GET /api/v1/orders/:id and POST /api/v1/orders
// written the way a Node 20 + Express team would (the stack the seed architecture proposed), so that make bench can
// measure both side by side on one core. Same wire contract (envelope, status codes, headers), same storage (the
// Order service's own SQLite migrations, WAL, synchronous=FULL), same durability (one transaction per placement with
// its outbox email and event rows), same authentication (RS256 JWTs checked against the Auth service's JWKS, and its
// revocation feed). No outbox dispatcher, no Idempotency-Key, no rate limits, no metrics: see bench/node/README.md.
//
// Environment: PORT, DATA_DIR, AUTH_URL, SERVICE_TOKEN, JWT_ISSUER, JWT_AUDIENCE, WEB_APP_URL, PRODUCT_CATALOG_FILE,
// REVOCATION_POLL_INTERVAL_MS, LOG_LEVEL. Two of the C++ services' design choices can be switched on, to tell the
// runtime's share of the difference from the design's: JWT_VERIFY_CACHE=1 caches verified tokens until they expire,
// ORDER_GROUP_COMMIT=1 commits the placements queued meanwhile in one transaction (one fsync).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const Database = require('better-sqlite3');
const express = require('express');
const jwt = require('jsonwebtoken');
const jwksRsa = require('jwks-rsa');
const pino = require('pino');

const REPO = path.resolve(__dirname, '..', '..');
const env = process.env;
const config = {
  port: Number(env.PORT || 8002),
  dataDir: env.DATA_DIR || path.join(REPO, 'var', 'order-node'),
  authUrl: (env.AUTH_URL || 'http://127.0.0.1:3001').replace(/\/$/, ''),
  serviceToken: env.SERVICE_TOKEN || '',
  issuer: env.JWT_ISSUER || 'rman-auth',
  audience: env.JWT_AUDIENCE || 'rman-api',
  webAppUrl: env.WEB_APP_URL || 'http://localhost:8080',
  catalogFile: env.PRODUCT_CATALOG_FILE || path.join(REPO, 'services', 'order', 'data', 'products.json'),
  revocationPollMs: Number(env.REVOCATION_POLL_INTERVAL_MS || 2000),
  verifyCache: env.JWT_VERIFY_CACHE === '1',
  groupCommit: env.ORDER_GROUP_COMMIT === '1',
  emailAttempts: 8, // EMAIL_RETRY_SCHEDULE's 7 retries + the first try, as the C++ default
};
if (!config.serviceToken) throw new Error('SERVICE_TOKEN is required (revocation feed)');

// ---- logging: one JSON line per request, buffered (8 KiB, flushed every second) ----
const logDestination = pino.destination({ dest: 1, minLength: 8192, sync: false });
const log = pino(
  {
    level: env.LOG_LEVEL || 'info',
    base: { service: 'order-service-node' },
    timestamp: () => `,"ts":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
  },
  logDestination,
);
setInterval(() => logDestination.flush(), 1000).unref();

// ---- storage: the Order service's schema, from its own migration files ----
fs.mkdirSync(config.dataDir, { recursive: true });
const db = new Database(path.join(config.dataDir, 'order.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('temp_store = MEMORY');
db.pragma('cache_size = -8000');
db.pragma('busy_timeout = 5000');

function migrate(scope, dir) {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?');
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    const name = `${scope}/migrations/${file}`;
    if (applied.get(name)) continue;
    db.transaction(() => {
      db.exec(fs.readFileSync(path.join(dir, file), 'utf8'));
      record.run(name, Date.now());
    }).immediate();
  }
}
migrate('common', path.join(REPO, 'common', 'migrations'));
migrate('order', path.join(REPO, 'services', 'order', 'migrations'));

const sql = {
  byId: db.prepare('SELECT doc, history, id, user_id, deleted_at, version FROM orders WHERE id = ?'),
  byNumber: db.prepare('SELECT doc, history, id, user_id, deleted_at, version FROM orders WHERE order_id = ?'),
  numberTaken: db.prepare('SELECT 1 FROM orders WHERE order_id = ?').pluck(),
  insertOrder: db.prepare(
    'INSERT INTO orders (id, order_id, user_id, status, status_rank, total_paise, order_date, deleted_at, version, ' +
      'search_text, email_text, doc, history, refund_paise) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  ),
  insertOutbox: db.prepare(
    'INSERT INTO outbox (id, kind, topic, destination, user_id, setting, related_type, related_id, aggregate_id, ' +
      'subject, payload, request_id, status, max_attempts, created_at, next_attempt_at) ' +
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)",
  ),
};

// ---- catalogue and email templates ----
const catalog = new Map();
for (const p of JSON.parse(fs.readFileSync(config.catalogFile, 'utf8'))) {
  catalog.set(p.productId, { productId: p.productId, name: p.name, unitPrice: p.unitPricePaise, active: p.active });
}
const templateDir = path.join(REPO, 'services', 'order', 'templates');
const templates = {
  orderConfirmationText: fs.readFileSync(path.join(templateDir, 'order_confirmation.txt'), 'utf8'),
  orderConfirmationHtml: fs.readFileSync(path.join(templateDir, 'order_confirmation.html'), 'utf8'),
};

// ---- helpers of the wire contract (API.md §1) ----
const STATUSES = ['Placed', 'Processing', 'Shipped', 'Delivered', 'Cancelled', 'Return Requested', 'Returned'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const money = (paise) => paise / 100;
const iso = (ms) => new Date(ms).toISOString();
const orNull = (v) => (v === undefined ? null : v);

class HttpError extends Error {
  constructor(status, code, message, issues = []) {
    super(message);
    Object.assign(this, { status, code, issues });
  }
}
const notFound = (what) => new HttpError(404, 'NOT_FOUND', what);
const validation = (issues) => new HttpError(400, 'VALIDATION_FAILED', 'Validation failed', issues);

function sendError(res, err) {
  const errors = err.issues.length
    ? err.issues.map((i) => ({ code: err.code, field: orNull(i.field), message: i.message }))
    : [{ code: err.code, field: null, message: err.message }];
  if (err.status === 401) res.set('WWW-Authenticate', err.invalidToken ? 'Bearer error="invalid_token"' : 'Bearer');
  res.status(err.status).json({ success: false, data: null, message: err.message || errors[0].message, errors });
}

// ---- authentication: RS256 against the Auth service's JWKS, plus its revocation feed ----
const jwks = jwksRsa({
  jwksUri: `${config.authUrl}/.well-known/jwks.json`,
  cache: true,
  cacheMaxAge: 600000,
  rateLimit: true,
  jwksRequestsPerMinute: 2,
});
const getKey = (header, callback) =>
  jwks.getSigningKey(header.kid, (err, key) => callback(err, key && key.getPublicKey()));

const revoked = new Map(); // sessionId -> expiresAt (ms)
const feed = { lastSeq: 0, loaded: false, keysLoaded: false };

async function pollRevocations() {
  for (let more = true; more; ) {
    const r = await fetch(`${config.authUrl}/api/v1/auth/internal/revocations?limit=1000&since=${feed.lastSeq}`, {
      headers: { 'X-Service-Token': config.serviceToken },
    });
    if (r.status !== 200) throw new Error(`revocation feed answered ${r.status}`);
    const { data } = await r.json();
    for (const e of data.entries) {
      revoked.set(e.sessionId, Date.parse(e.expiresAt) || 0);
      if (e.seq > feed.lastSeq) feed.lastSeq = e.seq;
    }
    const now = Date.now();
    for (const [sid, expires] of revoked) if (expires <= now) revoked.delete(sid);
    more = data.hasMore;
  }
  feed.loaded = true;
}
async function loadAuth() {
  try {
    if (!feed.keysLoaded) feed.keysLoaded = (await jwks.getSigningKeys()).length > 0;
    await pollRevocations();
  } catch (err) {
    log.warn({ error: err.message }, 'auth not reachable; retrying');
  }
  setTimeout(loadAuth, config.revocationPollMs).unref();
}

// Issuer and audience are checked with the other claims (claimError); expiry after revocation, as the C++ services do.
const verifyOptions = { algorithms: ['RS256'], ignoreExpiration: true };
const verified = new Map(); // token -> claims, only with JWT_VERIFY_CACHE=1 (the C++ services' design)

// jsonwebtoken's reasons, worded as the C++ services word them.
const TOKEN_ERRORS = {
  'invalid token': 'malformed', 'jwt malformed': 'malformed', 'invalid signature': 'bad signature',
  'invalid algorithm': 'algorithm not accepted', 'jwt signature is required': 'malformed',
};
const claimError = (claims) => {
  if (claims.iss !== config.issuer) return 'issuer';
  if (claims.aud !== config.audience) return 'audience';
  const ok =
    typeof claims.sub === 'string' && claims.sub && typeof claims.sid === 'string' && claims.sid &&
    Number.isInteger(claims.iat) && Number.isInteger(claims.exp) &&
    (claims.role === 'Customer' || claims.role === 'Administrator');
  if (!ok) return 'claims';
  if (claims.iat > Date.now() / 1000 + 30) return 'issued in the future';
  return null;
};

function verifyToken(token) {
  if (config.verifyCache && verified.has(token)) return Promise.resolve(verified.get(token));
  return new Promise((resolve, reject) => {
    jwt.verify(token, getKey, verifyOptions, (err, claims) => {
      if (err) {
        const why = TOKEN_ERRORS[err.message] || err.message;
        return reject(Object.assign(new HttpError(401, 'UNAUTHENTICATED', `Invalid token: ${why}`), { invalidToken: true }));
      }
      const bad = claimError(claims);
      if (bad) return reject(Object.assign(new HttpError(401, 'UNAUTHENTICATED', `Invalid token: ${bad}`), { invalidToken: true }));
      if (config.verifyCache) {
        if (verified.size >= 100000) verified.clear();
        verified.set(token, claims);
      }
      resolve(claims);
    });
  });
}

const CUSTOMER = 1, ADMINISTRATOR = 2, SERVICE = 4, USERS = CUSTOMER | ADMINISTRATOR;

// Express middleware: who is calling, and may that role use this route.
const authenticate = (roles) => async (req, res, next) => {
  try {
    const serviceToken = req.get('x-service-token');
    const authorization = req.get('authorization') || '';
    if (serviceToken !== undefined) {
      const a = Buffer.from(serviceToken), b = Buffer.from(config.serviceToken);
      if (a.length !== b.length || !crypto.timingSafeEqual(a, b))
        throw new HttpError(401, 'UNAUTHENTICATED', 'Invalid service credential');
      req.principal = { role: SERVICE };
    } else if (authorization.length > 7 && /^[Bb]earer /.test(authorization)) {
      const claims = await verifyToken(authorization.slice(7));
      if (revoked.has(claims.sid))
        throw Object.assign(new HttpError(401, 'TOKEN_REVOKED', 'This session has been revoked; please sign in again'), { invalidToken: true });
      if (claims.exp + 30 < Date.now() / 1000)
        throw Object.assign(new HttpError(401, 'TOKEN_EXPIRED', 'Access token expired; refresh it'), { invalidToken: true });
      req.principal = {
        role: claims.role === 'Administrator' ? ADMINISTRATOR : CUSTOMER,
        userId: claims.sub, email: claims.email || '', name: claims.name || '',
      };
    } else {
      throw new HttpError(401, 'UNAUTHENTICATED', 'Authentication required');
    }
    if (!(roles & req.principal.role)) {
      throw roles === SERVICE || req.principal.role === SERVICE
        ? new HttpError(401, 'UNAUTHENTICATED', 'This endpoint needs another credential')
        : new HttpError(403, 'FORBIDDEN', 'Your role may not use this endpoint');
    }
    next();
  } catch (err) {
    next(err);
  }
};

// ---- request validation, with the C++ services' rules and messages ----
class Validator {
  constructor() { this.issues = []; }
  add(field, message) { if (this.issues.length < 50) this.issues.push({ field, message }); }
}

function lengthMessage(min, max) {
  if (max === 0) return `must be at least ${min} characters`;
  if (min <= 1) return `must be at most ${max} characters`;
  return `must be between ${min} and ${max} characters`;
}

// Reads the fields of one JSON object; unknown fields are refused.
class ObjectReader {
  constructor(obj, v, prefix = '') { Object.assign(this, { obj, v, prefix, known: new Set() }); }
  path(name) { return this.prefix ? `${this.prefix}.${name}` : name; }
  take(name, required) {
    this.known.add(name);
    const value = this.obj[name];
    if (value === undefined || value === null) {
      if (required) this.v.add(this.path(name), 'is required');
      return undefined;
    }
    return value;
  }
  string(name, { min = 0, max = 0, longText = false }, required, check) {
    const raw = this.take(name, required);
    if (raw === undefined) return this.obj[name] === null ? null : undefined;
    if (typeof raw !== 'string') return this.v.add(this.path(name), 'must be a string');
    const s = (longText ? raw.replace(/\r\n/g, '\n') : raw);
    if ((longText ? /[\x00-\x08\x0B-\x1F\x7F-\x9F]/ : /[\x00-\x1F\x7F-\x9F]/).test(s))
      return this.v.add(this.path(name), 'must not contain control characters');
    const trimmed = s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
    let length = 0;
    for (const _ of trimmed) length++; // code points
    if (length < min || (max && length > max)) return this.v.add(this.path(name), lengthMessage(min, max));
    if (!trimmed) return required ? this.v.add(this.path(name), 'is required') : null;
    if (!check) return trimmed;
    const checked = check(trimmed);
    if (checked.error) return this.v.add(this.path(name), checked.error);
    return checked.value;
  }
  int(name, required, min, max) {
    const raw = this.take(name, required);
    if (raw === undefined) return undefined;
    if (!Number.isInteger(raw)) return this.v.add(this.path(name), 'must be an integer');
    if (raw < min || raw > max) return this.v.add(this.path(name), `must be an integer between ${min} and ${max}`);
    return raw;
  }
  object(name, required) {
    const raw = this.take(name, required);
    if (raw === undefined) return undefined;
    if (typeof raw !== 'object' || Array.isArray(raw)) return this.v.add(this.path(name), 'must be an object');
    return raw;
  }
  array(name, required, min, max) {
    const raw = this.take(name, required);
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) return this.v.add(this.path(name), 'must be an array');
    if (raw.length < min || raw.length > max)
      return this.v.add(this.path(name), `must have between ${min} and ${max} entries`);
    return raw;
  }
  rejectUnknown() {
    for (const key of Object.keys(this.obj)) if (!this.known.has(key)) this.v.add(this.path(key), 'unknown field');
  }
}

const productIdRule = (id) =>
  /^[A-Za-z0-9_-]*$/.test(id) ? { value: id } : { error: 'must contain only letters, digits, _ and -' };
const zipRule = (z) =>
  /^[A-Za-z0-9 -]*$/.test(z) ? { value: z } : { error: 'must contain only letters, digits, spaces and hyphens' };
const countryRule = (c) =>
  /^[A-Za-z]+$/.test(c) ? { value: c.toUpperCase() } : { error: 'must be an ISO 3166-1 alpha-2 code such as IN' };

function readPlacement(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(400, 'VALIDATION_FAILED', 'Request body must be a JSON object');
  const v = new Validator();
  const r = new ObjectReader(body, v);
  const lines = [];
  const items = r.array('items', true, 1, 50);
  (items || []).forEach((item, i) => {
    const at = `items[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return v.add(at, 'must be an object');
    const line = new ObjectReader(item, v, at);
    const productId = line.string('productId', { min: 1, max: 40 }, true, productIdRule);
    const quantity = line.int('quantity', true, 1, 100);
    line.rejectUnknown();
    lines.push({ productId, quantity });
  });
  let address;
  const a = r.object('deliveryAddress', true);
  if (a) {
    const ar = new ObjectReader(a, v, 'deliveryAddress');
    const street = ar.string('street', { min: 1, max: 200 }, true);
    const city = ar.string('city', { min: 1, max: 100 }, true);
    const state = ar.string('state', { min: 1, max: 100 }, true);
    const zipCode = ar.string('zipCode', { min: 3, max: 10 }, true, zipRule);
    const country = ar.string('country', { min: 2, max: 2 }, true, countryRule);
    ar.rejectUnknown();
    address = { street, city, state, zipCode, country };
  }
  const notes = r.string('notes', { min: 0, max: 500, longText: true }, false);
  r.rejectUnknown();
  if (v.issues.length) throw validation(v.issues);
  return { lines, address, notes: notes === undefined ? null : notes };
}

// ---- the order document (API.md §6.2) and what a placement writes ----
function historyJson(history) {
  return history.map((h) => ({
    previousStatus: h.previousStatus, newStatus: h.newStatus, changedBy: h.changedBy,
    changedByRole: h.changedByRole, notes: h.notes, timestamp: iso(h.timestamp),
  }));
}

function orderJson(o, withHistory) {
  const out = {
    id: o.id, orderId: o.orderId, userId: o.userId, customerId: o.userId,
    customerEmail: o.customerEmail, customerName: o.customerName,
    items: o.items.map((i) => ({
      productId: i.productId, productName: i.productName, quantity: i.quantity,
      unitPrice: money(i.unitPrice), totalPrice: money(i.totalPrice), returnRequested: false,
    })),
    deliveryAddress: o.deliveryAddress, notes: o.notes, orderDate: iso(o.createdAt), status: o.status,
    subtotal: money(o.subtotal), totalAmount: money(o.total), currency: 'INR',
    cancellationReason: null, returnReason: null, returnApproved: null, returnRequest: null, trackingNumber: null,
    deliveredAt: null, returnEligibleUntil: null, createdAt: iso(o.createdAt), updatedAt: iso(o.updatedAt),
    deletedAt: null, version: o.version,
  };
  if (withHistory) out.history = historyJson(o.history);
  return out;
}

function formatRupees(paise) {
  const digits = String(Math.trunc(paise / 100));
  let grouped = '';
  for (let i = 0; i < digits.length; i++) {
    grouped += digits[i];
    const left = digits.length - 1 - i;
    if (left > 0 && (left === 3 || (left > 3 && (left - 3) % 2 === 0))) grouped += ',';
  }
  return `INR ${grouped}.${String(100 + (paise % 100)).slice(1)}`;
}

const htmlEscape = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const render = (tpl, vars, html) =>
  tpl.replace(/\{\{([^}]*)\}\}/g, (_, name) => (name in vars ? (html ? htmlEscape(vars[name]) : vars[name]) : ''));

function confirmationEmail(o) {
  const vars = {
    name: o.customerName, orderId: o.orderId, status: o.status, total: formatRupees(o.total),
    items: o.items
      .map((i) => `  ${i.quantity} x ${i.productName} @ ${formatRupees(i.unitPrice)} = ${formatRupees(i.totalPrice)}\n`)
      .join(''),
    orderUrl: `${config.webAppUrl}/orders/${o.orderId}`,
  };
  const text = render(templates.orderConfirmationText, vars, false);
  const newline = text.indexOf('\n');
  return {
    subject: text.slice(0, newline).slice('Subject: '.length),
    text: text.slice(newline + 1).replace(/^\n+/, ''),
    html:
      '<!doctype html><html><body style="font-family:Arial,sans-serif;color:#1f2933;max-width:600px;margin:auto">' +
      '<h2 style="color:#0b5cad">R-MAN Corporation</h2>' + render(templates.orderConfirmationHtml, vars, true) +
      '<hr><p style="font-size:12px;color:#6b7280">R-MAN Corporation, Bengaluru. ' +
      'You receive this email because of activity on your account.</p></body></html>',
  };
}

const NUMBER_SYMBOLS = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
function orderNumber(now) {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += NUMBER_SYMBOLS[crypto.randomInt(NUMBER_SYMBOLS.length)];
  return `ORD-${iso(now).slice(0, 10).replace(/-/g, '')}-${suffix}`;
}

// One durable transaction: the order, its confirmation email and its OrderPlaced event (one row per subscriber).
const placeOrder = db.transaction((o, requestId) => {
  do o.orderId = orderNumber(o.createdAt); while (sql.numberTaken.get(o.orderId));
  const search = [o.orderId, ...o.items.map((i) => i.productName)].map((s) => s.toLowerCase()).join('\n');
  sql.insertOrder.run(o.id, o.orderId, o.userId, o.status, STATUSES.indexOf(o.status), o.total, o.createdAt, null,
    o.version, search, o.customerEmail.toLowerCase(), JSON.stringify(orderJson(o, false)),
    JSON.stringify(historyJson(o.history)), 0);
  const now = o.createdAt;
  const email = confirmationEmail(o);
  sql.insertOutbox.run(crypto.randomUUID(), 'email', 'order_confirmation', '', o.userId, 'notifyOrderUpdates', 'order',
    o.orderId, null, email.subject, JSON.stringify(email), requestId, config.emailAttempts, now, now);
  const eventId = crypto.randomUUID();
  const event = {
    eventId, type: 'OrderPlaced', schemaVersion: 1, source: 'order-service', occurredAt: iso(now), requestId,
    aggregateId: o.id, aggregateVersion: o.version,
    data: {
      id: o.id, orderId: o.orderId, userId: o.userId, customerId: o.userId, status: o.status,
      totalAmount: money(o.total), currency: 'INR', itemCount: o.items.length, orderDate: iso(o.createdAt),
    },
  };
  sql.insertOutbox.run(crypto.randomUUID(), 'event', 'OrderPlaced', 'customer-service', null, null, null, null, o.id,
    null, JSON.stringify(event), requestId, 0, now, now);
});

// ORDER_GROUP_COMMIT=1: the C++ services' group commit. Placements that arrive while one commit (fsync) blocks the
// event loop are written in the next transaction together, each in its own savepoint (better-sqlite3 nests
// transactions that way), so a batch costs one fsync; every caller is answered after that commit.
const pending = [];
const placeBatch = db.transaction((batch) => {
  for (const job of batch) {
    try {
      placeOrder(job.o, job.requestId);
    } catch (err) {
      job.error = err; // rolled back to its savepoint; the others stay
    }
  }
});
function flushPlacements() {
  const batch = pending.splice(0);
  try {
    placeBatch.immediate(batch);
  } catch (err) {
    for (const job of batch) job.error ??= err; // the commit failed: nothing of the batch was stored
  }
  for (const job of batch) (job.error ? job.reject(job.error) : job.resolve());
}
function commitPlacement(o, requestId) {
  if (!config.groupCommit) return placeOrder.immediate(o, requestId);
  return new Promise((resolve, reject) => {
    if (pending.push({ o, requestId, resolve, reject }) === 1) setImmediate(flushPlacements);
  });
}

// ---- the app ----
const app = express();
app.disable('x-powered-by');
app.set('etag', false);

app.use((req, res, next) => {
  const start = process.hrtime.bigint();
  const given = req.get('x-request-id');
  req.id = given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : crypto.randomUUID();
  res.set({ 'X-Request-ID': req.id, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.on('finish', () => {
    const micros = Number(process.hrtime.bigint() - start) / 1000;
    log.info({
      requestId: req.id, method: req.method, path: req.path, route: req.route ? req.route.path : 'unmatched',
      status: res.statusCode, latencyMs: Math.round(micros) / 1000, userId: req.principal?.userId ?? null, ip: req.ip,
    }, 'request');
  });
  next();
});

app.get('/health', (req, res) => res.json({ status: 'ok' }));
app.get('/health/ready', (req, res) => {
  const ready = feed.keysLoaded && feed.loaded;
  res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
});

app.get('/api/v1/orders/:id', authenticate(USERS | SERVICE), (req, res) => {
  const unknown = Object.keys(req.query);
  if (unknown.length) throw validation(unknown.map((k) => ({ field: k, message: 'unknown field' })));
  const id = req.params.id;
  const row = UUID.test(id) ? sql.byId.get(id) : sql.byNumber.get(id.toUpperCase());
  const p = req.principal;
  if (!row || (p.role === CUSTOMER && (row.user_id !== p.userId || row.deleted_at !== null))) throw notFound('Order not found');
  // The stored document is served as it is, with its history spliced in (no parse and re-serialise), as ours does.
  res.set('ETag', `"${row.version}"`).type('json').send(
    `{"success":true,"data":${row.doc.slice(0, -1)},"history":${row.history}},"message":"OK","errors":[]}`,
  );
});

const jsonBody = express.json({ limit: '64kb', strict: false });
app.post('/api/v1/orders', authenticate(CUSTOMER), (req, res, next) => {
  if (!req.is('application/json'))
    return next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json; charset=utf-8'));
  jsonBody(req, res, next);
}, async (req, res, next) => {
  try {
    await place(req, res);
  } catch (err) {
    next(err);
  }
});

async function place(req, res) {
  const input = readPlacement(req.body);
  const issues = [];
  const o = { items: [], subtotal: 0 };
  input.lines.forEach((line, i) => {
    const p = catalog.get(line.productId);
    if (!p || !p.active) return issues.push({ field: `items[${i}].productId`, message: 'unknown or unavailable product' });
    if (input.lines.slice(0, i).some((l) => l.productId === line.productId))
      return issues.push({ field: `items[${i}].productId`, message: 'duplicate product; combine the quantities' });
    o.items.push({ productId: p.productId, productName: p.name, quantity: line.quantity, unitPrice: p.unitPrice,
      totalPrice: p.unitPrice * line.quantity });
    o.subtotal += p.unitPrice * line.quantity;
  });
  if (issues.length) throw validation(issues);
  const now = Date.now();
  const a = req.principal;
  Object.assign(o, {
    id: crypto.randomUUID(), userId: a.userId, customerEmail: a.email, customerName: a.name,
    deliveryAddress: input.address, notes: input.notes, status: 'Placed', total: o.subtotal,
    createdAt: now, updatedAt: now, version: 1,
    history: [{ previousStatus: null, newStatus: 'Placed', changedBy: a.userId, changedByRole: 'Customer', notes: null, timestamp: now }],
  });
  await commitPlacement(o, req.id);
  res.status(201).set({ Location: `/api/v1/orders/${o.id}`, ETag: `"${o.version}"` })
    .json({ success: true, data: orderJson(o, true), message: 'Order placed', errors: [] });
}

app.use((req, res) => sendError(res, notFound(`No route for ${req.method} ${req.path}`)));

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  if (err instanceof HttpError) return sendError(res, err);
  if (err.type === 'entity.parse.failed') return sendError(res, new HttpError(400, 'MALFORMED_JSON', 'Malformed JSON'));
  if (err.type === 'entity.too.large')
    return sendError(res, new HttpError(413, 'PAYLOAD_TOO_LARGE', 'Request body exceeds 65536 bytes'));
  log.error({ requestId: req.id, error: err.message }, 'unhandled exception');
  sendError(res, new HttpError(500, 'INTERNAL', `Internal error; quote request id ${req.id}`));
});

loadAuth();
const server = app.listen(config.port, '127.0.0.1', () =>
  log.info({ port: config.port, verifyCache: config.verifyCache, groupCommit: config.groupCommit }, 'listening'));
server.keepAliveTimeout = 60000;

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    db.close();
    logDestination.flushSync();
    process.exit(0);
  });
}
