export { PeerClient, type PeerClientOptions, type PeerResponse } from './peer-client.ts';
export { isTransientPeerFailure, peerFailureReason } from './peer-failure.ts';
export { sourceBoundFetch, type PeerFetch } from './source-bound-fetch.ts';
