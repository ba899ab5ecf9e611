'use strict';
// Server reflection v1 against a real keeperd (started by
// tests/clients/node/test_node_client.py): it lists the services served and
// resolves the file declaring a symbol, with the files that one imports.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const env = process.env;
const FileDescriptorProto =
    protobuf.loadSync(require.resolve(
        'protobufjs/google/protobuf/descriptor.proto'))
        .lookupType('google.protobuf.FileDescriptorProto');

function reflectionStub(role) {
  const definition = protoLoader.loadSync('grpc/reflection/v1/reflection.proto',
                                          {includeDirs: [env.KEEPER_PROTO_DIR],
                                           keepCase: true, oneofs: true});
  const {ServerReflection} =
      grpc.loadPackageDefinition(definition).grpc.reflection.v1;
  const read = (name) => fs.readFileSync(path.join(env.KEEPER_TLS_DIR, name));
  return new ServerReflection(
      env.KEEPER_ADDRESS,
      grpc.credentials.createSsl(read('ca.pem'), read(`${role}.key`),
                                 read(`${role}.pem`)));
}

// Sends `requests` on one stream; resolves with the responses, one each.
function reflect(requests) {
  const stub = reflectionStub('social-worker');
  return new Promise((resolve, reject) => {
    const responses = [];
    const call = stub.ServerReflectionInfo(
        {deadline: new Date(Date.now() + 10000)});
    call.on('data', (response) => {
      responses.push(response);
      if (responses.length === requests.length) call.end();
    });
    call.on('error', reject);
    call.on('end', () => {
      stub.close();
      resolve(responses);
    });
    for (const request of requests) call.write(request);
  });
}

test('reflection v1 lists every service keeperd serves', async () => {
  const [answer] = await reflect([{list_services: ''}]);
  assert.equal(answer.message_response, 'list_services_response');
  const names = answer.list_services_response.service.map((s) => s.name);
  for (const name of [
    'keeper.v1.CaseService', 'keeper.v1.RegisterService',
    'keeper.v1.NotificationService', 'keeper.v1.EventsService',
    'keeper.v1.AuditService', 'keeper.v1.ReviewService',
    'keeper.v1.TimescalesService', 'keeper.v1.ReturnsService',
    'keeper.v1.SubjectAccessService', 'keeper.v1.ProofService',
    'grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection',
    'grpc.reflection.v1alpha.ServerReflection',
  ]) {
    assert.ok(names.includes(name), `${name} in ${names}`);
  }
});

test('reflection v1 resolves the file declaring a symbol', async () => {
  const [found, own, missing] = await reflect([
    {file_containing_symbol: 'keeper.v1.RegisterService.CheckRegister'},
    {file_containing_symbol: 'grpc.reflection.v1.ServerReflection'},
    {file_containing_symbol: 'keeper.v1.NoSuchThing'},
  ]);
  assert.equal(found.message_response, 'file_descriptor_response');
  const files = found.file_descriptor_response.file_descriptor_proto.map(
      (bytes) => FileDescriptorProto.decode(bytes));
  assert.equal(files[0].name, 'keeper/v1/register_service.proto');
  assert.equal(files[0].package, 'keeper.v1');
  assert.ok(files[0].service.some((s) => s.name === 'RegisterService'));
  // With what it imports, so that a client can build every type it names.
  const sent = new Set(files.map((f) => f.name));
  for (const file of files) {
    for (const dependency of file.dependency) {
      assert.ok(sent.has(dependency), `${dependency} sent`);
    }
  }
  assert.equal(
      FileDescriptorProto.decode(
          own.file_descriptor_response.file_descriptor_proto[0]).name,
      'grpc/reflection/v1/reflection.proto');
  assert.equal(missing.message_response, 'error_response');
  assert.equal(missing.error_response.error_code, grpc.status.NOT_FOUND);
});
