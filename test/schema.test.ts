import { expect } from '@open-wc/testing';
import { eligibilitySchema, fieldErrors, insuranceSchema } from '../src/schema/index.js';

describe('schema', () => {
  it('asks for text when "other" is chosen, and for the motive', () => {
    expect(fieldErrors(eligibilitySchema, { selected: ['other'], motive: ' ' })).to.deep.equal({
      motive: 'required',
      other: 'required',
    });
  });
  it('needs insurer and coverage answer for a private insurance', () => {
    expect(fieldErrors(insuranceSchema, { hasPrivateInsurance: true })).to.deep.equal({
      insurer: 'required',
      coverageConfirmed: 'required',
    });
    expect(fieldErrors(insuranceSchema, { hasPrivateInsurance: false })).to.deep.equal({});
  });
});
