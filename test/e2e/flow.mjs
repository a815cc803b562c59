/**
 * Completes an intake the way a patient does, with real clicks and typing (Playwright's CSS
 * selectors look into open shadow roots), and reads back what the endpoint stored.
 */
import assert from 'node:assert/strict';

const STATUSES_NOT_AVAILABLE = [
  'medical-record-extract',
  'imaging',
  'blood-tests',
  'medications',
  'other',
];

/**
 * Fills every step of the `<second-opinion-intake>` matched by `host` and sends it; resolves with
 * the reference number the receipt shows. `motive` marks the submission for `storedSubmission`.
 * `beforeContinue(step)`, when given, runs once a step is filled, before Continue is pressed.
 * `within`: where the form's fields are, when not in the page (the frame of `mode="isolated"`,
 * as a FrameLocator); `host` on the page still tells the step.
 */
export async function completeIntake(
  page,
  { host = 'second-opinion-intake', motive, beforeContinue = async () => {}, within = page },
) {
  const inForm = within === page ? host : 'second-opinion-intake';
  const inIntake = (selector) => within.locator(`${inForm} ${selector}`).first();
  const step = () =>
    page
      .locator(host)
      .first()
      .evaluate((element) => element.step);
  const next = async (expected) => {
    await beforeContinue(await step());
    await inIntake('[part="continue"]').click();
    await expectStep(step, expected);
  };

  await expectStep(step, 'about');
  await next('reasons');
  await inIntake('#reasons-verify-diagnosis').check();
  await inIntake('#motive').fill(motive);
  await next('documents');
  for (const type of STATUSES_NOT_AVAILABLE) {
    await inIntake(`#${type}-status-not-available`).check();
  }
  await next('insurance');
  await inIntake('#has-private-insurance-no').check();
  await next('contact');
  await inIntake('#requester-role-patient').check();
  await inIntake('#patient-name').fill('Alex Example');
  await inIntake('#patient-dateOfBirth-day').fill('27');
  await inIntake('#patient-dateOfBirth-month').fill('3');
  await inIntake('#patient-dateOfBirth-year').fill('1980');
  await inIntake('#patient-email').fill('alex@example.org');
  await inIntake('#patient-preferredContact-email').check();
  await next('review');
  await inIntake('#consent-healthDataProcessing-yes').check();
  await inIntake('[part="submit"]').click();
  await expectStep(step, 'done');
  const reference = inIntake('[part="receipt"] .reference');
  await reference.waitFor({ state: 'visible' });
  return (await reference.textContent()).trim();
}

/** Waits up to 5 s for the intake's `step` to be `expected`. */
async function expectStep(step, expected) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await step()) === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(await step(), expected, 'the intake did not reach the expected step');
}

/** The stored request whose motive is `motive` (the test server's test-only view of its store). */
export async function storedSubmission(origin, motive) {
  const response = await fetch(`${origin}/test-api/stored`);
  assert.equal(response.status, 200);
  const all = await response.json();
  return all.find((submission) => submission.payload?.motive === motive);
}
