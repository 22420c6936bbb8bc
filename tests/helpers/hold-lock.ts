/** Child process for lock tests: take the data dir lock, say so, and wait to be killed. */
import { lockDataDir } from '../../src/core/dir-lock.js';

await lockDataDir(process.argv[2]!, { purpose: 'a test child' });
process.stdout.write('held\n');
setInterval(() => {}, 1000);
