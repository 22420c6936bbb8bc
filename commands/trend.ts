import { createPictureCommand } from './pictures.js';

/** `/trend <place or actor> [since:]`: incidents per day or week, as a timeline. */
export const trendCommand = createPictureCommand('timeline');
