export { PeerClient, type PeerClientOptions, type PeerResponse } from './peer-client.ts';
