'use strict';
// A client for keeperd over mutual TLS, loading the keeper.v1 contract
// (the keeper.v1 and google/rpc protos under one include root, as the build
// lays them out in build/proto/contract and installs them in
// <prefix>/share/keeper/proto).

const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PURPOSE_HEADER = 'x-keeper-purpose';
const ON_BEHALF_OF_HEADER = 'x-keeper-on-behalf-of';
const ERROR_DOMAIN = 'keeper.v1';
const SERVICES = ['CaseService', 'RegisterService', 'EventsService',
                  'AuditService', 'ReviewService', 'TimescalesService',
                  'ProofService'];

// The generated service constructors and the google.rpc types of the
// contract under `protoDir`.
function loadContract(protoDir) {
  const files = fs.readdirSync(path.join(protoDir, 'keeper/v1'))
                    .filter((f) => f.endsWith('.proto'))
                    .map((f) => `keeper/v1/${f}`);
  const definition = protoLoader.loadSync(files, {
    includeDirs: [protoDir],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const rpc = new protobuf.Root();
  rpc.resolvePath = (origin, target) =>
    target.startsWith('google/protobuf/') ? target
                                          : path.join(protoDir, target);
  rpc.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'],
              {keepCase: true});
  return {grpc: grpc.loadPackageDefinition(definition), rpc};
}

// The google.rpc.Status details of an error a call returned: {errorInfo,
// badRequest, preconditionFailure, retryInfo}, each undefined if absent.
function errorDetails(contract, error) {
  const details = {};
  const bytes = error && error.metadata &&
                error.metadata.get('grpc-status-details-bin')[0];
  if (!bytes) return details;
  const Status = contract.rpc.lookupType('google.rpc.Status');
  const status = Status.decode(bytes);
  const names = {
    'google.rpc.ErrorInfo': 'errorInfo',
    'google.rpc.BadRequest': 'badRequest',
    'google.rpc.PreconditionFailure': 'preconditionFailure',
    'google.rpc.RetryInfo': 'retryInfo',
  };
  for (const any of status.details) {
    const type = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
    if (!names[type]) continue;
    details[names[type]] =
        contract.rpc.lookupType(type).toObject(
            contract.rpc.lookupType(type).decode(any.value),
            {longs: String, defaults: true});
  }
  return details;
}

class KeeperClient {
  // `options`: address ("localhost:50051"), protoDir, and PEM paths ca,
  // cert and key (the client certificate says who calls), purpose and
  // onBehalfOf (sent with every call), deadlineMs for unary calls.
  constructor(options) {
    this.contract = loadContract(options.protoDir);
    const credentials = grpc.credentials.createSsl(
        fs.readFileSync(options.ca), fs.readFileSync(options.key),
        fs.readFileSync(options.cert));
    this.purpose = options.purpose || '';
    this.onBehalfOf = options.onBehalfOf || '';
    this.deadlineMs = options.deadlineMs || 10000;
    const v1 = this.contract.grpc.keeper.v1;
    this.stubs = {};
    let channel;
    for (const name of SERVICES) {
      this.stubs[name] = new v1[name](
          options.address, credentials,
          channel ? {channelOverride: channel} : {});
      channel = channel || this.stubs[name].getChannel();
    }
  }

  close() {
    for (const stub of Object.values(this.stubs)) stub.close();
  }

  metadata() {
    const metadata = new grpc.Metadata();
    if (this.purpose) metadata.set(PURPOSE_HEADER, this.purpose);
    if (this.onBehalfOf) metadata.set(ON_BEHALF_OF_HEADER, this.onBehalfOf);
    return metadata;
  }

  // Calls unary `method` of `service` with `request`; resolves with the
  // response, or rejects with the gRPC error, whose `details` property
  // holds its decoded google.rpc details (errorDetails).
  call(service, method, request) {
    return new Promise((resolve, reject) => {
      const deadline = new Date(Date.now() + this.deadlineMs);
      this.stubs[service][method](
          request, this.metadata(), {deadline}, (error, response) => {
            if (error) {
              error.keeper = errorDetails(this.contract, error);
              reject(error);
            } else {
              resolve(response);
            }
          });
    });
  }

  checkRegister(request) {
    return this.call('RegisterService', 'CheckRegister', request);
  }

  listRegister(request) {
    return this.call('RegisterService', 'ListRegister', request);
  }

  getCase(caseId) {
    return this.call('CaseService', 'GetCase', {case_id: caseId});
  }

  // The feed from `request.from_position`: a grpc-js readable stream of
  // EventEnvelopes ('data', 'error', 'end'); cancel() ends it.
  subscribe(request) {
    return this.stubs.EventsService.Subscribe(request, this.metadata());
  }
}

module.exports = {KeeperClient, loadContract, errorDetails, ERROR_DOMAIN,
                  PURPOSE_HEADER, ON_BEHALF_OF_HEADER};
