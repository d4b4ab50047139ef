// Test-only helpers other packages' tests share (`@kfn/graph/testing`, resolved from source
// through the `@kfn/source` condition; not part of the published build).
import { makeRandom } from '../initializers/initializer.js';

export {
  autoencoder,
  buildGuideModel,
  decoder,
  decoderLayers,
  encoder,
  encoderAndAutoencoder,
  encoderLayers,
  ensemble,
  GUIDE_CASES,
  mnistMlp,
  nestedAutoencoder,
  sharedEmbedding,
  TICKET_SIZES,
  ticketModel,
  toyResnet,
} from './guide-models.js';
export type { TicketSizes } from './guide-models.js';

/** Seeded pseudo-random numbers in [0, 1) (mulberry32, the initializers' generator). */
export function rng(seed: number): () => number {
  return makeRandom(seed);
}
