import { createPictureCommand } from './pictures.js';

/** `/map <place or actor> [since:]`: where the incidents were, as a map. */
export const mapCommand = createPictureCommand('map');
