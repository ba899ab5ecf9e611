'use strict';
// End to end against a real keeperd whose store holds the conference story
// (tests/clients/node/test_node_client.py starts it and runs this file):
// calls, a refusal's ErrorInfo reason, the feed, and keeper-check.

const assert = require('node:assert/strict');
const {execFile} = require('node:child_process');
const path = require('node:path');
const test = require('node:test');
const {KeeperClient} = require('../lib/client');

const env = process.env;
for (const name of ['KEEPER_ADDRESS', 'KEEPER_TLS_DIR', 'KEEPER_PROTO_DIR',
                    'KEEPER_CASE']) {
  assert.ok(env[name], `${name} must be set`);
}

function client(role, purpose = 'node client test') {
  return new KeeperClient({
    address: env.KEEPER_ADDRESS,
    protoDir: env.KEEPER_PROTO_DIR,
    ca: path.join(env.KEEPER_TLS_DIR, 'ca.pem'),
    cert: path.join(env.KEEPER_TLS_DIR, `${role}.pem`),
    key: path.join(env.KEEPER_TLS_DIR, `${role}.key`),
    purpose,
  });
}

test('a register check finds the child on the register', async () => {
  const hv = client('health-visitor');
  try {
    const result = await hv.checkRegister({case_id: env.KEEPER_CASE});
    assert.equal(result.on_register, true);
    assert.equal(result.matches[0].case_id, env.KEEPER_CASE);
  } finally {
    hv.close();
  }
});

test('GetCase answers the case', async () => {
  const sw = client('social-worker');
  try {
    const view = await sw.getCase(env.KEEPER_CASE);
    assert.equal(view.case_id, env.KEEPER_CASE);
  } finally {
    sw.close();
  }
});

test('refusals carry their ErrorInfo reason', async () => {
  const noPurpose = client('health-visitor', '');
  const teacher = client('teacher');
  const sw = client('social-worker');
  try {
    await assert.rejects(noPurpose.checkRegister({case_id: env.KEEPER_CASE}),
                         (error) => {
                           assert.equal(error.code, 3);  // INVALID_ARGUMENT
                           assert.equal(error.keeper.errorInfo.domain,
                                        'keeper.v1');
                           assert.equal(error.keeper.errorInfo.reason,
                                        'PURPOSE_REQUIRED');
                           return true;
                         });
    await assert.rejects(teacher.getCase(env.KEEPER_CASE), (error) => {
      assert.equal(error.code, 7);  // PERMISSION_DENIED
      assert.equal(error.keeper.errorInfo.reason, 'ROLE_NOT_PERMITTED');
      return true;
    });
    await assert.rejects(
        sw.getCase('x'.repeat(1000)), (error) => {
          assert.equal(error.keeper.errorInfo.reason, 'INPUT_TOO_LONG');
          assert.equal(error.keeper.errorInfo.metadata.field, 'case_id');
          assert.equal(error.keeper.badRequest.field_violations[0].field,
                       'case_id');
          return true;
        });
  } finally {
    noPurpose.close();
    teacher.close();
    sw.close();
  }
});

test('the feed delivers events in order from a position', async () => {
  const sw = client('social-worker');
  const positions = await new Promise((resolve, reject) => {
    const seen = [];
    const feed = sw.subscribe({from_position: 1});
    feed.on('data', (event) => {
      seen.push(Number(event.position));
      if (seen.length === 5) feed.cancel();
    });
    feed.on('error', (error) => error.code === 1 ? resolve(seen)
                                                 : reject(error));
  });
  sw.close();
  assert.equal(positions.length, 5);
  for (let i = 1; i < positions.length; ++i) {
    assert.ok(positions[i] > positions[i - 1], positions.join(','));
  }
});

test('keeper-check checks the register and follows the feed', async () => {
  const out = await new Promise((resolve, reject) => {
    execFile(process.execPath, [
      path.join(__dirname, '../bin/keeper-check.js'),
      `--server=${env.KEEPER_ADDRESS}`, `--tls_dir=${env.KEEPER_TLS_DIR}`,
      '--role=health-visitor', '--purpose=unscheduled care',
      `--case_id=${env.KEEPER_CASE}`, '--follow=2',
      `--proto_dir=${env.KEEPER_PROTO_DIR}`,
    ], {timeout: 30000}, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`))
              : resolve(stdout));
  });
  const lines = out.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, 3, out);
  assert.equal(lines[0].check.on_register, true);
  assert.ok(lines[1].event.event_type);
  assert.ok(Number(lines[2].event.position) > Number(lines[1].event.position));
});
