// Test-only helpers other packages' tests share (`@kfn/graph/testing`, resolved from source
// through the `@kfn/source` condition; not part of the published build).
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
