/**
 * Issue #12, "What patients read and hear": what the accessibility tree exposes, where the
 * keyboard goes, what a text-spacing override does, and what the messages say, in the intake.
 */
import { expect } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode } from '@web/test-runner-commands';
import '../src/define.js';
import { deepActiveElement } from './helpers.js';
import { clearServer, clickContinue, intake, root } from './intake-flow.js';

/** A node of the accessibility tree as Chromium (through Puppeteer) reports it. */
interface AxNode {
  role: string;
  name?: string;
  focused?: boolean;
  required?: boolean;
  children?: AxNode[];
}

async function axTree(): Promise<AxNode> {
  return (await a11ySnapshot({})) as unknown as AxNode;
}

function axFind(tree: AxNode, test: (node: AxNode) => boolean): AxNode | null {
  return findAccessibilityNode<AxNode>(tree as AxNode & { children: AxNode[] }, test);
}

beforeEach(clearServer);

describe('intake accessibility (issue #12)', () => {
  describe('Error summary', () => {
    it('is an alert that takes focus, announced again on every failed Continue', async () => {
      const el = await intake();
      await clickContinue(el);
      await clickContinue(el);
      const summary = root(el).querySelector<HTMLElement>('#error-summary')!;
      expect(deepActiveElement()).to.equal(summary);
      const tree = await axTree();
      const alert = axFind(tree, (node) => node.role === 'alert');
      expect(alert, 'an alert in the accessibility tree').to.exist;
      expect(alert!.focused).to.equal(true);
      // A generic may not be named: no aria-labelledby/aria-label on the summary.
      expect(summary.hasAttribute('aria-labelledby') || summary.hasAttribute('aria-label')).to.be
        .false;
      await clickContinue(el);
      const again = root(el).querySelector<HTMLElement>('#error-summary')!;
      expect(again, 'inserted anew, so the alert fires again').not.to.equal(summary);
      expect(deepActiveElement()).to.equal(again);
    });
  });
});
