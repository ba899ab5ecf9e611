// Opens every console page in Debian's Chromium, as several roles, each
// presenting its own client certificate, and asserts on what the pages
// show. Saves a screenshot of each page (and the decision record as PDF).
//
//   node console_test.mjs '{"origin": "https://127.0.0.1:PORT", ...}'
//
// Exits non-zero on the first failed assertion, or if no browser starts.
// Prints one JSON line per page view, for the caller to find in the
// access trail.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import {chromium} from 'playwright-core';

const cfg = JSON.parse(process.argv[2]);
fs.mkdirSync(cfg.screenshotDir, {recursive: true});

const browser = await chromium.launch({
  executablePath: cfg.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});

// A browser context presenting `role`'s certificate. The development CA
// is not one the browser trusts, so its server certificate is accepted
// as is; the server still checks the client's.
async function signIn(role) {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    clientCertificates: [{
      origin: cfg.origin,
      pfxPath: path.join(cfg.certDir, `${role}.p12`),
      passphrase: 'keeper',
    }],
  });
  return context.newPage();
}

// Gives the purpose on the form every first page shows.
async function givePurpose(page, purpose) {
  await page.locator('#purpose').fill(purpose);
  await Promise.all([page.waitForURL('**'), page.locator('#give-purpose').click()]);
}

async function open(page, role, name, url, expectStatus = 200) {
  const response = await page.goto(cfg.origin + url);
  assert.equal(response.status(), expectStatus, `${role} ${url}`);
  await page.screenshot({
    path: path.join(cfg.screenshotDir, `${role}-${name}.png`),
    fullPage: true,
  });
  console.log(JSON.stringify({role, name, url, status: response.status()}));
  return page;
}

const rows = (page, table) => page.locator(`#${table} tbody tr`);
const text = (page) => page.locator('main').innerText();
const caseId = cfg.caseId;
const decisionUrl =
    `/decision?case_id=${caseId}&conference_id=${cfg.conferenceId}`;

// The team manager sees everything of their authority.
{
  const role = 'team-manager';
  const page = await signIn(role);
  // No read before a purpose: the first page asks for one.
  await page.goto(cfg.origin + '/register');
  assert.equal(await page.locator('#purpose').count(), 1);
  assert.equal(await rows(page, 'register').count(), 0);
  await givePurpose(page, cfg.purpose);
  assert.match(page.url(), /\/register$/);

  await open(page, role, 'register', '/register?authority=fife');
  assert.equal(await rows(page, 'register').count(), 1);
  const row = await rows(page, 'register').first().innerText();
  assert.match(row, new RegExp(caseId));
  assert.match(row, /Jamie Smith/);

  await open(page, role, 'register-as-of', '/register?authority=fife&as_of=2001-01-01');
  assert.equal(await rows(page, 'register').count(), 0);

  await open(page, role, 'case', `/case?case_id=${caseId}`);
  assert.ok(await rows(page, 'timeline').count() >= 10);
  assert.match(await page.locator('#timeline').innerText(), /DecisionRecorded/);
  assert.match(await page.locator('#registration').innerText(), /On the register since/);
  assert.ok((await text(page)).includes(cfg.restrictedText), 'restricted text shown');

  await open(page, role, 'decision', decisionUrl);
  assert.match(await page.locator('#outcomes').innerText(), /OUTCOME_REGISTER/);
  assert.match(await page.locator('#verified').innerText(), /verified by the server/);
  assert.match(await page.locator('#checkpoint').innerText(), /keeper\.local\/register/);
  assert.match(await page.locator('#proof').innerText(), /keeper proof verify/);
  assert.ok((await text(page)).includes(cfg.restrictedText), 'restricted text shown');
  await page.emulateMedia({media: 'print'});
  assert.equal(await page.locator('nav').isVisible(), false);
  await page.pdf({path: path.join(cfg.screenshotDir, `${role}-decision.pdf`)});
  await page.emulateMedia({media: 'screen'});

  await open(page, role, 'access-trail', `/trail/access?case_id=${caseId}`);
  assert.ok(await rows(page, 'access-trail').count() >= 1);
  assert.match(await page.locator('#access-trail').innerText(), /keeper\.console\/CaseRecord/);

  await open(page, role, 'change-trail', `/trail/change?case_id=${caseId}&page_size=5`);
  assert.equal(await rows(page, 'change-trail').count(), 5);
  await Promise.all([page.waitForURL('**'), page.getByText('Next page').click()]);
  assert.ok(await rows(page, 'change-trail').count() >= 1);
  const second = await page.locator('#change-trail tbody tr td').first().innerText();
  assert.ok(Number(second) > 5, 'the second page goes on from the first');

  await open(page, role, 'timescales', '/timescales?authority=fife');
  assert.ok(await page.locator('svg.chart').count() >= 1);
  assert.equal(await page.locator('#late').count(), 1);

  // A name holding markup is shown as text, never run.
  await open(page, role, 'markup-name', `/case?case_id=${cfg.markupCaseId}`);
  assert.match(await text(page), /<script>alert\(1\)<\/script>/);
  assert.equal(await page.locator('main script').count(), 0);
  assert.equal(await page.locator('main b').count(), 0);
}

// A family-facing role never sees restricted report parts.
{
  const role = 'parent-advocate';
  const page = await signIn(role);
  await page.goto(cfg.origin + `/case?case_id=${caseId}`);
  await givePurpose(page, 'supporting the mother');
  await open(page, role, 'case', `/case?case_id=${caseId}`);
  assert.ok(await rows(page, 'timeline').count() >= 10);
  assert.ok(!(await text(page)).includes(cfg.restrictedText), 'restricted text withheld');
  assert.match(await text(page), /Restricted report parts are withheld/);
  await open(page, role, 'decision', decisionUrl);
  assert.ok(!(await text(page)).includes(cfg.restrictedText), 'restricted text withheld');
  assert.ok(!(await text(page)).includes(cfg.restrictionReason), 'reason withheld');
  assert.match(await text(page), /This part is restricted and withheld/);
  await open(page, role, 'register-refused', '/register?authority=fife', 403);
  assert.match(await page.locator('#refused').innerText(), /403 Refused/);
}

// A role the policy does not let open the register gets a refusal page.
{
  const role = 'teacher';
  const page = await signIn(role);
  await page.goto(cfg.origin + '/register');
  await givePurpose(page, 'worried about a pupil');
  await open(page, role, 'register-refused', '/register?authority=fife', 403);
  assert.match(await page.locator('#refused').innerText(), /may not call \/keeper\.console\/Register/);
}

// The inspector sees who enquired of the register, and why.
{
  const role = 'inspector';
  const page = await signIn(role);
  await page.goto(cfg.origin + '/enquiries');
  await givePurpose(page, 'inspection');
  await open(page, role, 'enquiries', '/enquiries');
  const enquiries = await page.locator('#enquiries').innerText();
  assert.match(enquiries, /tara\.manager/);
  assert.ok(enquiries.includes(cfg.purpose), 'the purpose is shown');
  await open(page, role, 'timescales', '/timescales?authority=fife');
  await open(page, role, 'access-trail', '/trail/access?actor=tara.manager&page_size=1000');
  assert.match(await page.locator('#access-trail').innerText(), /keeper\.console\/DecisionRecord/);
}

await browser.close();
