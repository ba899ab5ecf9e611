#!/usr/bin/env node
'use strict';
// keeper-check: checks the register for a child, prints the answer as one
// JSON line, then follows the feed, printing each event the caller may see
// as a JSON line, until --follow events have arrived (0: until stopped).
//
//   keeper-check --server localhost:50051 --tls_dir DIR --role health-visitor
//       --purpose "unscheduled care" --case_id fife-2026-0042 [--follow 5]
//
// The certificate is DIR/ca.pem and DIR/<role>.pem/.key (as
// tools/dev_certs.sh lays them out); the contract is --proto_dir (default
// $KEEPER_PROTO_DIR). A refusal prints its ErrorInfo reason and exits 1.

const path = require('node:path');
const {parseArgs} = require('node:util');
const {KeeperClient} = require('../lib/client');

function main() {
  const {values} = parseArgs({
    options: {
      server: {type: 'string', default: 'localhost:50051'},
      tls_dir: {type: 'string'},
      role: {type: 'string'},
      purpose: {type: 'string', default: ''},
      on_behalf_of: {type: 'string', default: ''},
      case_id: {type: 'string'},
      family_name: {type: 'string'},
      given_name: {type: 'string', default: ''},
      date_of_birth: {type: 'string'},
      follow: {type: 'string', default: '0'},
      from_position: {type: 'string', default: '1'},
      proto_dir: {type: 'string', default: process.env.KEEPER_PROTO_DIR},
    },
  });
  for (const required of ['tls_dir', 'role', 'proto_dir']) {
    if (!values[required]) {
      console.error(`keeper-check: --${required} is required`);
      process.exit(2);
    }
  }
  const client = new KeeperClient({
    address: values.server,
    protoDir: values.proto_dir,
    ca: path.join(values.tls_dir, 'ca.pem'),
    cert: path.join(values.tls_dir, `${values.role}.pem`),
    key: path.join(values.tls_dir, `${values.role}.key`),
    purpose: values.purpose,
    onBehalfOf: values.on_behalf_of,
  });
  let request;
  if (values.case_id) {
    request = {case_id: values.case_id};
  } else {
    const [year, month, day] = (values.date_of_birth || '').split('-');
    request = {
      name_and_birth: {
        given_name: values.given_name,
        family_name: values.family_name || '',
        date_of_birth: {year: +year, month: +month, day: +day},
      },
    };
  }
  const follow = Number(values.follow);
  client.checkRegister(request).then((result) => {
    console.log(JSON.stringify({check: result}));
    let seen = 0;
    const feed = client.subscribe({from_position: values.from_position});
    feed.on('data', (event) => {
      console.log(JSON.stringify({
        event: {
          position: event.position,
          stream_id: event.stream_id,
          event_type: event.event_type,
        },
      }));
      if (follow > 0 && ++seen >= follow) {
        feed.cancel();
        client.close();
      }
    });
    feed.on('error', (error) => {
      if (error.code === 1) return;  // CANCELLED: we stopped it
      console.error(`keeper-check: feed: ${error.message}`);
      process.exitCode = 1;
      client.close();
    });
  }, (error) => {
    const info = error.keeper.errorInfo;
    console.error(JSON.stringify({
      error: {code: error.code, reason: info ? info.reason : '',
              message: error.details},
    }));
    process.exitCode = 1;
    client.close();
  });
}

main();
