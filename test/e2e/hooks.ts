// Root hooks for the e2e stage (.mocharc.json `require`): the shared code-server and browser
// (workbench.ts sharedSession) stop once every suite is done.
import { stopSharedSession } from './workbench';

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await stopSharedSession();
  },
};
